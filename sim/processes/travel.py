"""Travel: women's fear of crime, everyone's daily decision to travel, and moving through the day.

Fear is a number from 0 to 1 per woman. Each day it relaxes toward a baseline set by her route
(unlit and deserted routes are feared; cameras on the route add or remove fear by a signed,
switchable effect) and jumps with victimisation, her own and that of women in her district.
Fear suppresses trips, trips with a leg after dark far more (VALIDATION night travel), and a trip
not made lowers footfall, and so guardianship, where she would have been: the feedback loop.

At the start of each day women's fear is updated from yesterday (route conditions, their own
victimisation and that of women in their district), then every resident decides whether to
travel. A woman's trip is made with the probability her fear leaves; a trip she would have made
without fear but does not make is a trip forgone. Footfall is accumulated through the day, so
that tomorrow's fear sees how deserted her route was today.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from sim.params import FearParams, PopulationParams
from sim.world.city import City
from sim.world.clock import HOURS_PER_DAY
from sim.world.offences import FACE_TO_FACE, Batch
from sim.world.residents import (
    ACTIVITY,
    BACK,
    HOME,
    OUT,
    OUTING,
    WOMAN,
    Residents,
    decide_travel,
    move_residents,
)


def route_baseline(
    p: FearParams,
    route_lighting: np.ndarray,
    route_people: np.ndarray,
    route_camera_share: np.ndarray,
) -> np.ndarray:
    """Fear a woman's route alone would give her: ``baseline + w_dark_route * (1 - lighting)
    + w_deserted_route * max(0, 1 - people / crowd_people) + camera_effect * camera share``,
    clipped to [0, 1] (assumption, see docs/odd.md)."""
    deserted = np.clip(1.0 - route_people / p.crowd_people, 0.0, 1.0)
    fear = (
        p.baseline
        + p.w_dark_route * (1.0 - route_lighting)
        + p.w_deserted_route * deserted
        + p.camera_effect * route_camera_share
    )
    return np.clip(fear, 0.0, 1.0)


def route_cells(r: Residents, women: np.ndarray) -> np.ndarray:
    """Each woman's route cells, ``(3, n_women)``: the street outside her home, where she walks
    from, and the stops or roads of her trips out and back (fixed: residents keep their places)."""
    return np.ascontiguousarray(r.places[women][:, [HOME, OUT, BACK]].T)


def route_conditions(
    route: np.ndarray,
    lighting: np.ndarray,
    people: np.ndarray,
    cameras_visible: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean lighting, mean footfall and share of cells with a camera, over each woman's route
    cells (:func:`route_cells`)."""
    return (
        lighting[route].mean(axis=0),
        people[route].mean(axis=0),
        (cameras_visible[route] > 0).mean(axis=0),
    )


def update_fear(
    p: FearParams,
    fear: np.ndarray,
    baseline: np.ndarray,
    victimised: np.ndarray,
    district_victims_per_100: np.ndarray,
) -> np.ndarray:
    """One day of fear: relax by ``rate_decay_day`` toward the route baseline, move
    ``jump_own`` of the way to 1 if victimised, add ``w_district`` per woman victimised in her
    district per 100 women there; clip to [0, 1] (assumption; fear that outlasts victimisation,
    VALIDATION A7)."""
    fear = fear + p.rate_decay_day * (baseline - fear)
    fear = fear + p.jump_own * (1.0 - fear) * victimised
    fear = fear + p.w_district * district_victims_per_100
    return np.clip(fear, 0.0, 1.0)


def night_legs(r: Residents, women: np.ndarray, is_dark) -> tuple[np.ndarray, np.ndarray]:
    """Whether each woman's trip out or back, and her evening outing, fall after dark."""
    depart = r.depart_hour[women].astype(np.int64)
    table = r.schedule_table
    dark = np.array([is_dark(h) for h in range(HOURS_PER_DAY)])
    leg_hour = {
        place: (depart + int(np.flatnonzero(table == place)[0])) % 24
        for place in (OUT, BACK, OUTING)
    }
    return dark[leg_hour[OUT]] | dark[leg_hour[BACK]], dark[leg_hour[OUTING]]


def travel_probability(
    p: FearParams, p_travel: float, fear: np.ndarray, night: np.ndarray
) -> np.ndarray:
    """Chance a woman travels today: ``p_travel * exp(-trip_sensitivity * fear)``, times
    ``exp(-night_sensitivity * fear)`` if a leg of the trip is after dark (assumption,
    calibrated to VALIDATION women's mobility and night travel)."""
    prob = p_travel * np.exp(-p.trip_sensitivity * fear)
    return prob * np.where(night, np.exp(-p.night_sensitivity * fear), 1.0)


