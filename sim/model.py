"""``SafeCityModel``: the Mesa model shell around the array-based populations and rules.

One tick is one hour. Within a tick (DESIGN section 3): scheduled policy events run first (Mesa
events between steps); at day start cameras fail or are repaired, the patrol map decays, women's
fear is updated from yesterday and residents decide whether to travel; residents move and
footfall is counted; free street offenders choose a known place, decide whether to offend and
learn where cameras are; harassers on their routine harass women on their way; households may
see domestic violence; every incident goes through detection, reporting, recording, response and
arrest (:mod:`sim.incidents`); face recognition captures faces in view and may falsely match
them; officers patrol; the per-tick series is collected.
"""

from __future__ import annotations

import copy
import numbers
import warnings

import mesa
import numpy as np
import pandas as pd
from mesa.datacollection import DataCollector

from sim import cameras as cam
from sim import incidents, offences
from sim.city import PUBLIC_STREET, City, LandUse, build_city
from sim.daily import DailyRoutine
from sim.domestic import make_households
from sim.eventlog import (
    DOMESTIC_VIOLENCE,
    HARASSMENT,
    EventLog,
)
from sim.face_recognition import FACE_KINDS, capture_faces, false_match_rate
from sim.harassment import make_harassers
from sim.offending import (
    make_offenders,
)
from sim.params import SimParams
from sim.policing import (
    Patrol,
    block_presence,
    count_per_block,
    make_police,
    make_response_units,
    no_units,
)
from sim.presets import make_params
from sim.reporting import initial_trust
from sim.residents import (
    BACK,
    HOURS_PER_DAY,
    OUT,
    WOMAN,
    make_residents,
    move_residents,
)
from sim.streams import make_streams
from sim.validation import ParamError, ParamWarning

SERIES = (
    "incidents",
    "spectacular",
    "everyday",
    "harassment",
    "domestic_violence",
    "in_view",
    "detected",
    "alerted",
    "reported",
    "recorded",
    "arrested",
    "people_out",
    "women_trips",
    "women_trips_forgone",
    "men_trips",
    "mean_fear_women",
    "face_captures",
    "false_matches",
    "wrongful_stops",
    "offenders_roaming",
    "offenders_jailed",
    "police_busy",
    "cameras_working",
)
"""Per-tick series; the DataCollector reads each from ``model.now[name]``."""


