"""Street offenders who learn: awareness spaces that change, places weighed by experience, and
camera beliefs that fade, follow arrests and publicity, and carry a belief that cameras are
watched.

Crime pattern theory has offenders act within awareness spaces that grow and shrink with their
routines (Brantingham & Brantingham 1993); offenders return to where they offended before
(Bernasco, Johnson & Ruiter 2015, "Learning where to offend"); deterrence decays without
reinforcement (Sherman 1990), and offenders judge cameras by what follows them (Gill & Loveday
2003). Every rule is switched in the ``learning`` group; with all switches off this module draws
nothing and changes nothing. Draws come from the ``awareness`` stream only.
"""

from __future__ import annotations

import numpy as np

from sim.params import LearningParams
from sim.world.city import PUBLIC_STREET, City
from sim.world.clock import HOURS_PER_DAY, Now
from sim.world.residents import scatter_and_snap

FIRST_FREE_COLUMN = 2
"""Columns 0 (home) and 1 (activity place) of an awareness space are never forgotten."""


def move_toward(values: np.ndarray, target: np.ndarray | float, rate: float) -> np.ndarray:
    """``values + rate * (target - values)``: one step of learning toward ``target``."""
    return values + rate * (target - values)


def fade(belief: np.ndarray, half_life_days: float) -> None:
    """Camera beliefs halve every ``half_life_days`` without reinforcement (applied once a day,
    in place): residual deterrence decays (Sherman 1990)."""
    belief *= 0.5 ** (1.0 / half_life_days)


def within(city: City, places: np.ndarray, cells: np.ndarray, radius_m: float) -> np.ndarray:
    """Whether each of ``places`` (any shape) lies within ``radius_m`` (Euclidean, by cell
    centres) of any of ``cells``."""
    r = radius_m / city.cell_size_m
    px, py = city.x[places][..., None], city.y[places][..., None]
    dx, dy = px - city.x[cells], py - city.y[cells]
    return ((dx * dx + dy * dy) <= r * r).any(axis=-1)


