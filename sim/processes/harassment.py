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

from sim.params import EverydayParams, SimParams
from sim.processes.harasser_choice import (
    bystander_hazard,
    choose_harassment_place,
    harassment_utility,
    in_vehicle,
    make_harasser_places,
)
from sim.processes.victims import cell_mask, pick
from sim.world.cell_index import distinct_counts, entries_in, index_by_cell
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
    """The harassment process: it owns the harassers, their known places (when mobile) and
    who is barred (after an arrest), and each hour returns the harassment they commit.

    Args:
        city: the city (land use, lighting).
        params: all parameters (everyday; offending.k_police and guardian_dark_factor;
            population.agent_scale).
        residents: the residents (where harassers and women are).
        streams: the run's named random streams.
    """

    def __init__(
        self,
        city: City,
        params: SimParams,
        residents: Residents,
        streams: dict[str, np.random.Generator],
    ):
        p = params.everyday
        self.city, self.p, self.residents = city, p, residents
        self.k_police = params.offending.k_police
        self._dark_factor = params.offending.guardian_dark_factor
        self._scale = params.population.agent_scale
        self.harassers = make_harassers(residents, p, streams["harassers"])
        self._rows = self.harassers.astype(np.intp)  # for indexing: numpy casts int32 each time
        self.barred_until = np.zeros(residents.n, dtype=np.int32)  # int32 lasts 245,000 years
        self._is_street = np.isin(city.land_use, PUBLIC_STREET)
        self._harassment, self._victims = streams["harassment"], streams["victims"]
        self.known = None
        """Mobile harassers' known places ``(n_harassers, n_harasser_places)``, or ``None``."""
        self.relief = np.zeros(city.n_cells)
        """Share by which harassment falls in each cell (safer transit, wardens; 0: none)."""
        self.vehicle_relief = 0.0
        """Share by which harassment inside vehicles falls (safer transit; 0: none)."""
        if p.harasser_mobility:
            homes = residents.home[self.harassers]
            self.known = make_harasser_places(city, p, homes, streams["harasser_places"])
            self._moves = streams["harasser_moves"]
            self._slot_of = np.zeros(city.n_cells, dtype=np.int32)
            self._known_by_cell = index_by_cell(self.known, city.n_cells)
        if p.harassment_in_vehicles:
            self._vehicles = streams["vehicles"]
        self.n_in_vehicle = 0
        """Harassment incidents inside vehicles so far."""

    def make_transit_safer(self, share: float) -> None:
        """Safer transit for women (alternatives.safer_transit): harassment at every transit
        stop and inside every vehicle falls by ``share`` (DESIGN section 5; an assumption)."""
        self.relief = np.where(self.city.land_use == LandUse.TRANSIT, share, self.relief)
        self.vehicle_relief = share

    def staff_stops(self, stops: np.ndarray, effect: float) -> None:
        """Women wardens at ``stops`` (cells): harassment there falls by ``effect`` on top of
        any relief already there (``1 - (1 - relief) * (1 - effect)``); wardens guard the stop,
        not the vehicles (equal_budget.warden_effect, an assumption with its range)."""
        self.relief[stops] = 1.0 - (1.0 - self.relief[stops]) * (1.0 - effect)

    def step(
        self,
        now: Now,
        police_at: Callable[[np.ndarray], np.ndarray],
        cameras_visible: np.ndarray,
    ) -> Batch:
        """Harassers harass a woman on her way (trip out, back, outing) in their street cell,
        or, when mobile, at the place they choose; the relief of safer transit and wardens
        lowers the chance where it applies (:meth:`make_transit_safer`, :meth:`staff_stops`)."""
        r, h, ev, n_cells = self.residents, self.harassers, self.p, self.city.n_cells
        if len(h) == 0:  # nothing to draw or decide
            return Batch.of(HARASSMENT, RESIDENT, [], [], [])
        # On the way (trip out, back, outing) means in public and not at the activity place.
        on_the_way = np.flatnonzero((r.public_place != ACTIVITY) & (r.gender[r.public] == WOMAN))
        women_out, women_cells = r.public[on_the_way], r.public_cell[on_the_way]
        if ev.harasser_mobility:
            able, cells, hazard, opportunity = self._choose(
                now, police_at, cameras_visible, women_cells
            )
        else:
            # Able: out, not barred, in a street cell with a woman on her way. The rules below
            # are evaluated for the able harassers only (positions among all harassers).
            able = np.flatnonzero(r.place[h] != HOME)
            cells = r.cell[h[able]]
            ok = (self.barred_until[h[able]] <= now.tick) & self._is_street[cells]
            ok &= cell_mask(women_cells, n_cells)[cells]
            ok = np.flatnonzero(ok)
            able, cells = able[ok], cells[ok]
            hazard = harassment_hazard(ev, self.k_police, cameras_visible[cells], police_at(cells))
            opportunity = 1.0 - self.relief[cells]
        if len(able) == 0:  # most night hours
            return self._none_able()
        hidden = None
        if ev.harassment_in_vehicles:
            riders = r.transit[women_out]
            u = self._vehicles.random(len(h))[able]
            hidden = in_vehicle(ev, r, h[able], cells, women_cells[riders], n_cells, u)
            # Inside the vehicle: no street camera, patrol or bystander on the street; safer
            # transit (women-only carriages) acts on every ride; stop wardens do not.
            hazard = np.where(hidden, 0.0, hazard)
            opportunity = np.where(hidden, 1.0 - self.vehicle_relief, opportunity)
        harass = decide_harassment(ev, len(h), able, hazard, opportunity, self._harassment)
        cells, offenders = cells[harass], h[able[harass]]
        if hidden is None or not hidden[harass].any():
            victims = pick(cells, women_out, women_cells, self._victims, n_cells)
            return Batch.of(HARASSMENT, RESIDENT, cells, offenders, victims)
        hidden = hidden[harass]
        victims = np.empty(len(cells), dtype=np.int64)
        street = ~hidden
        victims[street] = pick(cells[street], women_out, women_cells, self._victims, n_cells)
        rides = pick(cells[hidden], women_out[riders], women_cells[riders], self._victims, n_cells)
        victims[hidden] = rides
        self.n_in_vehicle += int(hidden.sum())
        return Batch.of(HARASSMENT, RESIDENT, cells, offenders, victims, hidden=hidden)

    def _choose(
        self,
        now: Now,
        police_at: Callable[[np.ndarray], np.ndarray],
        cameras_visible: np.ndarray,
        women_cells: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Mobile harassers (out, not barred) choose among where they are and their known
        places (docs/odd.md 7.17a). Returns the able harassers (positions among all), their
        chosen cells, and the hazard and opportunity there."""
        r, ev, city = self.residents, self.p, self.city
        out = (r.place[self._rows] != HOME) & (self.barred_until[self._rows] <= now.tick)
        able = np.flatnonzero(out)
        # Only public-street cells with a woman on her way are options: the rules run on those.
        where, count = distinct_counts(women_cells)
        street = self._is_street[where]
        where, count = where[street], count[street]
        if len(where) == 0:  # no option anywhere, so no harasser is able
            return able[:0], np.zeros(0, dtype=np.int32), np.zeros(0), np.zeros(0)
        # The rules' terms depend on the cell only: they are computed once per cell of
        # ``where`` and each option takes its cell's (the same arithmetic on the same values).
        women = count * self._scale
        people = r.footfall[where] * self._scale
        light = city.lighting[where] if now.dark else None
        hazard = harassment_hazard(ev, self.k_police, cameras_visible[where], police_at(where))
        hazard += bystander_hazard(ev, people, light, self._dark_factor)
        opportunity = 1.0 - self.relief[where]
        utility = harassment_utility(ev, women, people, hazard, opportunity)
        rows, slot = self._options(out, able, where)
        who, at = choose_harassment_place(ev, rows, utility[slot], self._moves)
        at = slot[at]
        return able[who], where[at], hazard[at], opportunity[at]

    def _none_able(self) -> Batch:
        """No harasser is able this tick: no harassment, after the draws every tick makes (a
        uniform per harasser for the vehicle, if on, and one for the decision), so that later
        draws stay the same as on the full path."""
        n = len(self.harassers)
        if self.p.harassment_in_vehicles:
            self._vehicles.random(n)
        self._harassment.random(n)
        return Batch.of(HARASSMENT, RESIDENT, [], [], [])

    def _options(
        self, out: np.ndarray, able: np.ndarray, where: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """The allowed options of the able harassers (``out`` over all harassers, ``able`` its
        positions) as ``(rows, slots)``: the position among the able and the position in
        ``where`` (the public-street cells with a woman on her way) of each option's cell.
        Option 0 is where he is, option ``1 + j`` his known place ``j``. Ordered by row, then
        option: the order of ``np.nonzero`` over the ``(n_able, 1 + k)`` table of options,
        which is the order of the choice's draws. Known places are looked up from the cells
        ``where`` (few) rather than for every harasser."""
        k = self.known.shape[1]
        slot_of = self._slot_of  # 1 + position in ``where``; 0 elsewhere
        slot_of[where] = np.arange(1, len(where) + 1)
        # The table of options, (n_able, 1 + k): 1 + the slot of each option's cell, 0 where
        # the option is not allowed. Column 0 (where he is) is read from the cell; the known
        # places are filled in from the cells ``where``.
        table = np.zeros((len(able), k + 1), dtype=np.int32)
        table[:, 0] = slot_of[self.residents.cell[self._rows[able]]]
        slot_of[where] = 0
        if k:
            flat, slot = entries_in(*self._known_by_cell, where)
            who, j = np.divmod(flat, k)
            keep = np.flatnonzero(out[who])
            position = np.cumsum(out) - 1  # a harasser's position among the able
            table[position[who[keep]], j[keep] + 1] = slot[keep] + 1
        rows, cols = np.nonzero(table)
        return rows, table[rows, cols] - 1

    def bar(self, harassers: np.ndarray, tick: int) -> None:
        """Bar ``harassers`` (resident rows) arrested at ``tick`` for ``dur_barred_days``."""
        bar_ticks = math.ceil(self.p.dur_barred_days * HOURS_PER_DAY)
        self.barred_until[harassers] = tick + 1 + bar_ticks
