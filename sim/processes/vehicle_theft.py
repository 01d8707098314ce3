"""Vehicle theft: street offenders steal parked cars and motorcycles, a property offence.

A parked vehicle is a stationary target (routine activity theory, Cohen & Felson 1979): it
stands where its owner is, outside her home or at her activity place or evening outing (market,
work, transit stand), and is on the road, out of reach, while she travels between them. Victim
surveys place most vehicle thefts at the owner's home and in the street (ABS Crime
Victimisation, Australia 2013-14: 58% and 32%; secondary). A roaming street offender who robbed
no one this hour tries to steal a vehicle parked near his place (in his block of
``vehicles.reach_m``) with ``vehicles.p_theft_tick``, deterred by the perceived arrest chance of
his place as a street robber is (guardians, lighting, police and the cameras he believes in:
:func:`sim.processes.street_offending.perceived_hazard`, Epstein 2002). Cameras, reporting and
the police then treat the theft as every other incident (:mod:`sim.processes.response`), with
their own random stream.

Every draw comes from the ``vehicle_theft`` stream, so thefts never shift the draws of the
other offences. A block rather than the thief's cell alone: with an agent standing for many
people, most cells hold no owner agent though they hold real vehicles; the theft stays at the
thief's place, where his perceived risk and the cameras' view are.
"""

from __future__ import annotations

import numpy as np

from sim.params import VehicleParams
from sim.processes.victims import pick
from sim.world.cell_index import entries_in, index_by_cell
from sim.world.city import City
from sim.world.offences import STREET_OFFENDER, VEHICLE_THEFT, Batch
from sim.world.residents import ACTIVITY, HOME, OUTING, Residents

PARKED_AT = [HOME, ACTIVITY, OUTING]
"""The places where a vehicle stands parked: wherever its owner is, except on her way out or
back (then it is on the road)."""
PARKED = np.array(PARKED_AT, dtype=np.int8)


def blocks(city: City, reach_m: float) -> tuple[np.ndarray, int]:
    """Each cell's block, squares of ``round(reach_m / cell_size_m)`` cells a side (at least
    one), and the number of blocks."""
    side = max(1, round(reach_m / city.cell_size_m))
    blocks_y = -(-city.height // side)
    block_of_cell = (city.x // side) * blocks_y + city.y // side
    return block_of_cell, int(block_of_cell.max()) + 1


class VehicleTheft:
    """The vehicle-theft process: it owns the vehicles (which residents own one) and each hour
    returns the thefts of vehicles parked where street offenders are.

    Args:
        p: the vehicle parameters.
        residents: the residents (where each owner, and so her vehicle, is).
        city: the city (the grid, for the blocks a thief searches).
        streams: the run's named random streams (``vehicle_theft`` is used).
    """

    def __init__(
        self,
        p: VehicleParams,
        residents: Residents,
        city: City,
        streams: dict[str, np.random.Generator],
    ):
        self.p, self.residents = p, residents
        self.block_of_cell, self.n_blocks = blocks(city, p.reach_m)
        self._rng = streams["vehicle_theft"]
        self.owners = np.flatnonzero(self._rng.random(residents.n) < p.share_owners)

    @property
    def owners(self) -> np.ndarray:
        """Residents who own a vehicle (drawn once), ascending."""
        return self._owners

    @owners.setter
    def owners(self, owners: np.ndarray) -> None:
        self._owners = np.asarray(owners)
        # The blocks of the owners' parking places, as a table by block (places do not change)
        parking = self.residents.places[self._owners][:, PARKED_AT]
        self._owners_by_block = index_by_cell(self.block_of_cell[parking], self.n_blocks)

    def parked(self, blocks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The owners whose vehicle is parked this tick in any of ``blocks``, ascending, and
        the cell it is parked in: the owner's cell, unless she is on her way out or back (then
        the vehicle is on the road). Read from the table of the owners' parking places by
        block, so a few blocks cost a few look-ups, not a pass over every owner."""
        flat, _ = entries_in(*self._owners_by_block, np.unique(blocks))
        i, column = np.divmod(flat, len(PARKED_AT))
        owners = self.owners[np.sort(i[self.residents.place[self.owners[i]] == PARKED[column]])]
        return owners, self.residents.cell[owners]

    def step(self, idle: np.ndarray, cells: np.ndarray, hazard: np.ndarray, risk_aversion: float):
        """This hour's thefts of parked vehicles.

        Each idle offender (roaming, robbing no one this hour) tries a vehicle with
        ``p_theft_tick * (1 - P) ** risk_aversion = p_theft_tick * exp(-risk_aversion *
        hazard)``, where ``P`` is his perceived arrest chance at his place (the street robber's
        rule, :func:`sim.processes.street_offending.decide_offending`); he steals, in his own
        cell, one of the vehicles parked in his block (:func:`blocks`), chosen uniformly: an
        owner agent's vehicle stands for the vehicles parked around her block, as an agent
        stands for ``agent_scale`` people. Nothing if none is parked in the block. One draw per
        offender every tick.

        Args:
            idle: offenders free, roaming and not robbing this hour (bool per offender).
            cells: the cell each offender is in.
            hazard: the perceived arrest hazard at each offender's place.
            risk_aversion: the offenders' exponent on the chance of getting away.

        Returns:
            a batch of vehicle thefts (victim: the owner).
        """
        u = self._rng.random(len(idle))
        tries = idle & (u < self.p.p_theft_tick * np.exp(-risk_aversion * hazard))
        thieves = np.flatnonzero(tries)
        if len(thieves) == 0:
            return Batch.of(VEHICLE_THEFT, STREET_OFFENDER, thieves, thieves, thieves)
        block, at = self.block_of_cell, cells[thieves]
        owners, parked_at = self.parked(block[at])
        victims = pick(block[at], owners, block[parked_at], self._rng, self.n_blocks)
        ok = victims >= 0
        return Batch.of(VEHICLE_THEFT, STREET_OFFENDER, at[ok], thieves[ok], victims[ok])