class SafeCityModel(mesa.Model):
    """A city with residents, street offenders, harassers, households, police and cameras.

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
        if not isinstance(params, SimParams | None) or not isinstance(city, City | None):
            raise ParamError(
                f"SafeCityModel(params={type(params).__name__}, city={type(city).__name__}): "
                "expected params a SimParams (sim.presets.make_params) and city a sim.city.City "
                "(sim.city.load_city), or None"
            )
        params = params or SimParams()
        if seed is not None:
            params = params.with_overrides({"run": {"seed": seed}})
        super().__init__(rng=params.run.seed)
        self.params = params
        self.streams = make_streams(params.run.seed)
        # A given city is copied: policies (street lighting) change a run's city in place.
        self.city = (
            copy.deepcopy(city)
            if city is not None
            else build_city(params.city, self.streams["city"])
        )
        self.layers = self.city.layers
        pop = params.population
        self.agent_scale = pop.agent_scale
        self.residents = r = make_residents(self.city, pop, self.streams["population"])
        self.offenders = make_offenders(self.city, params.offending, r.n, self.streams["offenders"])
        self.police = make_police(
            self.city, params.policing, pop.n_people, pop.agent_scale, self.streams["officers"]
        )
        self.patrol = Patrol(self.city, params.policing, self.police.n)
        self.response_units = no_units()  # officers kept for camera alerts, from installation
        self.cameras = cam.no_cameras(self.city.n_cells)
        self.harassers = make_harassers(r, params.everyday, self.streams["harassers"])
        self.households = make_households(
            r,
            params.everyday,
            pop.household_size,
            1.0 - pop.p_travel_day_men,
            self.streams["households"],
        )
        # Today's hourly chance of domestic violence per household, as (day, chances).
        self.dv_p_hour: tuple[int, np.ndarray] = (-1, np.zeros(0))
        r.trust = initial_trust(params.trust, r.n, self.streams["trust"])
        self.barred_until = np.zeros(r.n, dtype=np.int32)  # a tick: int32 lasts 245,000 years
        self.routine = DailyRoutine(self)
        # False-match rate by (gender, group): four values, looked up per capture.
        self.false_match_by_kind = false_match_rate(params.surveillance, *FACE_KINDS)
        self.face_captures = np.zeros(r.n, dtype=np.int32)
        self.false_matches = np.zeros(r.n, dtype=np.int32)
        self.wrongful_stops = np.zeros(r.n, dtype=np.int32)
        self.events = EventLog()
        self.recorded_per_cell = np.zeros(self.city.n_cells, dtype=np.int64)
        # Officers per patrol block this tick, and each cell's block (see police_at).
        self._police_blocks, self._block_of_cell = block_presence(
            self.city, self.police, params.policing.block_cells
        )
        self.is_street = np.isin(self.city.land_use, PUBLIC_STREET)
        self.now: dict[str, float] = dict.fromkeys(SERIES, 0)
        self.alternatives_on = False
        # Cells a policy changed (in camera view, relit, safer stops): the treatment area.
        self.policy_footprint = np.zeros(self.city.n_cells, dtype=bool)
        self._schedule_policy_events()
        self.datacollector = SeriesCollector(
            model_reporters={name: _reporter(name) for name in SERIES}
        )

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
        if self.params.alternatives.active:
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
            self.schedule_event(self.start_outage, at=self.time_before_tick(start))
            self.schedule_event(self.end_outage, at=self.time_before_tick(end))

    def install_cameras(self) -> None:
        """Place the camera sites by the configured strategy and switch them on."""
        s, r, n_cells = self.params.surveillance, self.residents, self.city.n_cells
        commuters = (r.gender == WOMAN) & r.transit
        routes = np.concatenate([r.places[commuters, OUT], r.places[commuters, BACK]])
        weights = cam.placement_weights(
            s.placement,
            self.city,
            heat=self.recorded_per_cell,
            visits=np.bincount(r.places[:, OUT : BACK + 1].ravel(), minlength=n_cells),
            homes=np.bincount(r.home, minlength=n_cells),
            women_routes=np.bincount(routes, minlength=n_cells),
        )
        sites = cam.choose_sites(self.city, s, weights, self.streams["cameras"])
        self.cameras = cam.install_cameras(self.city, s, sites)
        self.response_units = make_response_units(
            self.cameras.site_cell, s.response_units, self.agent_scale
        )
        self.policy_footprint |= self.cameras.visible > 0

    def start_alternatives(self) -> None:
        """Raise street lighting to the floor (not on open land); safer transit and help desks
        act through :meth:`_harassment` and :mod:`sim.incidents` from now on."""
        floor = self.params.alternatives.lighting_floor
        lit = self.city.lighting
        raised = (self.city.land_use != LandUse.OPEN) & (lit < floor)
        lit[raised] = floor
        self.policy_footprint |= raised
        if self.params.alternatives.safer_transit > 0:
            self.policy_footprint |= self.city.land_use == LandUse.TRANSIT
        self.alternatives_on = True

    def start_outage(self) -> None:
        """A vendor outage switches off every camera at ``outage_share`` of the camera sites
        (whole sites go down, as when a site loses power or its link)."""
        cam.start_outage(
            self.cameras, self.params.surveillance.outage_share, self.streams["cameras"]
        )

    def end_outage(self) -> None:
        """The outage ends; every camera it switched off is on again."""
        cam.end_outage(self.cameras)

    # --- the step ---------------------------------------------------------------------------

    def step(self) -> None:
        """Simulate one hour."""
        tick, hour = self.tick, self.tick % HOURS_PER_DAY
        self.now = dict.fromkeys(SERIES, 0)
        if hour == 0:
            self._start_day(tick)

        r = self.residents
        move_residents(r, hour)
        self._police_blocks = count_per_block(
            self._block_of_cell, self.police, len(self._police_blocks)
        )
        if self.response_units.n:
            self._police_blocks += count_per_block(
                self._block_of_cell, self.response_units, len(self._police_blocks)
            )

        batches = [
            *offences.street_offences(self, tick, hour),
            offences.harassment(self, tick),
            offences.domestic_violence(self, tick, hour),
        ]
        batches = [b for b in batches if len(b)]
        if batches:
            self._record(incidents.Batch.concat(batches), tick, hour)
        if self.params.surveillance.face_recognition and self.cameras.n:
            capture_faces(self)
        self.patrol.move(self.police, tick, self.streams["patrol"])
        self.response_units.return_to_base(tick)
        self.routine.end_hour()

        self.now["people_out"] = r.n_public
        self.now["offenders_jailed"] = int((~self.offenders.free(tick)).sum())
        self.now["police_busy"] = int((~self.police.free(tick)).sum())
        self.now["cameras_working"] = int(self.cameras.working.sum())
        self.now["mean_fear_women"] = self.routine.mean_fear()
        self.datacollector.collect(self)

    @property
    def people(self) -> np.ndarray:
        """People in public space per cell this tick (the footfall in agents, scaled)."""
        return self.residents.footfall.astype(float) * self.agent_scale

    def people_at(self, cells: np.ndarray) -> np.ndarray:
        """People in public space in each of ``cells`` this tick: looked up only where a
        rule needs it, not over the whole grid."""
        return self.residents.footfall[cells] * self.agent_scale

    def police_at(self, cells: np.ndarray) -> np.ndarray:
        """Officers (in people) in the patrol block of each of ``cells``, from their positions
        at the end of the previous tick: looked up only where a rule needs it, not over the
        whole grid."""
        return self._police_blocks[self._block_of_cell[cells]] * self.agent_scale

    def _start_day(self, tick: int) -> None:
        """Day start: camera failures and repairs, the patrol map, fear and travel decisions."""
        if self.cameras.n and cam.fail_and_repair(
            self.cameras, self.params.surveillance, self.streams["cameras"]
        ):
            self.cameras.update_coverage()
        self.patrol.new_day()
        self.routine.start_day(tick)

    def _record(self, b: incidents.Batch, tick: int, hour: int) -> None:
        """Process a tick's incidents, log them, count them."""
        flags = incidents.process(self, b, tick, hour)
        r, city = self.residents, self.city
        self.routine.note_victims(b)
        self.events.append(
            tick=np.full(len(b), tick),
            x=city.x[b.cell],
            y=city.y[b.cell],
            district=city.district[b.cell],
            offence=b.offence,
            offender=b.offender,
            offender_kind=b.offender_kind,
            victim=b.victim,
            victim_gender=r.gender[b.victim],
            victim_group=r.group[b.victim],
            **flags,
        )
        everyday = (b.offence == HARASSMENT) | (b.offence == DOMESTIC_VIOLENCE)
        self.now.update(
            incidents=len(b),
            spectacular=int((~everyday).sum()),
            everyday=int(everyday.sum()),
            harassment=int((b.offence == HARASSMENT).sum()),
            domestic_violence=int((b.offence == DOMESTIC_VIOLENCE).sum()),
            **{
                k: int(flags[k].sum())
                for k in ("in_view", "detected", "alerted", "reported", "recorded", "arrested")
            },
        )

    # --- outputs ----------------------------------------------------------------------------

    def series(self) -> pd.DataFrame:
        """The per-tick series as a DataFrame indexed by tick."""
        df = self.datacollector.get_model_vars_dataframe()
        df.index = pd.RangeIndex(len(df), name="tick")
        return df

    def resident_outcomes(self) -> pd.DataFrame:
        """One row per resident: who she is, where she lives, and what the run did to her."""
        r = self.residents
        fear = np.full(r.n, np.nan)
        fear[self.routine.women] = self.routine.fear
        return pd.DataFrame(
            {
                "gender": pd.Categorical.from_codes(r.gender, categories=["man", "woman"]),
                "group": r.group,
                "district": self.city.district[r.home],
                "transit": r.transit,
                "trips": self.routine.trips,
                "trips_forgone": self.routine.trips_forgone,
                "fear": fear,
                "trust": r.trust,
                "face_captures": self.face_captures,
                "false_matches": self.false_matches,
                "wrongful_stops": self.wrongful_stops,
            }
        )

    def facts(self) -> dict:
        """Sizes of this run's world, for the summary."""
        return {
            "seed": self.params.run.seed,
            "n_cells": self.city.n_cells,
            "area_km2": self.city.area_km2,
            "agent_scale": self.agent_scale,
            "n_residents": self.residents.n,
            "n_offenders": self.offenders.n,
            "n_harassers": len(self.harassers),
            "n_households": self.households.n,
            "n_officers": self.police.n,
            "n_response_units": self.response_units.n,
            "n_cameras": self.cameras.n,
            "n_sites": len(self.cameras.site_cell),
            "coverage_share": float((self.cameras.visible > 0).mean()),
            "event_log_bytes": self.events.nbytes,
        }


class SeriesCollector(DataCollector):
    """Mesa's DataCollector for the per-tick series, collecting straight from ``model.now``.

    Mesa's ``collect`` calls each reporter and deep-copies its value; ours are plain numbers,
    so copying is needless, and with 23 series it was a noticeable share of a small town's
    tick. The reporters stay registered (``model_reporters``), so the data and its frame are
    Mesa's as before."""

    def collect(self, model: SafeCityModel) -> None:
        """Append this tick's value of every series."""
        if hasattr(self, "_collection_steps"):
            self._collection_steps.append(model.time)
        for name, values in self.model_vars.items():
            values.append(model.now[name])


def _reporter(name: str):
    """A DataCollector reporter reading this tick's value of one series."""

    def read(model: SafeCityModel) -> float:
        return model.now[name]

    read.__name__ = f"read_{name}"
    return read