class Travel:
    """The travel process: it owns women's fear, the day's victims and footfall-hours, and the
    trips made and forgone; it decides each day who travels and moves residents each hour.

    Args:
        city: the city (lighting, districts).
        population: the population parameters (chances of travelling).
        fear: the fear parameters.
        residents: the residents.
        agent_scale: people per agent.
        is_dark: whether an hour of the day (0-23) is after dark.
        cameras_visible: cameras in view per cell at the start (none before installation).
        streams: the run's named random streams.
    """

    def __init__(
        self,
        city: City,
        population: PopulationParams,
        fear: FearParams,
        residents: Residents,
        agent_scale: float,
        is_dark: Callable[[int], bool],
        cameras_visible: np.ndarray,
        streams: dict[str, np.random.Generator],
    ):
        self.city, self.pop, self.p, self.residents = city, population, fear, residents
        self.agent_scale = agent_scale
        self._schedule = streams["schedule"]
        r = residents
        self.women = np.flatnonzero(r.gender == WOMAN).astype(np.int32)
        self.night_trip, self.night_outing = night_legs(r, self.women, is_dark)
        self.trips = np.zeros(r.n, dtype=np.int32)
        self.trips_forgone = np.zeros(r.n, dtype=np.int32)
        self.victimised = np.zeros(r.n, dtype=bool)
        self._route = route_cells(r, self.women)
        self._women_district = city.district[r.home[self.women]]
        self._women_per_district = np.bincount(self._women_district, minlength=city.n_districts)
        # People-hours per cell of the day before, for fear (expected ones on the first day),
        # from the footfall summed over the day's hours in agents.
        self.people_hours = self._expected_people_hours()
        self._footfall_hours = np.zeros(city.n_cells, dtype=np.int32)
        self.fear = self._route_baseline(cameras_visible)
        self._mean_fear, self._mean_fear_of = 0.0, None

    def _expected_people_hours(self) -> np.ndarray:
        """People-hours per cell on an average day if nobody feared: the start of the fear loop."""
        r, pop, n_cells = self.residents, self.pop, self.city.n_cells
        hours = {
            OUT: 1.0,
            ACTIVITY: pop.dur_activity_ticks,
            BACK: 1.0,
            OUTING: pop.p_evening_outing,
        }
        total = np.zeros(n_cells)
        # Each resident's chance of travelling on a day if women felt no fear.
        p_no_fear = np.where(r.gender == WOMAN, pop.p_travel_day_women, pop.p_travel_day_men)
        for place, h in hours.items():  # four places of the day, not a loop over agents
            total += np.bincount(r.places[:, place], weights=p_no_fear * h, minlength=n_cells)
        return total * self.agent_scale

    def _route_baseline(self, cameras_visible: np.ndarray) -> np.ndarray:
        lighting, people, cams = route_conditions(
            self._route,
            self.city.lighting,
            self.people_hours / HOURS_PER_DAY,
            cameras_visible,
        )
        return route_baseline(self.p, lighting, people, cams)

    def mean_fear(self) -> float:
        """Mean fear of the women residents (0 if there are none)."""
        # Fear changes once a day (a new array), so the mean is kept until it does.
        if self._mean_fear_of is not self.fear:
            self._mean_fear = float(self.fear.mean()) if len(self.fear) else 0.0
            self._mean_fear_of = self.fear
        return self._mean_fear

    def note_victims(self, b: Batch) -> None:
        """Remember today's victims of offences met face to face in public (not the owners of
        stolen parked vehicles: assumption, see docs/odd.md), for tomorrow's fear."""
        self.victimised[b.victim[FACE_TO_FACE[b.offence]]] = True

    def move(self, hour: int) -> None:
        """Residents move to where their day's plan puts them this hour; footfall is counted."""
        move_residents(self.residents, hour)

    def end_hour(self) -> None:
        """Add this hour's footfall to today's footfall-hours."""
        self._footfall_hours += self.residents.footfall

    def start_day(self, tick: int, cameras_visible: np.ndarray) -> dict[str, int]:
        """Update fear from yesterday (from the second day on), then decide today's travel.
        Returns today's trips for the series."""
        if tick > 0:
            self.people_hours = self._footfall_hours * self.agent_scale
            victimised = self.victimised[self.women]
            victims = np.bincount(
                self._women_district[victimised], minlength=len(self._women_per_district)
            )
            per_100 = 100.0 * victims / np.maximum(self._women_per_district, 1)
            self.fear = update_fear(
                self.p,
                self.fear,
                self._route_baseline(cameras_visible),
                victimised,
                per_100[self._women_district],
            )
        self.victimised[:] = False
        self._footfall_hours[:] = 0

        r, pop, fp = self.residents, self.pop, self.p
        # Men's chance is fixed; women's is what their fear leaves of theirs (7.8).
        p_women = travel_probability(fp, pop.p_travel_day_women, self.fear, self.night_trip)
        p_travel = np.full(r.n, pop.p_travel_day_men)
        p_travel[self.women] = p_women
        p_outing = np.full(r.n, pop.p_evening_outing)
        p_outing[self.women] *= np.where(
            self.night_outing, np.exp(-fp.night_sensitivity * self.fear), 1.0
        )
        u = decide_travel(r, p_travel, p_outing, self._schedule)
        # A trip forgone: drawn under the chance without fear, not under the chance with it.
        u_women = u[self.women]
        forgone = (u_women >= p_women) & (u_women < pop.p_travel_day_women)
        self.trips += r.travelling
        self.trips_forgone[self.women] += forgone
        women_trips = int(r.travelling[self.women].sum())
        return {
            "women_trips": women_trips,
            "women_trips_forgone": int(forgone.sum()),
            "men_trips": int(r.travelling.sum()) - women_trips,
        }
