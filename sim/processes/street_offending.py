"""Street offenders: where they go, whether they offend, and what they learn about cameras.

Rules combine routine activity theory (an offender, a target and no capable guardian meet; Cohen &
Felson 1979), crime pattern theory (offenders act within an awareness space of known places;
Brantingham & Brantingham 1993), rational choice (perceived reward against perceived risk; Cornish
& Clarke 1986) and Epstein's (2002) perceived-arrest form ``P = 1 - exp(-hazard)``, where the
hazard adds up guardians, police and believed cameras.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import numpy as np

from sim.params import OffendingParams, SimParams
from sim.processes.awareness import Awareness
from sim.processes.motivation import Motivation
from sim.processes.targets import Targets
from sim.processes.victims import pick
from sim.world.city import PUBLIC_STREET, City
from sim.world.clock import Now
from sim.world.offences import HOME_ROBBERY, STREET_OFFENDER, STREET_ROBBERY, Batch
from sim.world.residents import ACTIVITY_LAND_USE, Residents, sample_cells, scatter_and_snap


@dataclasses.dataclass
class Offenders:
    """One row per offender agent.

    Attributes:
        places: ``(n, k)`` cells of the awareness space (column 0 home, 1 activity place).
        camera_belief: ``(n, k)`` believed chance that a camera watches each known place.
        jailed_until: tick at which a jailed offender is released (0: free).
        choice: column of ``places`` where the offender is this tick.
        desisted: whether the offender's career has ended (:mod:`offender_population`).
        career_start: tick his career began (negative for the starting pool).
        watch_u: a uniform draw; he is on face recognition's watch list if it is below the
            watch-list share.
        motivated_until: tick until which a deterred offender stays motivated
            (:mod:`motivation`); avoid: the column of the place that deterred him (-1: none).
    """

    places: np.ndarray
    camera_belief: np.ndarray
    jailed_until: np.ndarray
    choice: np.ndarray
    desisted: np.ndarray = None
    career_start: np.ndarray = None
    watch_u: np.ndarray = None
    motivated_until: np.ndarray = None
    avoid: np.ndarray = None

    def __post_init__(self) -> None:
        n = len(self.places)
        if self.desisted is None:
            self.desisted = np.zeros(n, dtype=bool)
        if self.career_start is None:
            self.career_start = np.zeros(n, dtype=np.int64)
        if self.watch_u is None:
            self.watch_u = np.zeros(n)
        if self.motivated_until is None:
            self.motivated_until = np.zeros(n, dtype=np.int64)
        if self.avoid is None:
            self.avoid = np.full(n, -1, dtype=np.int8)

    def append(self, places: np.ndarray, tick: int, watch_u: np.ndarray) -> None:
        """Add recruits (rows of ``places``) whose careers start at ``tick``; their ids are the
        next rows, so ids seen in a long run can exceed the starting pool."""
        m, k = places.shape
        self.places = np.concatenate([self.places, places.astype(np.int32)])
        self.camera_belief = np.concatenate([self.camera_belief, np.zeros((m, k))])
        self.jailed_until = np.concatenate([self.jailed_until, np.zeros(m, dtype=np.int64)])
        self.choice = np.concatenate([self.choice, np.zeros(m, dtype=np.int8)])
        self.desisted = np.concatenate([self.desisted, np.zeros(m, dtype=bool)])
        self.career_start = np.concatenate([self.career_start, np.full(m, tick, np.int64)])
        self.watch_u = np.concatenate([self.watch_u, watch_u])
        self.motivated_until = np.concatenate([self.motivated_until, np.zeros(m, np.int64)])
        self.avoid = np.concatenate([self.avoid, np.full(m, -1, dtype=np.int8)])

    @property
    def n(self) -> int:
        """Number of offender agents."""
        return len(self.places)

    @property
    def cell(self) -> np.ndarray:
        """The cell each offender is in this tick."""
        return self.places[np.arange(self.n), self.choice]

    def free(self, tick: int) -> np.ndarray:
        """Offenders not in custody at ``tick`` and still offending (not desisted)."""
        return (self.jailed_until <= tick) & ~self.desisted

    def in_custody(self, tick: int) -> np.ndarray:
        """Offenders in custody at ``tick`` (desisted ones not counted)."""
        return (self.jailed_until > tick) & ~self.desisted

    def record(self, i: int, tick: int) -> dict:
        """Offender ``i`` as a plain record, for teaching and inspection."""
        return {
            "id": i,
            "places": self.places[i].tolist(),
            "camera_belief": np.round(self.camera_belief[i], 3).tolist(),
            "free": bool(self.jailed_until[i] <= tick),
            "cell_now": int(self.places[i, self.choice[i]]),
        }


def make_offenders(
    city: City, p: OffendingParams, n_residents: int, rng: np.random.Generator
) -> Offenders:
    """Create offenders: homes in proportion to residential density, an activity place like a
    resident's, and further known places scattered within ``awareness_radius_km`` of home,
    snapped to the nearest market, arterial or transit stop (crime pattern theory)."""
    n = round(n_residents * p.offender_share)
    k = p.n_awareness_places
    return Offenders(
        places=known_places(city, p, n, rng),
        camera_belief=np.zeros((n, k)),
        jailed_until=np.zeros(n, dtype=np.int64),
        choice=np.zeros(n, dtype=np.int8),
    )


def known_places(city: City, p: OffendingParams, n: int, rng: np.random.Generator) -> np.ndarray:
    """Awareness spaces of ``n`` new offenders: ``(n, k)`` cells, home first (see
    :func:`make_offenders`)."""
    places = np.empty((n, p.n_awareness_places), dtype=np.int32)
    if n:
        home = sample_cells(rng, city.density, n)
        activity = city.nearest_in(np.isin(city.land_use, ACTIVITY_LAND_USE))
        busy = city.nearest_in(np.isin(city.land_use, PUBLIC_STREET))
        places[:, 0] = home
        places[:, 1] = scatter_and_snap(city, rng, home, p.awareness_radius_km / 2, activity)
        for col in range(2, p.n_awareness_places):  # a handful of columns, not agents
            places[:, col] = scatter_and_snap(city, rng, home, p.awareness_radius_km / 2, busy)
    return places


def perceived_hazard(
    p: OffendingParams,
    people: np.ndarray,
    guardian_visibility: np.ndarray,
    police: np.ndarray,
    camera_belief: np.ndarray,
) -> np.ndarray:
    """Perceived arrest hazard at known places: ``k_guardian * people * visibility + k_police *
    officers + k_camera * belief``; the perceived arrest chance is ``1 - exp(-hazard)`` (Epstein
    2002). All arguments are aligned arrays over the same places."""
    return (
        p.k_guardian * people * guardian_visibility
        + p.k_police * police
        + p.k_camera * camera_belief
    )


def choose_places(
    p: OffendingParams,
    people: np.ndarray,
    hazard: np.ndarray,
    rng: np.random.Generator,
    bonus: np.ndarray | None = None,
    avoid: np.ndarray | None = None,
) -> np.ndarray:
    """Each offender goes to the known place with the highest utility
    ``log(1 + people) + risk_aversion * log(1 - P) = log(1 + people) - risk_aversion * hazard``
    plus Gumbel taste noise of scale ``choice_noise`` (a logit choice; rational choice, Cornish &
    Clarke 1986). ``bonus`` (learned experience, near repeats; docs/odd.md 7.15a) adds to the
    utility. ``avoid`` (a column per offender, -1 none) rules a place out: a motivated offender
    searches elsewhere (:mod:`sim.processes.motivation`). Draws one noise value per offender and
    place every tick, so the draws do not depend on who is free."""
    utility = np.log1p(people) - p.risk_aversion * hazard
    if bonus is not None:
        utility += bonus
    utility += p.choice_noise * rng.gumbel(size=utility.shape)
    if avoid is not None:
        rows = np.flatnonzero(avoid >= 0)
        utility[rows, avoid[rows]] = -np.inf
    return np.argmax(utility, axis=1).astype(np.int8)


def decide_offending(
    p: OffendingParams,
    active: np.ndarray,
    people_here: np.ndarray,
    hazard_here: np.ndarray,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Whether each offender offends this tick, and whether he was deterred.

    An active offender with at least one person present is tempted with probability
    ``p_attempt_tick`` and, tempted, offends with probability ``(1 - P) ** risk_aversion =
    exp(-risk_aversion * hazard)`` (rational choice with Epstein's perceived arrest chance); a
    tempted offender who does not offend was deterred. One draw per offender.

    Returns:
        offends, deterred: boolean arrays over offenders.
    """
    u = rng.random(len(active))
    tempted = active & (people_here >= 1) & (u < p.p_attempt_tick)
    offends = tempted & (u < p.p_attempt_tick * np.exp(-p.risk_aversion * hazard_here))
    return offends, tempted & ~offends


