"""Which person present a street robber chooses, and repeat and near-repeat victimisation.

Target suitability (routine activity theory, Cohen & Felson 1979; value, inertia, visibility and
access, Felson & Clarke 1998): people alone, people visibly carrying valuables and, by
assumption, women are chosen more often than others present. Repeat victimisation (Farrell 1995;
Pease 1998) raises a recent victim's weight; near repeats (Johnson & Bowers 2004; Johnson et al.
2007) raise the pull of the places around a recent robbery for the robbers who know them, both
decaying over weeks. Lighting acts on the choice of place, through guardians' visibility after
dark (docs/odd.md 7.12), not on the choice among people in one cell. Traits are drawn once from
the ``targets`` stream; with both switches off nothing is drawn and victims are uniform.
"""

from __future__ import annotations

import numpy as np

from sim.params import TargetParams
from sim.processes.victims import pick, pick_weighted
from sim.world.city import City
from sim.world.clock import HOURS_PER_DAY, Now
from sim.world.residents import ACTIVITY, WOMAN, Residents


def disc_offsets(radius_cells: float) -> tuple[np.ndarray, np.ndarray]:
    """Grid offsets ``(dx, dy)`` within ``radius_cells`` of a cell (Euclidean), itself included."""
    r = int(np.floor(radius_cells))
    dx, dy = np.meshgrid(np.arange(-r, r + 1), np.arange(-r, r + 1), indexing="ij")
    inside = dx * dx + dy * dy <= radius_cells * radius_cells
    return dx[inside], dy[inside]


class Targets:
    """The victims' side of street robbery: suitability traits, recent victims and the
    near-repeat field over cells.

    Args:
        city: the city (the grid, for the near-repeat field).
        p: the target-choice parameters.
        residents: the residents (gender, where each is).
        streams: the run's named random streams (``targets`` is used for the traits).
    """

    def __init__(
        self,
        city: City,
        p: TargetParams,
        residents: Residents,
        streams: dict[str, np.random.Generator],
    ):
        self.city, self.p, self.residents = city, p, residents
        n = residents.n
        self.base_weight = None
        if p.suitability:
            woman = residents.gender == WOMAN
            p_company = np.where(woman, p.p_accompanied_woman, p.p_accompanied_man)
            u = streams["targets"].random((2, n))
            self.accompanied = u[0] < p_company
            valuables = u[1] < p.share_valuables
            self.base_weight = np.where(valuables, p.w_valuables, 1.0) * np.where(
                woman, p.w_woman, 1.0
            )
        if p.near_repeat:
            self.last_victimised = np.full(n, -np.inf)
            self.field = np.zeros(city.n_cells)
            self._dx, self._dy = disc_offsets(p.near_repeat_radius_m / city.cell_size_m)

    @property
    def any_on(self) -> bool:
        """Whether victims are chosen other than uniformly or places pulled by recent robbery."""
        return self.p.suitability or self.p.near_repeat

    def start_day(self) -> None:
        """Day start: the near-repeat field decays with time constant ``dur_near_repeat_days``."""
        if self.p.near_repeat:
            self.field *= np.exp(-1.0 / self.p.dur_near_repeat_days)

    def place_bonus(self, places: np.ndarray) -> np.ndarray | None:
        """``w_near_repeat`` times the near-repeat field at ``places``, or ``None`` when off."""
        return self.p.w_near_repeat * self.field[places] if self.p.near_repeat else None

    def weights(self, who: np.ndarray, now: Now) -> np.ndarray:
        """The target weight of the residents ``who`` (in public): ``w_alone`` if on the way
        and not in company, times the trait weight (valuables, gender), times ``1 + w_repeat *
        exp(-days since last robbed / dur_near_repeat_days)``."""
        r, p = self.residents, self.p
        w = np.ones(len(who))
        if p.suitability:
            alone = (r.place[who] != ACTIVITY) & ~self.accompanied[who]
            w = np.where(alone, p.w_alone, 1.0) * self.base_weight[who]
        if p.near_repeat:
            days = (now.tick - self.last_victimised[who]) / HOURS_PER_DAY
            w = w * (1.0 + p.w_repeat * np.exp(-days / p.dur_near_repeat_days))
        return w

    def choose(self, cells: np.ndarray, now: Now, rng: np.random.Generator) -> np.ndarray:
        """One victim per robbery cell among the residents in public there: uniformly with
        both switches off (:func:`pick`), else by weight (:func:`pick_weighted`)."""
        r, n_cells = self.residents, self.city.n_cells
        if len(cells) == 0:  # no draws to make
            return np.zeros(0, dtype=np.int64)
        # only the people in the robbed cells, in the order of ``r.public``: a few among
        # hundreds of thousands
        who = r.in_public_at(cells)
        if not self.any_on:
            return pick(cells, who, r.cell[who], rng, n_cells)
        weights = self.weights(who, now)
        return pick_weighted(cells, who, r.cell[who], weights, rng, matched=True)

    def record(self, cells: np.ndarray, victims: np.ndarray, now: Now) -> None:
        """This tick's street robberies: the victims become recent victims, and the field
        rises by one within ``near_repeat_radius_m`` of each cell."""
        if not self.p.near_repeat or len(cells) == 0:
            return
        self.last_victimised[victims[victims >= 0]] = now.tick
        city = self.city
        x = city.x[cells][:, None] + self._dx
        y = city.y[cells][:, None] + self._dy
        ok = (x >= 0) & (x < city.width) & (y >= 0) & (y < city.height)
        np.add.at(self.field, (x[ok] * city.height + y[ok]), 1.0)
