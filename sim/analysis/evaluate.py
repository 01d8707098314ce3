"""Evaluate one design point: a policy against its twin, as a flat mapping of registered outcomes.

    >>> from sim.analysis import evaluate
    >>> out = evaluate({"offending.k_camera": 0.2}, city="town", policy="safe_city",
    ...                before_days=14, after_days=28, replicates=2, root_seed=1)
    >>> out["spectacular.true_change_in_view"]  # doctest: +SKIP

This is the function an analysis calls (a design runner, SALib, pyabc, EMA Workbench): named
parameters in, named outcomes out (:mod:`sim.analysis.outcomes`, kind ``effect``). It reuses the
twin-world machinery of the displacement experiment (:mod:`sim.analysis.twin`, docs/experiment.md):
replicate ``r`` runs seed ``replicate_seed(root_seed, r)``, the policy is switched on at
``before_days``, and its twin is the same world without the cameras and alternatives, so the
difference after the switch-on is the policy's true effect.

Each outcome is computed per replicate by a *family* function (:data:`FAMILIES`), each taking a
:class:`Comparison` and returning a part of the mapping. The channel split (how much of the
change in view comes through deterrence, incapacitation and the rest, :mod:`sim.analysis.channels`)
is one of them: a camera policy is then also run blind to cameras and without camera-caused
custody on the same seed (three runs besides the twin).
"""

from __future__ import annotations

import dataclasses
import time
from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from sim.analysis.channels import blind, channel_table, has_channels, no_camera_custody
from sim.analysis.costs import COST_KINDS, camera_cost_rs, cost_per_prevented, purchase_columns
from sim.analysis.outcomes import outcomes
from sim.analysis.twin import World, effects, twin_of, with_intervention, zones_for
from sim.model import SafeCityModel
from sim.outputs.eventlog import CATEGORIES
from sim.outputs.summary import VICTIM_GROUPS, victim_label
from sim.params import ParamError, SimParams
from sim.params.costs import CostParams
from sim.params.experiment import ExperimentParams
from sim.params.paths import nest
from sim.params.policies import the_one_with_role
from sim.presets import make_params
from sim.world.clock import DAYS_PER_YEAR, HOURS_PER_DAY
from sim.world.streams import replicate_seed

Outcomes = dict[str, float | str]


@dataclasses.dataclass
class Comparison:
    """One replicate of a design point: the policy run, its twin, the zones and the design."""

    policy: World
    twin: World
    exp: ExperimentParams
    costs: CostParams
    zones: np.ndarray
    effects: pd.DataFrame  # sim.analysis.twin.effects, category rows only
    channel_effects: tuple = (None, None)  # effects of the blind and no-custody runs
    offences: pd.DataFrame | None = None  # sim.analysis.twin.effects, offence rows

    def prevented(self, offences: tuple[str, ...]) -> float:
        """Incidents of ``offences`` truly prevented town-wide, in real incidents."""
        rows = self.offences[self.offences["offence"].isin(offences)]
        scale = self.policy.model.params.population.agent_scale
        return float(rows["true_prevented_total"].sum()) * scale

    def category(self, name: str) -> pd.Series:
        """The effects row of one category."""
        return self.effects.loc[self.effects["category"] == name].iloc[0]


def change_and_field(c: Comparison) -> Outcomes:
    """True change in view and town-wide, displacement to the buffer, field WDQ and TNE."""
    out: Outcomes = {}
    for cat in CATEGORIES:
        row = c.category(cat)
        out[f"{cat}.true_change_in_view"] = float(row["true_relative_change_treatment"])
        out[f"{cat}.true_change_town"] = float(row["true_relative_change_total"])
        out[f"{cat}.prevented_in_view"] = float(row["true_prevented_treatment"])
        out[f"{cat}.prevented_town"] = float(row["true_prevented_total"])
        out[f"{cat}.displaced_to_buffer"] = -float(row["true_prevented_buffer"])
        out[f"{cat}.field_wdq"] = float(row["wdq"])
        out[f"{cat}.field_wdq_status"] = str(row["wdq_status"])
        out[f"{cat}.field_wdq_ok"] = float(row["wdq_status"] == "ok")
        out[f"{cat}.field_tne"] = float(row["tne"])
        out[f"{cat}.recorded_change_vs_twin"] = float(row["recorded_relative_change_vs_twin"])
    out["all.prevented_town"] = sum(float(out[f"{cat}.prevented_town"]) for cat in CATEGORIES)
    return out


