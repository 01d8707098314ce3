"""Designs for sensitivity analysis: SALib samples as explicit tables, evaluated, analysed.

    >>> from sim.analysis.design import Settings, analyse, design_table, problem, sample
    >>> prob = problem(["offending.k_camera", "surveillance.p_detect_lit"])
    >>> x = sample("morris", prob, 4, seed=0)  # 4 trajectories of 3 points
    >>> table = design_table(x, prob["names"], replicates=2)  # 24 rows: point x replicate

A *design* is a table with one row per unit of work: a point (the values of the varied
parameters, by dotted path) and a replicate number. Each row is evaluated by
:func:`evaluate_row` — the policy against its twin for that replicate's seed
(:func:`sim.analysis.evaluate.evaluate_replicates`) — so a design runner (files, parallelism,
Slurm: ``experiments.design_runner``) only has to hand out rows. The analysis
(:func:`analyse`) averages the replicates of each point and calls SALib's analyser for the
method that drew the sample.

Whole-number fields: samplers draw real numbers, so :func:`design_table` passes each point
through :func:`sim.params.paths.round_to_fields` (nearest whole number, halves away from zero);
the table holds the values that were run. The analysis is given the sample as drawn (a Morris
step that rounding flattened then shows as no effect, which is what the model did).
"""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from sim.analysis.evaluate import Outcomes, evaluate_replicates
from sim.params.paths import plausible_ranges, round_to_fields

METHODS = ("morris", "sobol", "fast", "lhs")
"""Sampling methods: Morris elementary effects, Sobol' (Saltelli), eFAST, Latin hypercube."""

BEHAVIOUR_GROUPS = ("offending", "everyday", "fear", "trust", "surveillance", "policing")
"""The groups whose plausible ranges a screening varies by default: how offenders, harassers,
residents, police and the camera system behave. The world (``city``, ``population``) is the
city preset; ``alternatives`` are levers a policy sets."""

HEADLINE = "spectacular.true_change_in_view"
"""The headline outcome: the policy's true relative change of spectacular crime in camera
view."""

DEFAULT_OUTCOMES = (
    HEADLINE,
    "spectacular.true_change_town",
    "spectacular.displaced_to_buffer",
    "everyday.true_change_in_view",
    "harms.wrongful_stops",
    "harms.women_trips_forgone_change",
)
"""The outcomes a screening analyses by default (all registered outcomes are still stored)."""

KEYS = ("point", "replicate")
"""The columns that identify a row of a design."""


