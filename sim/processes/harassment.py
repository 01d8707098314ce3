"""Harassment of women in streets, at transit stops and on the way.

Harassers are men among the residents: they harass in the course of their own routine, wherever
it takes them, when women are present in a street cell (routine activity theory, Cohen & Felson
1979). Police rarely act on harassment; that enforcement gap scales how much harassers fear
cameras and police, and so how much cameras can deter harassment.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from sim.params import EverydayParams
from sim.processes.victims import cell_mask, pick
from sim.world.city import PUBLIC_STREET, City, LandUse
from sim.world.clock import HOURS_PER_DAY, Now
from sim.world.offences import HARASSMENT, RESIDENT, Batch
from sim.world.residents import ACTIVITY, HOME, MAN, WOMAN, Residents


def make_harassers(r: Residents, p: EverydayParams, rng: np.random.Generator) -> np.ndarray:
    """Indices of the residents who harass: each man with probability ``harasser_share``."""
    draws = rng.random(r.n)
    return np.flatnonzero((r.gender == MAN) & (draws < p.harasser_share)).astype(np.int32)


def harassment_hazard(
    p: EverydayParams, k_police: float, cameras_visible: np.ndarray, police: np.ndarray
) -> np.ndarray:
    """A harasser's perceived hazard where he is: ``p_police_act_harassment * (
    k_camera_harassment * [camera in view] + k_police * officers in the block)``. Deterrence is
    Epstein's (2002) form, discounted by how rarely police act (assumption, docs/odd.md)."""
    watched = (cameras_visible > 0).astype(float)
    return p.p_police_act_harassment * (p.k_camera_harassment * watched + k_police * police)


def decide_harassment(
    p: EverydayParams,
    n_harassers: int,
    able: np.ndarray,
    hazard: np.ndarray,
    opportunity: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    """Which harassers harass this tick: each of those ``able`` (free, in a street cell with a
    woman present) with probability ``p_harass_tick * opportunity * exp(-hazard)``, where
    ``opportunity`` (1 by default) is lowered by safer transit. One draw per harasser, able or
    not, so the draws do not depend on who is able.

    Args:
        n_harassers: number of harassers.
        able: positions (among the harassers) of the able ones.
        hazard, opportunity: aligned with ``able``.

    Returns:
        A boolean over ``able``: whether each harasses.
    """
    p_harass = p.p_harass_tick * opportunity * np.exp(-hazard)
    return rng.random(n_harassers)[able] < p_harass


class Harassment:
    """The harassment process: it owns the harassers and who is barred (after an arrest) and
    each hour returns the harassment they commit.

    Args:
        city: the city (land use).
        p: the everyday-crime parameters.
        k_police: deterrence per officer in the block (``OffendingParams.k_police``).
        residents: the residents (where harassers and women are).
        streams: the run's named random streams.
    """

    def __init__(
        self,
        city: City,
        p: EverydayParams,
        k_police: float,
        residents: Residents,
        streams: dict[str, np.random.Generator],
    ):
        self.city, self.p, self.k_police, self.residents = city, p, k_police, residents
        self.harassers = make_harassers(residents, p, streams["harassers"])
        self.barred_until = np.zeros(residents.n, dtype=np.int32)  # int32 lasts 245,000 years
        self._is_street = np.isin(city.land_use, PUBLIC_STREET)
        self._harassment, self._victims = streams["harassment"], streams["victims"]

    def step(
        self,
        now: Now,
        police_at: Callable[[np.ndarray], np.ndarray],
        cameras_visible: np.ndarray,
        safer_transit: float,
    ) -> Batch:
        """Harassers on their routine harass a woman on her way (trip out, back, outing) in
        their street cell; ``safer_transit`` (0 without the alternative) lowers the chance at
        transit stops."""
        r, h, ev, n_cells = self.residents, self.harassers, self.p, self.city.n_cells
        if len(h) == 0:  # nothing to draw or decide
            return Batch.of(HARASSMENT, RESIDENT, [], [], [])
        # On the way (trip out, back, outing) means in public and not at the activity place.
        on_the_way = np.flatnonzero((r.public_place != ACTIVITY) & (r.gender[r.public] == WOMAN))
        women_out, women_cells = r.public[on_the_way], r.public_cell[on_the_way]
        # Able: out, not barred, in a street cell with a woman on her way. The rules below are
        # evaluated for the able harassers only (positions among all harassers).
        able = np.flatnonzero(r.place[h] != HOME)
        cells = r.cell[h[able]]
        ok = (self.barred_until[h[able]] <= now.tick) & self._is_street[cells]
        ok &= cell_mask(women_cells, n_cells)[cells]
        ok = np.flatnonzero(ok)
        able, cells = able[ok], cells[ok]
        hazard = harassment_hazard(ev, self.k_police, cameras_visible[cells], police_at(cells))
        at_stop = self.city.land_use[cells] == LandUse.TRANSIT
        harass = decide_harassment(
            ev, len(h), able, hazard, 1.0 - safer_transit * at_stop, self._harassment
        )
        cells = cells[harass]
        victims = pick(cells, women_out, women_cells, self._victims, n_cells)
        return Batch.of(HARASSMENT, RESIDENT, cells, h[able[harass]], victims)

    def bar(self, harassers: np.ndarray, tick: int) -> None:
        """Bar ``harassers`` (resident rows) arrested at ``tick`` for ``dur_barred_days``."""
        bar_ticks = math.ceil(self.p.dur_barred_days * HOURS_PER_DAY)
        self.barred_until[harassers] = tick + 1 + bar_ticks
