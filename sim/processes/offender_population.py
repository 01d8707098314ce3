"""An open pool of street offenders: careers that end, recruits who start, and replacement.

Career lengths follow a Weibull distribution with mean ``careers.career_mean_years`` and shape
``careers.career_shape``: with a shape above 1 the desistance hazard ``h(c) = (k / l) (c / l) ** (k
- 1)`` rises with career length ``c`` (criminal career paradigm; Blumstein et al. 1986). The
starting pool is drawn at the stationary distribution of career lengths (density proportional to
the survival function), and recruits arrive at ``N0 / E[career]`` a day, the rate at which a pool
of ``N0`` offenders is stationary (Little's law: pool = recruitment rate x mean career). With
replacement on, every offender removed (taken into custody, convicted, or desisting) is replaced
by a recruit at once instead. Draws come from the ``desistance`` and ``recruitment`` streams.
"""

from __future__ import annotations

import math

import numpy as np

from sim.params import CareerParams, OffendingParams
from sim.processes.street_offending import StreetOffending, known_places
from sim.world.city import City
from sim.world.clock import DAYS_PER_YEAR, HOURS_PER_DAY

TICKS_PER_YEAR = DAYS_PER_YEAR * HOURS_PER_DAY


class OffenderPopulation:
    """Recruitment, desistance and replacement of street offenders.

    Args:
        p: the career parameters.
        po: the offending parameters (awareness spaces of recruits).
        city: the city (recruits' homes).
        offending: the street-offending process, whose offenders this process adds and retires.
        streams: the run's named streams (``recruitment``, ``desistance``, ``watchlist``).
    """

    def __init__(
        self,
        p: CareerParams,
        po: OffendingParams,
        city: City,
        offending: StreetOffending,
        streams: dict[str, np.random.Generator],
    ):
        self.p, self.po, self.city, self.offending = p, po, city, offending
        self._recruitment, self._desistance = streams["recruitment"], streams["desistance"]
        self._watchlist = streams["watchlist"]
        off = offending.offenders
        self.at_start = off.n
        self.recruited = 0
        self.desisted = 0
        self.scale = p.career_mean_years / math.gamma(1.0 + 1.0 / p.career_shape)
        """Weibull scale (years) giving the mean career length."""
        if p.open_population and off.n:
            off.career_start[:] = -np.round(self.stationary_ages(off.n) * TICKS_PER_YEAR)

    @property
    def recruits_per_day(self) -> float:
        """Recruitment rate keeping the starting pool stationary: ``N0 / E[career]``."""
        return self.at_start / (self.p.career_mean_years * DAYS_PER_YEAR)

    def stationary_ages(self, n: int) -> np.ndarray:
        """Career lengths so far (years) of ``n`` offenders of a stationary pool: density
        proportional to the survival ``exp(-(c / l) ** k)`` (inverse CDF on a fine grid)."""
        grid = np.linspace(0.0, 8.0 * self.scale, 4001)
        survival = np.exp(-((grid / self.scale) ** self.p.career_shape))
        cdf = np.cumsum(survival)
        cdf /= cdf[-1]
        return np.interp(self._desistance.random(n), cdf, grid)

    def cumulative_hazard(self, years: np.ndarray) -> np.ndarray:
        """``H(c) = (c / l) ** k``: the survival to career length ``c`` is ``exp(-H)``."""
        return (np.maximum(years, 0.0) / self.scale) ** self.p.career_shape

    def start_day(self, tick: int) -> None:
        """Day start: careers end by the day's hazard; recruits arrive (at the stationary rate,
        or one per desister with replacement on)."""
        off = self.offending.offenders
        if not self.p.open_population or off.n == 0:
            return
        years = (tick - off.career_start) / TICKS_PER_YEAR
        day = 1.0 / DAYS_PER_YEAR
        p_desist = 1.0 - np.exp(
            -(self.cumulative_hazard(years + day) - self.cumulative_hazard(years))
        )
        newly = ~off.desisted & (self._desistance.random(off.n) < p_desist)
        off.desisted |= newly
        self.desisted += int(newly.sum())
        if self.p.replacement:
            self.recruit(int(newly.sum()), tick)
        else:
            self.recruit(int(self._recruitment.poisson(self.recruits_per_day)), tick)

    def replace(self, n_removed: int, tick: int) -> None:
        """With replacement on, a recruit for each offender just removed into custody."""
        if self.p.replacement:
            self.recruit(n_removed, tick)

    def recruit(self, n: int, tick: int) -> None:
        """Add ``n`` recruits with homes by residential density and their own known places."""
        if n <= 0:
            return
        places = known_places(self.city, self.po, n, self._recruitment)
        self.offending.add_recruits(places, tick, self._watchlist.random(n))
        self.recruited += n

    def counts(self, sanctions, tick: int) -> dict[str, int]:
        """The pool and the funnel over the run, read at ``tick`` (the first tick not run)."""
        off = self.offending.offenders
        return {
            "at_start": self.at_start,
            "recruited": self.recruited,
            "desisted": self.desisted,
            "arrested": sanctions.arrested,
            "charged": sanctions.charged,
            "convicted": sanctions.convicted,
            "in_custody_end": int(off.in_custody(tick).sum()),
            "active_end": int(off.free(tick).sum()),
        }
