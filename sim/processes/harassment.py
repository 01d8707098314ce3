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
from sim.world.cell_index import distinct_counts
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
    able: np.ndarray,
    hazard: np.ndarray,
    opportunity: np.ndarray,
    u: np.ndarray,
) -> np.ndarray:
    """Which harassers harass this tick: each of those ``able`` (free, in a street cell with a
    woman present) with probability ``p_harass_tick * opportunity * exp(-hazard)``, where
    ``opportunity`` (1 by default) is lowered by safer transit. ``u`` holds one uniform per
    harasser, able or not, so the draws do not depend on who is able.

    Args:
        able: positions (among the harassers) of the able ones.
        hazard, opportunity: aligned with ``able``.
        u: this tick's uniform of every harasser.

    Returns:
        A boolean over ``able``: whether each harasses.
    """
    p_harass = p.p_harass_tick * opportunity * np.exp(-hazard)
    return u[able] < p_harass


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
        # One uniform per harasser every tick for the decision and, if on, one for the vehicle
        # (each stream used by this process alone, so drawing first changes no draw).
        u = self._harassment.random(len(h))
        u_vehicle = self._vehicles.random(len(h)) if ev.harassment_in_vehicles else None
        # On the way (trip out, back, outing) means in public and not at the activity place.
        on_the_way = np.flatnonzero((r.public_place != ACTIVITY) & (r.gender[r.public] == WOMAN))
        women_out, women_cells = r.public[on_the_way], r.public_cell[on_the_way]
        if ev.harasser_mobility:
            able, cells, hazard, opportunity = self._choose(
                now, police_at, cameras_visible, women_cells, u
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
            return Batch.of(HARASSMENT, RESIDENT, [], [], [])
        hidden = None
        if ev.harassment_in_vehicles:
            riders = r.transit[women_out]
            hidden = in_vehicle(
                ev, r, h[able], cells, women_cells[riders], n_cells, u_vehicle[able]
            )
            # Inside the vehicle: no street camera, patrol or bystander on the street; safer
            # transit (women-only carriages) acts on every ride; stop wardens do not.
            hazard = np.where(hidden, 0.0, hazard)
            opportunity = np.where(hidden, 1.0 - self.vehicle_relief, opportunity)
        harass = decide_harassment(ev, able, hazard, opportunity, u)
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
        u: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Mobile harassers (out, not barred) choose among where they are and their known
        places (docs/odd.md 7.17a). Returns the harassers (positions among all) with a chosen
        place, that place, and the hazard and opportunity there.

        The chance to harass is at most ``p_harass_tick`` wherever he goes (opportunity is at
        most 1 and hazard at least 0), so a harasser whose uniform ``u`` is not below it
        harasses nowhere: only the others choose (thinning; the same model, with the choice's
        cost proportional to the harassment rather than to the harassers)."""
        r, ev, city = self.residents, self.p, self.city
        rows = self._rows
        keen = np.flatnonzero(
            (u < ev.p_harass_tick) & (r.place[rows] != HOME) & (self.barred_until[rows] <= now.tick)
        )
        none = keen[:0], np.zeros(0, dtype=np.int32), np.zeros(0), np.zeros(0)
        if len(keen) == 0:  # no one to choose
            return none
        # Only public-street cells with a woman on her way are options: the rules run on those.
        where, count = distinct_counts(women_cells)
        street = self._is_street[where]
        where, count = where[street], count[street]
        if len(where) == 0:  # no option anywhere
            return none
        # The options, (n_keen, 1 + k): 1 + the position in ``where`` of each option's cell, 0
        # where not allowed. Option 0 is where he is, option ``1 + j`` his known place ``j``.
        slot_of = self._slot_of  # 1 + position in ``where``; 0 elsewhere
        slot_of[where] = np.arange(1, len(where) + 1)
        table = np.concatenate(
            [slot_of[r.cell[rows[keen]]][:, None], slot_of[self.known[keen]]], axis=1
        )
        slot_of[where] = 0
        at_row, col = np.nonzero(table)  # row by row, each row's options in order
        slot = table[at_row, col] - 1
        # The rules' terms, for each option's cell.
        cells = where[slot]
        women = count[slot] * self._scale
        people = r.footfall[cells] * self._scale
        light = city.lighting[cells] if now.dark else None
        hazard = harassment_hazard(ev, self.k_police, cameras_visible[cells], police_at(cells))
        hazard += bystander_hazard(ev, people, light, self._dark_factor)
        opportunity = 1.0 - self.relief[cells]
        utility = harassment_utility(ev, women, people, hazard, opportunity)
        noise = self._moves.gumbel(size=len(utility))
        who, at = choose_harassment_place(ev, at_row, utility, noise)
        return keen[who], cells[at], hazard[at], opportunity[at]

    def bar(self, harassers: np.ndarray, tick: int) -> None:
        """Bar ``harassers`` (resident rows) arrested at ``tick`` for ``dur_barred_days``."""
        bar_ticks = math.ceil(self.p.dur_barred_days * HOURS_PER_DAY)
        self.barred_until[harassers] = tick + 1 + bar_ticks
