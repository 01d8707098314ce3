"""``SafeCityModel``: the Mesa model shell around the array-based populations and rules.

One tick is one hour. Within a tick (DESIGN section 3): scheduled policy events run first (Mesa
events between steps); at day start cameras fail or are repaired and residents decide whether to
travel; residents move and footfall is counted; free offenders choose a known place and decide
whether to offend; cameras may capture the incident and an operator may raise an alert; victims
report; police record, respond and may arrest; offenders learn where cameras are; officers patrol;
the per-tick series is collected.
"""

from __future__ import annotations

import math

import mesa
import numpy as np
from mesa.datacollection import DataCollector

from sim import cameras as cam
from sim.city import City, build_city
from sim.eventlog import EventLog
from sim.offending import (
    choose_places,
    decide_offending,
    learn_cameras,
    make_offenders,
    perceived_hazard,
)
from sim.params import SimParams
from sim.policing import Patrol, block_presence, dispatch, make_police
from sim.presets import make_params
from sim.residents import (
    BACK,
    HOURS_PER_DAY,
    OUT,
    WOMAN,
    decide_travel,
    footfall,
    make_residents,
    move_residents,
)
from sim.streams import make_streams

SERIES = {
    "incidents": "tick_incidents",
    "in_view": "tick_in_view",
    "detected": "tick_detected",
    "alerted": "tick_alerted",
    "reported": "tick_reported",
    "recorded": "tick_recorded",
    "arrests": "tick_arrests",
    "people_out": "tick_people_out",
    "offenders_roaming": "tick_offenders_roaming",
    "offenders_jailed": "tick_offenders_jailed",
    "police_busy": "tick_police_busy",
    "cameras_working": "tick_cameras_working",
}
"""Per-tick series: column name to the model attribute the DataCollector reads."""