class Awareness:
    """What the street offenders have learned, beyond the camera beliefs they own.

    Args:
        city: the city (where new places are found, distances).
        p: the learning parameters.
        publicity: ``surveillance.publicity`` (visible, publicised, covert).
        places: the offenders' known places ``(n, k)``; changed in place by exploring.
        awareness_radius_km: ``offending.awareness_radius_km``.
        streams: the run's named random streams (``awareness`` is used when exploring).
    """

    def __init__(
        self,
        city: City,
        p: LearningParams,
        publicity: str,
        places: np.ndarray,
        awareness_radius_km: float,
        streams: dict[str, np.random.Generator],
    ):
        self.city, self.p, self.publicity = city, p, publicity
        self._rng = streams["awareness"] if p.explore else None
        n, k = places.shape
        self.last_visit = np.zeros((n, k), dtype=np.int64)
        self.score = np.zeros((n, k))
        """Each known place's learned value, -1 (arrested there) to +1 (got away)."""
        self.watched = np.full(n, p.watched_prior)
        """Each offender's belief that something follows an offence in camera view."""
        self.group = np.arange(n) // p.n_co_offenders
        self._mean_km = awareness_radius_km / 2
        self._busy = city.nearest_in(np.isin(city.land_use, PUBLIC_STREET)) if p.explore else None
        self.n_explored = 0
        self.n_forgotten = 0

    def grow(self, m: int, tick: int) -> None:
        """``m`` recruits join: their places count as visited at ``tick``, with no experience
        and the prior belief that cameras are watched."""
        k = self.score.shape[1]
        n = len(self.watched)
        self.last_visit = np.concatenate([self.last_visit, np.full((m, k), tick, np.int64)])
        self.score = np.concatenate([self.score, np.zeros((m, k))])
        self.watched = np.concatenate([self.watched, np.full(m, self.p.watched_prior)])
        self.group = np.concatenate([self.group, np.arange(n, n + m) // self.p.n_co_offenders])

    @property
    def any_on(self) -> bool:
        """Whether any learning rule runs."""
        p = self.p
        return p.explore or p.outcome_learning or p.camera_beliefs

    # --- what the choice of place reads --------------------------------------------------------

    def camera_weight(self) -> np.ndarray | None:
        """Per-offender weight on camera beliefs (the watched belief), or ``None`` when camera
        beliefs do not learn (weight 1)."""
        return self.watched[:, None] if self.p.camera_beliefs else None

    def utility_bonus(self) -> np.ndarray | None:
        """``w_experience * score`` over known places, or ``None`` without outcome learning."""
        return self.p.w_experience * self.score if self.p.outcome_learning else None

    def notice_factor(self) -> float:
        """Multiplier on the chance of noticing a camera, by publicity."""
        if self.publicity == "publicised":
            return self.p.publicity_notice_factor
        if self.publicity == "covert":
            return self.p.covert_notice_factor
        return 1.0

    # --- updates ------------------------------------------------------------------------------

    def start_day(self, camera_belief: np.ndarray, places: np.ndarray, now: Now) -> None:
        """Day start: beliefs fade; places unvisited for ``dur_forget_days`` are forgotten and
        replaced by new ones found near home."""
        if self.p.camera_beliefs:
            fade(camera_belief, self.p.belief_half_life_days)
        if self.p.explore:
            stale = now.tick - self.last_visit > self.p.dur_forget_days * HOURS_PER_DAY
            stale[:, :FIRST_FREE_COLUMN] = False
            rows, cols = np.nonzero(stale)
            self._replace(camera_belief, places, rows, cols, now.tick)
            self.n_forgotten += len(rows)

    def visit(
        self, camera_belief: np.ndarray, places: np.ndarray, roaming: np.ndarray, choice, now: Now
    ) -> None:
        """Roaming offenders remember the place they are at; each finds a new place with
        chance ``rate_explore_day / 24`` an hour, replacing the place he visited least
        recently (one uniform per offender every tick)."""
        if not self.p.explore:
            return
        rows = np.flatnonzero(roaming)
        self.last_visit[rows, choice[rows]] = now.tick
        u = self._rng.random(len(roaming))
        explorers = np.flatnonzero(roaming & (u < self.p.rate_explore_day / HOURS_PER_DAY))
        if len(explorers):
            free = self.last_visit[explorers, FIRST_FREE_COLUMN:]
            cols = FIRST_FREE_COLUMN + np.argmin(free, axis=1)
            self._replace(camera_belief, places, explorers, cols, now.tick)
            self.n_explored += len(explorers)

    def _replace(self, camera_belief, places, rows, cols, tick: int) -> None:
        if len(rows) == 0:
            return
        homes = places[rows, 0]
        found = scatter_and_snap(self.city, self._rng, homes, self._mean_km, self._busy)
        places[rows, cols] = found
        camera_belief[rows, cols] = 0.0
        self.score[rows, cols] = 0.0
        self.last_visit[rows, cols] = tick

    def launch(self, camera_belief: np.ndarray, places: np.ndarray, visible: np.ndarray) -> None:
        """Cameras switched on: with publicised cameras, beliefs at known places in view move
        ``publicity_belief_jump`` toward 1."""
        if self.publicity != "publicised":
            return
        seen = visible[places] > 0
        camera_belief[seen] = move_toward(camera_belief[seen], 1.0, self.p.publicity_belief_jump)

    def learn_outcomes(
        self,
        camera_belief: np.ndarray,
        places: np.ndarray,
        offenders: np.ndarray,
        cells: np.ndarray,
        in_view: np.ndarray,
        followed: np.ndarray,
        arrested: np.ndarray,
    ) -> None:
        """What street robberies taught (aligned arrays over this tick's street robberies:
        the robbers' rows, the cells, and whether each was in camera view, followed by an
        alert or arrest, and ended in an arrest).

        - Outcome learning: the place's score moves toward -1 if the robber was arrested, +1
          if not; with ``share_learning`` his co-offenders who know the place learn too.
        - Watched belief: after a robbery in camera view, it moves toward 1 if an alert or an
          arrest followed, else toward 0 (shared like outcomes).
        - Arrest news: an arrest in camera view moves the camera belief of every offender at
          known places within ``arrest_news_radius_m`` toward 1.
        """
        p = self.p
        for i, cell, view, fol, arr in zip(
            offenders, cells, in_view, followed, arrested, strict=True
        ):
            who = np.flatnonzero(self.group == self.group[i]) if p.share_learning else [i]
            if p.outcome_learning:
                r, c = np.nonzero(places[who] == cell)
                rows = np.asarray(who)[r]
                target = -1.0 if arr else 1.0
                rate = p.rate_outcome_learning
                self.score[rows, c] = move_toward(self.score[rows, c], target, rate)
            if p.camera_beliefs and view:
                target = 1.0 if fol else 0.0
                self.watched[who] = move_toward(self.watched[who], target, p.rate_watched_learning)
        if p.camera_beliefs:
            news = np.flatnonzero(in_view & arrested)
            if len(news):
                near = within(self.city, places, cells[news], p.arrest_news_radius_m)
                camera_belief[near] = move_toward(camera_belief[near], 1.0, p.rate_arrest_learning)
