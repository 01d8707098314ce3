"""``SafeCityModel``: the Mesa model shell that builds the world and the processes and runs
them in the order of the ODD's schedule.

One tick is one hour. Scheduled policy events run first (Mesa events between steps); then
:meth:`SafeCityModel.step` runs the processes (:mod:`sim.processes`), each owning its state and
returning what happened; the shell applies arrests to the processes that own the offenders, logs
the incidents and assembles the tick's row of the series from what the processes returned.
"""

from __future__ import annotations

import copy
import numbers
import warnings

import mesa
import numpy as np
import pandas as pd

from sim.outputs.eventlog import EventLog
from sim.outputs.resident_table import resident_outcomes
from sim.outputs.series import SERIES, TOTALS, SeriesCollector
from sim.params import SimParams
from sim.params.declare import ParamError, ParamWarning
from sim.processes.alternatives import apply_uniform, spend
from sim.processes.cameras import Cameras, Surveillance
from sim.processes.domestic import DomesticViolence, Households
from sim.processes.face_recognition import FaceRecognition
from sim.processes.harassment import Harassment
from sim.processes.offender_population import OffenderPopulation
from sim.processes.policing import Police, Policing
from sim.processes.reporting import initial_trust
from sim.processes.response import Response, watchlist
from sim.processes.sanctions import Sanctions
from sim.processes.street_offending import Offenders, StreetOffending
from sim.processes.travel import Travel
from sim.processes.vehicle_theft import VehicleTheft
from sim.world.arguments import UNSET, model_arguments
from sim.world.city import City, build_city
from sim.world.clock import HOURS_PER_DAY, Now
from sim.world.offences import CATEGORIES, CATEGORY_CODE, DOMESTIC_VIOLENCE, HARASSMENT, Batch
from sim.world.presets import make_params
from sim.world.residents import make_residents
from sim.world.streams import MECHANISM_STREAM_NAMES, STREAM_NAMES, make_streams


