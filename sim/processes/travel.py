"""The daily routine: women's fear, everyone's decision to travel, trips made and forgone.

At the start of each day women's fear is updated from yesterday (route conditions, their own
victimisation and that of women in their district; :mod:`sim.fear`), then every resident decides
whether to travel. A woman's trip is made with the probability her fear leaves; a trip she would
have made without fear but does not make is a trip forgone. Footfall is accumulated through the
day, so that tomorrow's fear sees how deserted her route was today.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.processes import fear as fear_rules
from sim.world.clock import HOURS_PER_DAY
from sim.world.offences import PUBLIC_OFFENCES
from sim.world.residents import ACTIVITY, BACK, OUT, OUTING, WOMAN, decide_travel

if TYPE_CHECKING:
    from sim.model import SafeCityModel
    from sim.processes.response import Batch


class DailyRoutine:
    """Fear, travel decisions and trip counts of one model's residents."""

    def __init__(self, model: SafeCityModel):
        self.model = model
        r, city = model.residents, model.city
        self.women = np.flatnonzero(r.gender == WOMAN).astype(np.int32)
        self.night_trip, self.night_outing = fear_rules.night_legs(r, self.women, model.is_dark)
        self.trips = np.zeros(r.n, dtype=np.int32)
        self.trips_forgone = np.zeros(r.n, dtype=np.int32)
        self.victimised = np.zeros(r.n, dtype=bool)
        self._route = fear_rules.route_cells(r, self.women)
        self._women_district = city.district[r.home[self.women]]
        self._women_per_district = np.bincount(self._women_district, minlength=city.n_districts)
        # People-hours per cell of the day before, for fear (expected ones on the first day),
        # from the footfall summed over the day's hours in agents.
        self.people_hours = self._expected_people_hours()
        self._footfall_hours = np.zeros(city.n_cells, dtype=np.int32)
        self.fear = self._route_baseline()
        self._mean_fear, self._mean_fear_of = 0.0, None

    def _expected_people_hours(self) -> np.ndarray:
        """People-hours per cell on an average day if nobody feared: the start of the fear loop."""
        m = self.model
        r, pop = m.residents, m.params.population
        hours = {
            OUT: 1.0,
            ACTIVITY: pop.dur_activity_ticks,
            BACK: 1.0,
            OUTING: pop.p_evening_outing,
        }
        total = np.zeros(m.city.n_cells)
        # Each resident's chance of travelling on a day if women felt no fear.
        p_no_fear = np.where(r.gender == WOMAN, pop.p_travel_day_women, pop.p_travel_day_men)
        for place, h in hours.items():  # four places of the day, not a loop over agents
            total += np.bincount(
                r.places[:, place], weights=p_no_fear * h, minlength=m.city.n_cells
            )
        return total * m.agent_scale

    def _route_baseline(self) -> np.ndarray:
        m = self.model
        lighting, people, cams = fear_rules.route_conditions(
            self._route,
            m.city.lighting,
            self.people_hours / HOURS_PER_DAY,
            m.cameras.visible,
        )
        return fear_rules.route_baseline(m.params.fear, lighting, people, cams)

    def mean_fear(self) -> float:
        """Mean fear of the women residents (0 if there are none)."""
        # Fear changes once a day (a new array), so the mean is kept until it does.
        if self._mean_fear_of is not self.fear:
            self._mean_fear = float(self.fear.mean()) if len(self.fear) else 0.0
            self._mean_fear_of = self.fear
        return self._mean_fear

    def note_victims(self, b: Batch) -> None:
        """Remember today's victims of public offences, for tomorrow's fear."""
        self.victimised[b.victim[PUBLIC_OFFENCES[b.offence]]] = True

    def end_hour(self) -> None:
        """Add this hour's footfall to today's footfall-hours."""
        self._footfall_hours += self.model.residents.footfall

    def start_day(self, tick: int) -> None:
        """Update fear from yesterday (from the second day on), then decide today's travel."""
        m = self.model
        if tick > 0:
            self.people_hours = self._footfall_hours * m.agent_scale
            victimised = self.victimised[self.women]
            victims = np.bincount(
                self._women_district[victimised], minlength=len(self._women_per_district)
            )
            per_100 = 100.0 * victims / np.maximum(self._women_per_district, 1)
            self.fear = fear_rules.update_fear(
                m.params.fear,
                self.fear,
                self._route_baseline(),
                victimised,
                per_100[self._women_district],
            )
        self.victimised[:] = False
        self._footfall_hours[:] = 0

        r, pop, fp = m.residents, m.params.population, m.params.fear
        # Men's chance is fixed; women's is what their fear leaves of theirs (7.8).
        p_women = fear_rules.travel_probability(
            fp, pop.p_travel_day_women, self.fear, self.night_trip
        )
        p_travel = np.full(r.n, pop.p_travel_day_men)
        p_travel[self.women] = p_women
        p_outing = np.full(r.n, pop.p_evening_outing)
        p_outing[self.women] *= np.where(
            self.night_outing, np.exp(-fp.night_sensitivity * self.fear), 1.0
        )
        u = decide_travel(r, p_travel, p_outing, m.streams["schedule"])
        # A trip forgone: drawn under the chance without fear, not under the chance with it.
        u_women = u[self.women]
        forgone = (u_women >= p_women) & (u_women < pop.p_travel_day_women)
        self.trips += r.travelling
        self.trips_forgone[self.women] += forgone
        women_trips = int(r.travelling[self.women].sum())
        m.now.update(
            women_trips=women_trips,
            women_trips_forgone=int(forgone.sum()),
            men_trips=int(r.travelling.sum()) - women_trips,
        )