def harms(c: Comparison) -> Outcomes:
    """False matches and wrongful stops of the policy run; women's trips and fear against the
    twin."""
    r, t = c.policy.residents, c.twin.residents
    label = victim_label(r["gender"], r["group"]).to_numpy()
    stops = r["wrongful_stops"].to_numpy()
    out: Outcomes = {
        "harms.false_matches": float(r["false_matches"].sum()),
        "harms.wrongful_stops": float(stops.sum()),
    }
    for g in VICTIM_GROUPS:
        out[f"harms.wrongful_stops.{g}"] = float(stops[label == g].sum())
    women_p, women_t = r["gender"] == "woman", t["gender"] == "woman"
    out["harms.women_trips_forgone_change"] = float(
        r.loc[women_p, "trips_forgone"].sum() - t.loc[women_t, "trips_forgone"].sum()
    )
    out["harms.women_fear_change"] = float(
        r.loc[women_p, "fear"].mean() - t.loc[women_t, "fear"].mean()
    )
    return out


def costs(c: Comparison) -> Outcomes:
    """The policy's cost over the after period (cameras, and what an equal-budget alternative
    bought) and per robbery, per harassment and per incident of each category truly prevented
    town-wide, each counted on its own (:data:`sim.analysis.costs.COST_KINDS`)."""
    model = c.policy.model
    n = model.cameras.n
    cost = camera_cost_rs(n, c.exp.after_days, c.costs)
    bought = purchase_columns(model.purchase)["alternative_rs_per_year"]
    out = {
        "costs.n_cameras": float(n),
        "costs.camera_cost_rs": float(cost),
    }
    cost += bought * c.exp.after_days / DAYS_PER_YEAR
    out["costs.cost_rs"] = float(cost)
    for kind, offences in COST_KINDS.items():
        out[f"costs.rs_per_prevented.{kind}"] = float(
            cost_per_prevented(cost, c.prevented(offences))
        )
    return out


def check(c: Comparison) -> Outcomes:
    """Whether the policy run and its twin were identical before the switch-on."""
    tick = c.exp.before_days * HOURS_PER_DAY

    def before(world: World) -> pd.DataFrame:
        return world.events[world.events["tick"] < tick].reset_index(drop=True)

    return {"check.before_identical_to_twin": float(before(c.policy).equals(before(c.twin)))}


def channels(c: Comparison) -> Outcomes:
    """The true change in view split into deterrence, incapacitation and other points."""
    table = channel_table(c.effects, *c.channel_effects)
    out: Outcomes = {}
    for row in table.itertuples():
        out[f"{row.category}.channel_total_points"] = 100.0 * row.total_relative_change_treatment
        out[f"{row.category}.channel_deterrence_points"] = row.deterrence_points
        out[f"{row.category}.channel_incapacitation_points"] = row.incapacitation_points
        out[f"{row.category}.channel_other_points"] = row.other_points
    return out


FAMILIES: list[Callable[[Comparison], Outcomes]] = [
    change_and_field,
    harms,
    costs,
    check,
    channels,
]
"""The outcome families, in the order of the registry."""


def design_params(
    point: Mapping[str, Any] | None, city: str, policy: str | None
) -> tuple[SimParams, str]:
    """The parameters of a design point on a city under a policy (the headline by default).

    Raises:
        ParamError: for an unknown path, a bad value, or a ``run.*`` path (the design sets the
            seed and the length).
    """
    nested = nest(point)
    if "run" in nested:
        raise ParamError(
            f"design point sets run.{next(iter(nested['run']))}: the seed and the length come "
            "from root_seed, replicates, before_days and after_days"
        )
    name = policy if policy is not None else the_one_with_role("headline")
    return make_params(city, nested, policy=name), name


def _run(params: SimParams) -> tuple[SafeCityModel, float]:
    """A finished model and the seconds its bare simulation (build and run) took; the World
    is then made as :func:`sim.analysis.twin.simulate` makes it."""
    t0 = time.perf_counter()
    model = SafeCityModel(params)
    model.run_days()
    return model, time.perf_counter() - t0