@dataclasses.dataclass(frozen=True)
class Settings:
    """What every row of a design shares: the city, the policy, the periods, the root seed.

    Args:
        city: a city preset (``town``, ``lahore``).
        policy: a registered policy; ``None`` for the registry's headline policy.
        before_days: days before the switch-on.
        after_days: days after it.
        root_seed: root of the replicate seeds (``sim.world.streams.replicate_seed``).
        base: fixed parameter values by dotted path applied at every point (a small city for
            tests, say); a point's own values win.
    """

    city: str = "town"
    policy: str | None = None
    before_days: int = 7
    after_days: int = 28
    root_seed: int = 0
    base: Mapping[str, Any] = dataclasses.field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping (the inverse of ``Settings(**d)``)."""
        return {**dataclasses.asdict(self), "base": dict(self.base)}


def problem(
    parameters: Iterable[str] | None = None, groups: Iterable[str] = BEHAVIOUR_GROUPS
) -> dict[str, Any]:
    """A SALib problem: the parameters and their plausible ranges as bounds.

    Args:
        parameters: dotted paths; by default every parameter of ``groups`` with a plausible
            range (:func:`sim.params.paths.plausible_ranges`).
        groups: the groups searched when ``parameters`` is ``None``.

    Raises:
        ValueError: a parameter without a plausible range (named).
    """
    ranges = plausible_ranges()
    names = list(plausible_ranges(groups)) if parameters is None else list(parameters)
    missing = [n for n in names if n not in ranges]
    if missing:
        raise ValueError(
            f"no plausible range declared for {', '.join(missing)}: vary only parameters listed "
            "by sim.params.paths.plausible_ranges() (docs/parameters.md, column plausible)"
        )
    return {
        "num_vars": len(names),
        "names": names,
        "bounds": [list(map(float, ranges[n])) for n in names],
    }


def sample(
    method: str,
    prob: Mapping[str, Any],
    n: int,
    *,
    seed: int = 0,
    num_levels: int = 4,
    fast_m: int = 4,
) -> np.ndarray:
    """The points of a SALib design, one row per point, in the problem's parameter order.

    Args:
        method: ``morris`` (``n`` trajectories of ``D + 1`` points), ``sobol`` (Saltelli's
            scheme without second-order terms: ``n * (D + 2)`` points, ``n`` a power of 2),
            ``fast`` (eFAST: ``n * D`` points, ``n > 4 * fast_m**2``) or ``lhs`` (``n`` points).
        prob: a problem from :func:`problem`.
        n: trajectories (Morris) or the base sample size (the others).
        seed: the sampler's seed.
        num_levels: levels of the Morris grid.
        fast_m: eFAST's interference parameter.
    """
    from SALib.sample import fast_sampler, latin, morris, sobol

    prob = dict(prob)
    if method == "morris":
        return morris.sample(prob, n, num_levels=num_levels, seed=seed)
    if method == "sobol":
        return sobol.sample(prob, n, calc_second_order=False, seed=seed)
    if method == "fast":
        return fast_sampler.sample(prob, n, M=fast_m, seed=seed)
    if method == "lhs":
        return latin.sample(prob, n, seed=seed)
    raise ValueError(f"unknown method {method!r}: expected one of {', '.join(METHODS)}")


def design_table(x: np.ndarray, names: Sequence[str], replicates: int = 1) -> pd.DataFrame:
    """The explicit design: one row per point and replicate, point-major, values rounded for
    whole-number fields (:func:`sim.params.paths.round_to_fields`).

    Columns: ``point``, ``replicate``, then one per parameter (dotted path).
    """
    rows = []
    for i, values in enumerate(np.asarray(x, dtype=float)):
        point = round_to_fields(dict(zip(names, (float(v) for v in values), strict=True)))
        rows.extend({"point": i, "replicate": r, **point} for r in range(replicates))
    return pd.DataFrame(rows, columns=[*KEYS, *names])


def points_of(design: pd.DataFrame) -> list[str]:
    """The parameter columns of a design."""
    return [c for c in design.columns if c not in KEYS]


def evaluate_row(
    row: Mapping[str, Any], settings: Settings, timings: dict[str, float] | None = None
) -> Outcomes:
    """Every registered effect outcome of one row of a design.

    ``timings``, if given, is filled as :func:`sim.analysis.evaluate.evaluate` fills it
    (``simulate_s``: bare simulation; ``total_s``: the whole evaluation).

    The row's parameters are applied over ``settings.base``; its replicate number picks the
    seed, so rows of the same replicate share common random numbers across points.
    """
    params = {k: _plain(v) for k, v in row.items() if k not in KEYS}
    (out,) = evaluate_replicates(
        {**settings.base, **params},
        city=settings.city,
        policy=settings.policy,
        before_days=settings.before_days,
        after_days=settings.after_days,
        replicates=1,
        first_replicate=int(row["replicate"]),
        root_seed=settings.root_seed,
        timings=timings,
    )
    return out


def check_design(design: pd.DataFrame, settings: Settings) -> None:
    """Build the parameters of every distinct point, so that a value the model refuses (a
    combination its consistency checks reject) stops the design before any run.

    Raises:
        sim.params.ParamError: naming the point and what is wrong with it.
    """
    from sim.analysis.evaluate import design_params

    names = points_of(design)
    for point, rows in design.groupby("point", sort=True):
        values = {k: _plain(v) for k, v in rows.iloc[0][names].items()}
        try:
            design_params({**settings.base, **values}, settings.city, settings.policy)
        except ValueError as err:
            raise type(err)(f"design point {point} ({values}): {err}") from err


def _plain(value: Any) -> Any:
    """A numpy scalar as a Python number (whole-number fields refuse ``numpy.float64(3.0)``)."""
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    return value


def evaluate_rows(design: pd.DataFrame, settings: Settings) -> tuple[pd.DataFrame, dict]:
    """Outcomes of every row of a design, in its order: ``point``, ``replicate`` and one column
    per registered effect outcome; and the seconds they took, summed over the rows
    (``simulate_s``: bare simulation; ``evaluate_s``: the whole evaluations)."""
    rows, spent = [], {"simulate_s": 0.0, "evaluate_s": 0.0}
    for record in design.to_dict("records"):
        timings: dict[str, float] = {}
        out = evaluate_row(record, settings, timings)
        spent["simulate_s"] += timings["simulate_s"]
        spent["evaluate_s"] += timings["total_s"]
        rows.append({"point": int(record["point"]), "replicate": int(record["replicate"]), **out})
    return pd.DataFrame(rows), spent


def point_means(outcomes: pd.DataFrame, names: Sequence[str]) -> pd.DataFrame:
    """Each point's outcomes averaged over its replicates (NaN replicates left out), by point."""
    return outcomes.groupby("point", sort=True)[list(names)].mean()