def learn_cameras(
    p: OffendingParams,
    off: Offenders,
    present: np.ndarray,
    cameras_visible: np.ndarray,
    rng: np.random.Generator,
    notice_factor: float = 1.0,
) -> None:
    """Offenders at a place notice with ``p_notice_camera`` (times ``notice_factor``, set by
    publicity) whether a camera is mounted there and move their belief by
    ``rate_camera_learning`` toward what they saw (1 camera, 0 none). A switched-off camera
    looks like a working one (assumption, see docs/odd.md)."""
    p_notice = p.p_notice_camera
    if notice_factor != 1.0:
        p_notice = min(1.0, p_notice * notice_factor)
    notices = present & (rng.random(off.n) < p_notice)
    rows = np.flatnonzero(notices)
    cols = off.choice[rows]
    seen = (cameras_visible[off.places[rows, cols]] > 0).astype(float)
    off.camera_belief[rows, cols] += p.rate_camera_learning * (seen - off.camera_belief[rows, cols])


def _add(a: np.ndarray | None, b: np.ndarray | None) -> np.ndarray | None:
    """The sum of two optional arrays (``None`` when both are)."""
    if a is None:
        return b
    return a if b is None else a + b


class StreetOffending:
    """The street-offending process: it owns the offenders (places, camera beliefs, jail) and
    each hour returns the street and home robberies they commit.

    Args:
        city: the city (lighting, districts).
        params: all parameters (offending, learning, targets, surveillance.publicity).
        residents: the residents (footfall, who is in public, homes).
        agent_scale: people per agent.
        streams: the run's named random streams.
    """

    def __init__(
        self,
        city: City,
        params: SimParams,
        residents: Residents,
        agent_scale: float,
        streams: dict[str, np.random.Generator],
    ):
        p = params.offending
        self.p, self.city, self.residents, self.agent_scale = p, city, residents, agent_scale
        self.offenders = off = make_offenders(city, p, residents.n, streams["offenders"])
        off.watch_u = streams["watchlist"].random(off.n)
        self._movement, self._offending = streams["movement"], streams["offending"]
        self._victims = streams["victims"]
        self.motivation = Motivation(p, streams["motivation"]) if p.persistent_motivation else None
        self.awareness = Awareness(
            city,
            params.learning,
            params.surveillance.publicity,
            off.places,
            p.awareness_radius_km,
            streams,
        )
        self.targets = Targets(city, params.targets, residents, streams)
        self.idle = np.zeros(self.offenders.n, dtype=bool)
        """Offenders free, roaming and committing nothing this hour (kept by :meth:`step`)."""
        self.hazard_here = np.zeros(self.offenders.n)
        """The perceived arrest hazard at each offender's place this hour (kept by :meth:`step`)."""

    def step(
        self, now: Now, police_at: Callable[[np.ndarray], np.ndarray], cameras_visible: np.ndarray
    ) -> tuple[list[Batch], int]:
        """Offenders choose places and decide to offend; deterred offenders may turn to home
        robbery when crime-type displacement is on. Returns this hour's batches and the number
        of offenders roaming."""
        p, off, city = self.p, self.offenders, self.city
        if off.n == 0:
            self.idle, self.hazard_here = np.zeros(0, dtype=bool), np.zeros(0)
            return [], 0
        aware, targets = self.awareness, self.targets
        if now.hour == 0:
            aware.start_day(off.camera_belief, off.places, now)
            targets.start_day()
        places = off.places
        people = self.residents.footfall[places] * self.agent_scale
        visibility = np.ones(places.shape)
        if now.dark:
            light = city.lighting[places]
            visibility = p.guardian_dark_factor + (1.0 - p.guardian_dark_factor) * light
        belief = off.camera_belief
        if (watched := aware.camera_weight()) is not None:
            belief = belief * watched
        hazard = perceived_hazard(p, people, visibility, police_at(places), belief)
        bonus = _add(aware.utility_bonus(), targets.place_bonus(places))
        motive = self.motivation
        avoid = None if motive is None else motive.avoiding(off, now.tick)
        off.choice[:] = choose_places(p, people, hazard, self._movement, bonus, avoid)
        rows = np.arange(off.n)
        roaming = off.free(now.tick) & (p.active_start_hour <= now.hour < p.active_end_hour)
        here = people[rows, off.choice], hazard[rows, off.choice]
        offends, deterred = decide_offending(p, roaming, *here, self._offending)
        if motive is not None:
            offends, deterred = motive.retry(off, now.tick, roaming, *here, offends, deterred)
        switch = deterred & (self._offending.random(off.n) < p.p_type_switch)
        self.idle = roaming & ~offends
        if p.type_displacement:
            self.idle &= ~switch
        self.hazard_here = here[1]
        learn_cameras(p, off, roaming, cameras_visible, self._movement, aware.notice_factor())

        r = self.residents
        robbers = np.flatnonzero(offends)
        cells = off.cell[robbers]
        victims = targets.choose(cells, now, self._victims)
        targets.record(cells, victims, now)
        aware.visit(off.camera_belief, places, roaming, off.choice, now)
        batches = [Batch.of(STREET_ROBBERY, STREET_OFFENDER, cells, robbers, victims)]
        if p.type_displacement and switch.any():
            burglars = np.flatnonzero(switch)
            at_home = np.flatnonzero(~r.in_public)
            home_district = city.district[r.home[at_home]]
            district = city.district[places[burglars, 0]]
            victims = pick(district, at_home, home_district, self._victims)
            ok = victims >= 0
            homes = r.home[victims[ok]]
            batches.append(
                Batch.of(HOME_ROBBERY, STREET_OFFENDER, homes, burglars[ok], victims[ok])
            )
        return batches, int(roaming.sum())

    def add_recruits(self, places: np.ndarray, tick: int, watch_u: np.ndarray) -> None:
        """New offenders (rows of ``places``) whose careers start at ``tick``: they join the
        offenders with what a new offender knows (no camera belief, no experience)."""
        self.offenders.append(places, tick, watch_u)
        self.awareness.grow(len(places), tick)

    def launch(self, cameras_visible: np.ndarray) -> None:
        """Cameras switched on: publicity moves beliefs (docs/odd.md 7.15a)."""
        self.awareness.launch(self.offenders.camera_belief, self.offenders.places, cameras_visible)

    def learn(self, b: Batch, flags: dict[str, np.ndarray]) -> None:
        """What this tick's street robberies and their response taught the robbers (outcomes,
        whether cameras are watched, arrest news); nothing without the learning switches."""
        aware = self.awareness
        if not (aware.p.outcome_learning or aware.p.camera_beliefs):
            return
        mine = (b.offender_kind == STREET_OFFENDER) & (b.offence == STREET_ROBBERY)
        if not mine.any():
            return
        arrested = flags["arrested"][mine]
        followed = flags["alerted"][mine] | arrested
        off = self.offenders
        aware.learn_outcomes(
            off.camera_belief,
            off.places,
            b.offender[mine],
            b.cell[mine],
            flags["in_view"][mine],
            followed,
            arrested,
        )

    def opportunity(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
        """This hour's idle offenders, their cells, the perceived hazard there and the risk
        aversion: what another offence committed by the same offenders (vehicle theft) decides
        on."""
        return self.idle, self.offenders.cell, self.hazard_here, self.p.risk_aversion

    def n_jailed(self, tick: int) -> int:
        """Offenders in custody at ``tick``."""
        return int(self.offenders.in_custody(tick).sum())