class SafeCityModel(mesa.Model):
    """A city with residents, street offenders, harassers, households, police and cameras.

    Args:
        params: all parameters; ``None`` runs the city preset's defaults.
        seed: root seed; overrides ``params.run.seed`` when given; ``None`` draws fresh entropy,
            kept in ``self.entropy`` (Mesa's convention; see :mod:`sim.world.arguments`).
        rng: Mesa's name for the seed (a whole number, a numpy Generator or SeedSequence).
        city: a city preset name, or a ready-made ``City`` (for hand-built test worlds); by
            default the city is built from ``params.city``.
        policy: a registered policy (:mod:`sim.params.policies`) applied to the parameters.
        **parameters: values by dotted path, ``**{"surveillance.sites_per_km2": 0.5}``.

    Example:
        >>> model = SafeCityModel(seed=3)
        >>> model.run_days(1)
        >>> events = model.events.to_frame()
    """

    def __init__(
        self,
        params: SimParams | None = None,
        *,
        seed: int | None = UNSET,
        rng=UNSET,
        city: City | str | None = None,
        policy: str | None = None,
        **parameters,
    ):
        args = model_arguments(
            params, seed=seed, rng=rng, city=city, policy=policy, parameters=parameters
        )
        params, city, self.entropy = args.params, args.city, args.entropy
        super().__init__(rng=params.run.seed)
        self.params = params
        self.streams = streams = make_streams(
            params.run.seed, STREAM_NAMES + MECHANISM_STREAM_NAMES
        )
        # A given city is copied: policies (street lighting) change a run's city in place.
        self.city = (
            copy.deepcopy(city) if city is not None else build_city(params.city, streams["city"])
        )
        self.layers = self.city.layers
        pop = params.population
        self.agent_scale = pop.agent_scale
        self.residents = r = make_residents(self.city, pop, streams["population"])
        r.trust = initial_trust(params.trust, r.n, streams["trust"])
        # The processes, each owning its state (docs/design-decisions.md).
        self.surveillance = Surveillance(self.city, params.surveillance, streams)
        self.street_offending = StreetOffending(self.city, params, r, self.agent_scale, streams)
        self.population = OffenderPopulation(
            params.careers, params.offending, self.city, self.street_offending, streams
        )
        self.sanctions = Sanctions(params.sanctions, params.offending, streams["sanctions"])
        self.harassment = Harassment(self.city, params, r, streams)
        p_man_home = 1.0 - pop.p_travel_day_men
        self.domestic = DomesticViolence(
            r, params.everyday, pop.household_size, p_man_home, streams
        )
        self.policing = Policing(
            self.city, params.policing, pop.n_people, self.agent_scale, streams
        )
        self.travel = Travel(
            self.city,
            pop,
            params.fear,
            r,
            self.agent_scale,
            self.is_dark,
            self.surveillance.cameras.visible,
            streams,
        )
        self.response = Response(self.city, params, r, streams)
        # Vehicle thefts go through the same response on their own stream: they never shift
        # the other incidents' draws.
        self.vehicle_theft = VehicleTheft(params.vehicles, r, self.city, streams)
        self.vehicle_response = Response(self.city, params, r, streams, "vehicle_response")
        if params.surveillance.fr_watchlist_share < 1.0:
            u = streams["watchlist"].random(r.n)
            on_list = watchlist(params.surveillance, self.offenders, u)
            self.response.watchlisted = self.vehicle_response.watchlisted = on_list
        self.harassers_arrested = 0
        self.face_recognition = FaceRecognition(r, params.surveillance, params.trust, streams)
        self.events = EventLog()
        self.now: dict[str, float] = dict.fromkeys(SERIES, 0)
        """This tick's row of the series, assembled by :meth:`step`."""
        self.alternatives_on = False
        self.purchase = None
        """What the equal budget bought (:class:`sim.processes.alternatives.Purchase`)."""
        # Cells a policy changed (in camera view, relit, safer stops): the treatment area.
        self.policy_footprint = np.zeros(self.city.n_cells, dtype=bool)
        self._schedule_policy_events()
        self.totals: dict[str, float] = dict.fromkeys(TOTALS, 0)
        """Running totals of the count series since the first tick (``<name>_total``)."""
        self.datacollector = SeriesCollector()

    @classmethod
    def from_preset(
        cls, preset: str = "town", *, seed: int | None = None, overrides=None
    ) -> SafeCityModel:
        """A model of a named city preset (``town``, ``lahore``) with optional overrides."""
        return cls(make_params(preset, overrides), **({} if seed is None else {"seed": seed}))

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

    def is_dark(self, hour: int) -> bool:
        """Whether ``hour`` is after dark."""
        c = self.params.city
        return not c.daylight_start_hour <= hour < c.daylight_end_hour

    def run_days(self, days: int | None = None, progress: bool = False) -> None:
        """Simulate ``days`` days (default ``params.run.days``), with an optional progress bar.

        Raises ParamError for ``days`` not a whole number >= 0 or ``progress`` not a boolean;
        warns (ParamWarning) when a full run ends before a policy starts
        (:meth:`SimParams.late_policies`)."""
        if days is None:
            days = self.params.run.days
            for what in self.params.late_policies():
                warnings.warn(what, ParamWarning, stacklevel=2)
        if isinstance(days, bool) or not isinstance(days, numbers.Integral) or days < 0:
            raise ParamError(f"run_days(days={days!r}): expected a whole number of days >= 0")
        if not isinstance(progress, bool):
            raise ParamError(f"run_days(progress={progress!r}): expected True or False")
        n_ticks = int(days) * HOURS_PER_DAY
        if not progress:
            for _ in range(n_ticks):
                self.step()
            return
        from tqdm import tqdm

        with tqdm(total=n_ticks, unit="h", desc="simulating", mininterval=0.5) as bar:
            for _ in range(n_ticks):
                self.step()
                bar.update()

    # --- scheduled policy events ------------------------------------------------------------

    def _schedule_policy_events(self) -> None:
        """Alternatives switched on at their start day; cameras switched on at
        ``install_day``; the outage window; all as Mesa events."""
        if self.params.alternatives.active or self.params.equal_budget.active:
            day = self.params.alternatives.start_day
            self.schedule_event(
                self.start_alternatives, at=self.time_before_tick(day * HOURS_PER_DAY)
            )
        s = self.params.surveillance
        if s.placement == "none":
            return
        self.schedule_event(
            self.install_cameras, at=self.time_before_tick(s.install_day * HOURS_PER_DAY)
        )
        if s.outage_days > 0:
            start = (s.install_day + s.outage_after_install_days) * HOURS_PER_DAY
            end = start + s.outage_days * HOURS_PER_DAY
            self.schedule_event(self.surveillance.start_outage, at=self.time_before_tick(start))
            self.schedule_event(self.surveillance.end_outage, at=self.time_before_tick(end))

    def install_cameras(self) -> None:
        """Place the camera sites by the configured strategy and switch them on; keep the
        officers for camera alerts at the sites."""
        cams = self.surveillance.install(self.residents, heat=self.policing.recorded_per_cell)
        self.policing.keep_units_for_alerts(cams.site_cell, self.params.surveillance.response_units)
        self.street_offending.launch(cams.visible)
        self.policy_footprint |= cams.visible > 0

    def start_alternatives(self) -> None:
        """The alternatives start: the uniform levers
        (:func:`sim.processes.alternatives.apply_uniform`) and the equal budget
        (:func:`sim.processes.alternatives.spend`)."""
        self.policy_footprint |= apply_uniform(self.city, self.params.alternatives, self.harassment)
        if self.params.equal_budget.active:
            self.purchase, cells = spend(self.city, self.params, self.harassment, self.response)
            self.policy_footprint |= cells
        self.alternatives_on = True

    # --- the step ---------------------------------------------------------------------------

    def step(self) -> None:
        """Simulate one hour: the processes in the order of the ODD's schedule."""
        hour = self.tick % HOURS_PER_DAY
        now = Now(tick=self.tick, hour=hour, dark=self.is_dark(hour))
        cams, police_at = self.cameras, self.policing.police_at
        row = dict.fromkeys(SERIES, 0)
        if hour == 0:
            row.update(self._start_day(now))
        self.travel.move(hour)
        self.policing.count_presence()
        street, row["offenders_roaming"] = self.street_offending.step(now, police_at, cams.visible)
        harassment = self.harassment.step(now, police_at, cams.visible)
        batches = [b for b in (*street, harassment, self.domestic.step(now)) if len(b)]
        if batches:
            row.update(self._respond(Batch.concat(batches), now, self.response))
        thefts = self.vehicle_theft.step(*self.street_offending.opportunity())
        if len(thefts):
            for name, count in self._respond(thefts, now, self.vehicle_response).items():
                row[name] += count
        if self.params.surveillance.face_recognition and cams.n:
            row.update(self.face_recognition.step(cams.covered))
        self.policing.move(now.tick)
        self.travel.end_hour()
        row.update(
            people_out=self.residents.n_public,
            offenders_jailed=self.street_offending.n_jailed(now.tick),
            police_busy=self.policing.n_busy(now.tick),
            cameras_working=int(cams.working.sum()),
            mean_fear_women=self.travel.mean_fear(),
        )
        self.now = row
        for name in TOTALS:
            self.totals[name] += row[name]
        self.datacollector.collect(self)

    def _start_day(self, now: Now) -> dict[str, int]:
        """Day start: careers end and recruits arrive, verdicts fall due, camera failures and
        repairs, the patrol map, fear and travel decisions."""
        self.population.start_day(now.tick)
        self.population.replace(self.sanctions.start_day(self.offenders, now.tick), now.tick)
        self.surveillance.start_day()
        self.policing.new_day()
        return self.travel.start_day(now.tick, self.cameras.visible)

    def _respond(self, b: Batch, now: Now, response: Response) -> dict[str, int]:
        """The response to a batch of a tick's incidents (by ``response``, which holds the
        batch's random streams); arrests go to the processes that own the offenders, recorded
        incidents to the hotspot maps, victims to tomorrow's fear. The incidents are logged;
        returns their counts for the series."""
        help_desks = self.params.alternatives.help_desk_reporting if self.alternatives_on else 1.0
        out = response.step(b, now, self.cameras.covered, self.policing, help_desks)
        flags = out.flags
        self.street_offending.learn(b, flags)
        held = self.sanctions.arrest(self.offenders, out.jailed, out.jailed_by_camera, now.tick)
        self.population.replace(held, now.tick)
        self.harassers_arrested += len(out.barred)
        camera_custody = self.params.sanctions.camera_custody
        self.harassment.bar(out.barred[~out.barred_by_camera | camera_custody], now.tick)
        self.policing.record(out.recorded_cells)
        self.travel.note_victims(b)
        r, city = self.residents, self.city
        self.events.append(
            tick=np.full(len(b), now.tick),
            x=city.x[b.cell],
            y=city.y[b.cell],
            district=city.district[b.cell],
            offence=b.offence,
            offender=b.offender,
            offender_kind=b.offender_kind,
            victim=b.victim,
            victim_gender=r.gender[b.victim],
            victim_group=r.group[b.victim],
            in_vehicle=b.hidden,
            **flags,
        )
        per_category = np.bincount(CATEGORY_CODE[b.offence], minlength=len(CATEGORIES))
        return {
            "incidents": len(b),
            **{cat: int(n) for cat, n in zip(CATEGORIES, per_category, strict=True)},
            "harassment": int((b.offence == HARASSMENT).sum()),
            "domestic_violence": int((b.offence == DOMESTIC_VIOLENCE).sum()),
            **{
                k: int(flags[k].sum())
                for k in ("in_view", "detected", "alerted", "reported", "recorded", "arrested")
            },
        }

    # --- the populations, read-only ---------------------------------------------------------

    @property
    def cameras(self) -> Cameras:
        """The camera network (owned by the camera process)."""
        return self.surveillance.cameras

    @property
    def offenders(self) -> Offenders:
        """The street offenders (owned by the street-offending process)."""
        return self.street_offending.offenders

    @property
    def harassers(self) -> np.ndarray:
        """The residents who harass (owned by the harassment process)."""
        return self.harassment.harassers

    @property
    def households(self) -> Households:
        """The households with a woman (owned by the domestic-violence process)."""
        return self.domestic.households

    @property
    def police(self) -> Police:
        """The officers on patrol (owned by the policing process)."""
        return self.policing.police

    @property
    def response_units(self) -> Police:
        """The officers kept for camera alerts (owned by the policing process)."""
        return self.policing.response_units

    @property
    def people(self) -> np.ndarray:
        """People in public space per cell this tick (the footfall in agents, scaled)."""
        return self.residents.footfall.astype(float) * self.agent_scale

    def people_at(self, cells: np.ndarray) -> np.ndarray:
        """People in public space in each of ``cells`` this tick: looked up only where a
        rule needs it, not over the whole grid."""
        return self.residents.footfall[cells] * self.agent_scale

    # --- outputs ----------------------------------------------------------------------------

    def offender_counts(self) -> dict[str, int]:
        """Street offenders over the run (summary.json ``offenders``; harassers by arrests)."""
        counts = self.population.counts(self.sanctions, self.tick + 1)
        return {**counts, "harassers_arrested": self.harassers_arrested}

    def series(self) -> pd.DataFrame:
        """The per-tick series as a DataFrame indexed by tick."""
        df = self.datacollector.get_model_vars_dataframe()[list(SERIES)]
        df.index = pd.RangeIndex(len(df), name="tick")
        return df

    def resident_outcomes(self) -> pd.DataFrame:
        """One row per resident: who she is, where she lives, and what the run did to her."""
        return resident_outcomes(self.residents, self.city, self.travel, self.face_recognition)

    def facts(self) -> dict:
        """Sizes of this run's world, for the summary."""
        return {
            "seed": self.params.run.seed,
            "n_cells": self.city.n_cells,
            "area_km2": self.city.area_km2,
            "agent_scale": self.agent_scale,
            "n_residents": self.residents.n,
            "n_offenders": self.offenders.n,
            "offenders": self.offender_counts(),
            "n_harassers": len(self.harassers),
            "n_households": self.households.n,
            "n_officers": self.police.n,
            "n_response_units": self.response_units.n,
            "n_cameras": self.cameras.n,
            "n_sites": len(self.cameras.site_cell),
            "coverage_share": float((self.cameras.visible > 0).mean()),
            "event_log_bytes": self.events.nbytes,
        }