def analyse(
    method: str,
    prob: Mapping[str, Any],
    x: np.ndarray,
    y: np.ndarray,
    *,
    seed: int = 0,
    num_levels: int = 4,
    fast_m: int = 4,
) -> pd.DataFrame:
    """SALib's indices of one outcome, one row per parameter.

    Columns: ``parameter`` and, for ``morris``, ``mu``, ``mu_star``, ``mu_star_conf``,
    ``sigma``; ``sobol``: ``S1``, ``S1_conf``, ``ST``, ``ST_conf``; ``fast``: ``S1``, ``ST``
    (SALib's bootstrap intervals for FAST are unreliable, so none); ``lhs``: RBD-FAST's
    ``S1``, ``S1_conf`` (a first-order index that needs no special sample). Confidence
    intervals are 95 % bootstrap half-widths.
    """
    from SALib.analyze import fast, morris, rbd_fast, sobol

    prob, y = dict(prob), np.asarray(y, dtype=float)
    with warnings.catch_warnings(), np.errstate(divide="ignore", invalid="ignore"):
        # A constant outcome (no effect at any point) has no variance to share out: its
        # indices are NaN, which is the answer, not a fault.
        warnings.filterwarnings("ignore", message="Constant values encountered")
        # SALib's bootstrap intervals for FAST are unreliable (SALib issue 649); not reported.
        warnings.filterwarnings("ignore", message="FAST confidence intervals")
        if method == "morris":
            res = morris.analyze(prob, np.asarray(x), y, num_levels=num_levels, seed=seed)
            cols = ["mu", "mu_star", "mu_star_conf", "sigma"]
        elif method == "sobol":
            res = sobol.analyze(prob, y, calc_second_order=False, seed=seed)
            cols = ["S1", "S1_conf", "ST", "ST_conf"]
        elif method == "fast":
            res = fast.analyze(prob, y, M=fast_m, seed=seed)
            cols = ["S1", "ST"]
        elif method == "lhs":
            res = rbd_fast.analyze(prob, np.asarray(x), y, seed=seed)
            cols = ["S1", "S1_conf"]
        else:
            raise ValueError(f"unknown method {method!r}: expected one of {', '.join(METHODS)}")
    table = pd.DataFrame({c: np.asarray(res[c], dtype=float) for c in cols})
    table.insert(0, "parameter", list(prob["names"]))
    return table


def indices(
    method: str,
    prob: Mapping[str, Any],
    x: np.ndarray,
    outcomes: pd.DataFrame,
    names: Sequence[str],
    **options: Any,
) -> pd.DataFrame:
    """The indices of several outcomes, stacked: ``parameter``, ``outcome``, then the method's
    columns (:func:`analyse`). An outcome with a NaN at some point (a ratio over an empty zone)
    is left out: SALib's estimators need every point."""
    means = point_means(outcomes, names)
    tables = []
    for name in names:
        y = means[name].to_numpy()
        if np.isnan(y).any() or len(y) != len(x):
            continue
        table = analyse(method, prob, x, y, **options)
        table.insert(1, "outcome", name)
        tables.append(table)
    return pd.concat(tables, ignore_index=True) if tables else pd.DataFrame()


def sign_summary(values: Iterable[float]) -> dict[str, Any]:
    """How an outcome's sign varies over a design's points: counts, range, and whether it
    holds (every point on the same side of zero, none at zero)."""
    v = np.asarray([x for x in values if not np.isnan(x)], dtype=float)
    if v.size == 0:
        return {"n": 0, "negative": 0, "zero": 0, "positive": 0, "holds": False}
    negative, positive = int((v < 0).sum()), int((v > 0).sum())
    return {
        "n": int(v.size),
        "negative": negative,
        "zero": int((v == 0).sum()),
        "positive": positive,
        "min": float(v.min()),
        "median": float(np.median(v)),
        "max": float(v.max()),
        "holds": negative == v.size or positive == v.size,
        "sign": "negative" if negative > positive else "positive" if positive else "zero",
    }