def evaluate_replicates(
    point: Mapping[str, Any] | None = None,
    *,
    city: str = "town",
    policy: str | None = None,
    before_days: int | None = None,
    after_days: int | None = None,
    replicates: int = 1,
    root_seed: int = 0,
    costs_params: CostParams | None = None,
    timings: dict[str, float] | None = None,
    first_replicate: int = 0,
) -> list[Outcomes]:
    """The registered effect outcomes of every replicate of one design point.

    Args: as :func:`evaluate`, and ``first_replicate``: the number of the first replicate run
    (replicates ``first_replicate`` to ``first_replicate + replicates - 1``), so that a design
    runner can run one replicate of a point as its own unit of work.

    Returns:
        One mapping per replicate, keys in registry order.
    """
    params, _ = design_params(point, city, policy)
    defaults = ExperimentParams()
    exp = ExperimentParams(
        before_days=defaults.before_days if before_days is None else before_days,
        after_days=defaults.after_days if after_days is None else after_days,
        replicates=replicates,
        root_seed=root_seed,
    )
    costs_params = costs_params or CostParams()
    rows, sim_s, t_start = [], 0.0, time.perf_counter()
    for r in range(first_replicate, first_replicate + replicates):
        seed = replicate_seed(root_seed, r)
        policy_params = with_intervention(params, exp, seed)
        worlds = []
        for p in (twin_of(policy_params), policy_params):
            model, seconds = _run(p)
            sim_s += seconds
            worlds.append(
                World(
                    model.events.to_frame(),
                    model.resident_outcomes(),
                    model.policy_footprint,
                    model,
                )
            )
        twin, world = worlds
        zones = zones_for(world, twin, exp)
        table = effects(world, twin, exp, zones)
        split = []
        for variant in (blind, no_camera_custody) if has_channels(params) else ():
            model, seconds = _run(with_intervention(variant(params), exp, seed))
            sim_s += seconds
            other = World(model.events.to_frame(), model.resident_outcomes(), None, model)
            split.append(effects(other, twin, exp, zones))
        comparison = Comparison(
            world,
            twin,
            exp,
            costs_params,
            zones,
            table[table["level"] == "category"],
            tuple(split) if split else (None, None),
            table[table["level"] == "offence"],
        )
        row: Outcomes = {}
        for family in FAMILIES:
            row.update(family(comparison))
        rows.append(_in_registry_order(row))
    if timings is not None:
        timings["simulate_s"] = sim_s
        timings["total_s"] = time.perf_counter() - t_start
    return rows


def _in_registry_order(row: Outcomes) -> Outcomes:
    """The outcomes in registry order; an outcome a family gives but the registry lacks, or
    the other way round, is a programming error."""
    names = outcomes("effect")
    if set(names) != set(row):
        raise RuntimeError(f"outcomes and registry differ: {sorted(set(names) ^ set(row))}")
    return {name: row[name] for name in names}


def aggregate(rows: list[Outcomes]) -> Outcomes:
    """Replicates combined: numbers by their mean over the replicates where they are not NaN
    (NaN if none), text by its most frequent value (the first seen on a tie)."""
    out: Outcomes = {}
    for key in rows[0]:
        values = [row[key] for row in rows]
        if isinstance(values[0], str):
            out[key] = Counter(values).most_common(1)[0][0]
        else:
            finite = [v for v in values if not np.isnan(v)]
            out[key] = float(np.mean(finite)) if finite else float("nan")
    return out


def evaluate(
    point: Mapping[str, Any] | None = None,
    *,
    city: str = "town",
    policy: str | None = None,
    before_days: int | None = None,
    after_days: int | None = None,
    replicates: int = 1,
    root_seed: int = 0,
    costs_params: CostParams | None = None,
    timings: dict[str, float] | None = None,
) -> Outcomes:
    """Evaluate one design point: the policy against its twin on common random numbers.

    Args:
        point: parameter values by dotted path (``{"offending.k_camera": 0.2}``; groups
            accepted too), applied on the city and the policy. Whole-number fields must be
            whole (designs round with :func:`sim.params.paths.round_to_fields`). ``run.*`` is
            refused: the design sets seeds and lengths.
        city: a city preset (``town``, ``lahore``).
        policy: a registered policy name; the registry's headline policy by default.
        before_days: days before the switch-on (default: ``ExperimentParams``' 56).
        after_days: days after it (default: 84).
        replicates: replicate seeds to run, each a policy run and its twin.
        root_seed: root of the replicate seeds (``sim.world.streams.replicate_seed``), as in
            ``safecity-experiment``.
        costs_params: unit costs of cameras (default: ``CostParams()``).
        timings: if given, filled with ``simulate_s`` (building and running the models, the
            bare simulation) and ``total_s`` (all of this call); their difference is the
            overhead of the evaluation (``benchmarks/evaluate_overhead.py``).

    Returns:
        Every registered effect outcome (``sim.analysis.outcomes.outcomes("effect")``), by name:
        means over replicates for numbers (NaN replicates left out), the most frequent value for
        the WDQ status. Units and definitions: ``docs/outcomes.md``.
    """
    rows = evaluate_replicates(
        point,
        city=city,
        policy=policy,
        before_days=before_days,
        after_days=after_days,
        replicates=replicates,
        root_seed=root_seed,
        costs_params=costs_params,
        timings=timings,
    )
    return aggregate(rows)