class SafeCityModel(mesa.Model):
    """A city with residents, street offenders, police and (perhaps) cameras.

    Args:
        params: all parameters; ``None`` runs the teaching town's defaults.
        seed: root seed; overrides ``params.run.seed`` when given.
        city: a ready-made city (for hand-built test worlds); by default it is built from
            ``params.city``.

    Example:
        >>> model = SafeCityModel(seed=3)
        >>> model.run_days(1)
        >>> events = model.events.to_frame()
    """

    def __init__(
        self, params: SimParams | None = None, *, seed: int | None = None, city: City | None = None
    ):
        params = params or SimParams()
        if seed is not None:
            params = params.with_overrides({"run": {"seed": seed}})
        super().__init__(rng=params.run.seed)
        self.params = params
        self.streams = make_streams(params.run.seed)
        self.city = city if city is not None else build_city(params.city, self.streams["city"])
        self.layers = self.city.layers
        pop, s = params.population, params.surveillance
        self.agent_scale = pop.agent_scale
        self.residents = make_residents(self.city, pop, self.streams["population"])
        self.offenders = make_offenders(
            self.city, params.offending, self.residents.n, self.streams["population"]
        )
        self.police = make_police(
            self.city, params.policing, pop.n_people, pop.agent_scale, self.streams["policing"]
        )
        self.patrol = Patrol(self.city, params.policing)
        self.cameras = cam.no_cameras(self.city.n_cells)
        self.events = EventLog()
        self.recorded_per_cell = np.zeros(self.city.n_cells, dtype=np.int64)
        self.people = np.zeros(self.city.n_cells)
        _, self._block_of_cell = block_presence(self.city, self.police, params.policing.block_cells)
        self._schedule_policy_events(s)
        self._reset_tick_counters()
        self.datacollector = DataCollector(model_reporters=SERIES)

    @classmethod
    def from_preset(
        cls, preset: str = "town", *, seed: int | None = None, overrides=None
    ) -> SafeCityModel:
        """A model of a named city preset (``town``, ``lahore``) with optional overrides."""
        return cls(make_params(preset, overrides), seed=seed)

    # --- time -------------------------------------------------------------------------------

    @property
    def tick(self) -> int:
        """The hour being simulated (0-based): step ``k`` (at Mesa time ``k``) simulates tick
        ``k - 1``."""
        return self.steps - 1

    @staticmethod
    def time_before_tick(tick: int) -> float:
        """Mesa time at which an event runs before tick ``tick`` (between two steps)."""
        return tick + 0.5

    def run_days(self, days: int | None = None, progress: bool = False) -> None:
        """Simulate ``days`` days (default ``params.run.days``), with an optional progress bar."""
        n_ticks = (self.params.run.days if days is None else days) * HOURS_PER_DAY
        if progress:
            from tqdm import tqdm

            with tqdm(total=n_ticks, unit="h", desc="simulating", mininterval=0.5) as bar:
                for _ in range(n_ticks):
                    self.step()
                    bar.update()
        else:
            for _ in range(n_ticks):
                self.step()

    # --- scheduled policy events ------------------------------------------------------------

    def _schedule_policy_events(self, s) -> None:
        """Cameras switched on at ``install_day``; the outage window; all as Mesa events."""
        if s.placement == "none":
            return
        self.schedule_event(
            self.install_cameras, at=self.time_before_tick(s.install_day * HOURS_PER_DAY)
        )
        if s.outage_days > 0:
            self.schedule_event(
                self.start_outage, at=self.time_before_tick(s.outage_start_day * HOURS_PER_DAY)
            )
            end = (s.outage_start_day + s.outage_days) * HOURS_PER_DAY
            self.schedule_event(self.end_outage, at=self.time_before_tick(end))

    def install_cameras(self) -> None:
        """Place the camera sites by the configured strategy and switch them on."""
        s = self.params.surveillance
        r = self.residents
        women_commuters = (r.gender == WOMAN) & r.transit
        routes = np.concatenate([r.places[women_commuters, OUT], r.places[women_commuters, BACK]])
        weights = cam.placement_weights(
            s.placement,
            self.city,
            heat=self.recorded_per_cell,
            visits=np.bincount(r.places[:, OUT : BACK + 1].ravel(), minlength=self.city.n_cells),
            homes=np.bincount(r.home, minlength=self.city.n_cells),
            women_routes=np.bincount(routes, minlength=self.city.n_cells),
        )
        sites = cam.choose_sites(self.city, s, weights, self.streams["cameras"])
        self.cameras = cam.install_cameras(self.city, s, sites)

    def start_outage(self) -> None:
        """A vendor outage switches off ``outage_share`` of the cameras."""
        cam.start_outage(
            self.cameras, self.params.surveillance.outage_share, self.streams["cameras"]
        )

    def end_outage(self) -> None:
        """The outage ends; every camera it switched off is on again."""
        cam.end_outage(self.cameras)

    # --- the step ---------------------------------------------------------------------------

    def _reset_tick_counters(self) -> None:
        for attr in SERIES.values():
            setattr(self, attr, 0)

    def is_dark(self, hour: int) -> bool:
        """Whether ``hour`` is after dark."""
        c = self.params.city
        return not c.daylight_start_hour <= hour < c.daylight_end_hour

    def step(self) -> None:
        """Simulate one hour."""
        tick = self.tick
        hour = tick % HOURS_PER_DAY
        self._reset_tick_counters()
        if hour == 0:
            self._start_day()

        r = self.residents
        move_residents(r, hour)
        self.people = footfall(r, self.city.n_cells) * self.agent_scale

        self._offend(tick, hour)
        self.patrol.move(self.police, tick, self.streams["policing"])

        self.tick_people_out = int(r.in_public.sum())
        self.tick_offenders_jailed = int((~self.offenders.free(tick)).sum())
        self.tick_police_busy = int((~self.police.free(tick)).sum())
        self.tick_cameras_working = int(self.cameras.working.sum())
        self.datacollector.collect(self)

    def _start_day(self) -> None:
        """Day start: camera failures and repairs, patrol map, residents' travel decisions."""
        s = self.params.surveillance
        if self.cameras.n and cam.fail_and_repair(self.cameras, s, self.streams["cameras"]):
            self.cameras.update_coverage()
        self.patrol.new_day()
        decide_travel(self.residents, self.params.population, self.streams["schedule"])

    def _offend(self, tick: int, hour: int) -> None:
        """Offenders choose places and decide to offend; incidents go to detection and police."""
        p, off, city = self.params.offending, self.offenders, self.city
        if off.n == 0:
            return
        places = off.places
        people = self.people[places]
        if self.is_dark(hour):
            light = city.lighting[places]
            visibility = p.guardian_dark_factor + (1.0 - p.guardian_dark_factor) * light
        else:
            visibility = np.ones(places.shape)
        police_blocks, _ = block_presence(city, self.police, self.params.policing.block_cells)
        police = police_blocks[self._block_of_cell[places]] * self.agent_scale
        hazard = perceived_hazard(p, people, visibility, police, off.camera_belief)

        off.choice[:] = choose_places(p, people, hazard, self.streams["movement"])
        rows = np.arange(off.n)
        roaming = off.free(tick) & (p.active_start_hour <= hour < p.active_end_hour)
        offends = decide_offending(
            p,
            roaming,
            people[rows, off.choice],
            hazard[rows, off.choice],
            self.streams["offending"],
        )
        learn_cameras(p, off, roaming, self.cameras.visible, self.streams["movement"])
        self.tick_offenders_roaming = int(roaming.sum())
        if offends.any():
            self._handle_incidents(tick, hour, np.flatnonzero(offends))

    def _pick_victims(self, cells: np.ndarray) -> np.ndarray:
        """One resident present in public at each incident cell, uniformly at random."""
        r = self.residents
        public = np.flatnonzero(r.in_public)
        where = r.cell[public]
        mask = np.isin(where, cells)
        cand, cand_cell = public[mask], where[mask]
        order = np.argsort(cand_cell, kind="stable")
        cand, cand_cell = cand[order], cand_cell[order]
        start = np.searchsorted(cand_cell, cells, side="left")
        count = np.searchsorted(cand_cell, cells, side="right") - start
        u = self.streams["victims"].random(len(cells))
        return cand[start + (u * count).astype(np.int64)]

    def _handle_incidents(self, tick: int, hour: int, offenders: np.ndarray) -> None:
        """Detection, alert, reporting, recording, response and arrest for this tick's incidents.

        Rules (see docs/odd.md for sources): a working camera in view captures an incident with a
        probability that falls with darkness (VALIDATION CCTV in investigations); under active
        monitoring an operator notices a capture and alerts police; the victim reports and the
        police record; an officer in the cell intervenes; the nearest free officer responds and
        arrests if in time; captured footage of a recorded incident may identify the offender.
        """
        s, pol, city = self.params.surveillance, self.params.policing, self.city
        n = len(offenders)
        cells = self.offenders.cell[offenders]
        victims = self._pick_victims(cells)

        in_view = self.cameras.coverage[cells] > 0
        light = city.lighting[cells] if self.is_dark(hour) else np.ones(n)
        p_capture = s.p_detect_dark + (s.p_detect_lit - s.p_detect_dark) * light
        u_det = self.streams["detection"].random((2, n))
        detected = in_view & (u_det[0] < p_capture)
        alerted = detected & (s.monitoring == "active") & (u_det[1] < s.p_operator_notices)

        u_rep = self.streams["reporting"].random((2, n))
        reported = u_rep[0] < pol.p_report
        recorded = alerted | (reported & (u_rep[1] < pol.p_record))

        u_pol = self.streams["policing"].random((4, n))
        patrolling_here = np.isin(cells, self.police.cell[self.police.free(tick)])
        intervened = patrolling_here & (u_pol[0] < pol.p_intervene)
        needs_response = recorded & ~intervened
        delay = np.where(alerted, 0.0, pol.report_delay_min)[needs_response]
        officer = np.full(n, -1)
        response_min = np.full(n, np.nan)
        officer[needs_response], response_min[needs_response] = dispatch(
            city, pol, self.police, tick, cells[needs_response], delay
        )
        responded = officer >= 0
        in_time = responded & (np.nan_to_num(response_min, nan=np.inf) <= pol.arrest_window_min)
        arrested = intervened | (in_time & (u_pol[1] < pol.p_arrest_on_scene))
        arrested |= detected & recorded & (u_pol[2] < s.p_footage_identifies)
        arrested |= recorded & (u_pol[3] < pol.p_clear_by_investigation)

        jail_ticks = math.ceil(self.params.offending.dur_jail_days * HOURS_PER_DAY)
        self.offenders.jailed_until[offenders[arrested]] = tick + 1 + jail_ticks
        np.add.at(self.recorded_per_cell, cells[recorded], 1)
        self.patrol.add_recorded(cells[recorded])

        r = self.residents
        self.events.append(
            tick=np.full(n, tick),
            x=city.x[cells],
            y=city.y[cells],
            district=city.district[cells],
            offence=np.zeros(n),
            offender=offenders,
            victim=victims,
            victim_gender=r.gender[victims],
            victim_group=r.group[victims],
            in_view=in_view,
            detected=detected,
            alerted=alerted,
            reported=reported,
            recorded=recorded,
            responded=responded,
            response_min=response_min,
            arrested=arrested,
        )
        self.tick_incidents = n
        self.tick_in_view = int(in_view.sum())
        self.tick_detected = int(detected.sum())
        self.tick_alerted = int(alerted.sum())
        self.tick_reported = int(reported.sum())
        self.tick_recorded = int(recorded.sum())
        self.tick_arrests = int(arrested.sum())

    # --- outputs ----------------------------------------------------------------------------

    def series(self):
        """The per-tick series as a DataFrame indexed by tick."""
        df = self.datacollector.get_model_vars_dataframe()
        df.index = np.arange(len(df))
        df.index.name = "tick"
        return df

    def facts(self) -> dict:
        """Sizes of this run's world, for the summary."""
        return {
            "seed": self.params.run.seed,
            "n_cells": self.city.n_cells,
            "area_km2": self.city.area_km2,
            "agent_scale": self.agent_scale,
            "n_residents": self.residents.n,
            "n_offenders": self.offenders.n,
            "n_officers": self.police.n,
            "n_cameras": self.cameras.n,
            "n_sites": len(self.cameras.site_cell),
            "coverage_share": float((self.cameras.visible > 0).mean()),
            "event_log_bytes": self.events.nbytes,
        }
