"""The twin-world displacement experiment: a policy run against its no-policy twin.

Each replicate seed is run once per policy, with the policy switched on at the intervention
day, and once without any policy (the twin; policies that change the world itself, as
crime-type displacement does, get a twin of their own). Before that day both runs are
identical, draw for draw; afterwards the difference between them is the policy's true effect.
From the policy run alone, the field measures (WDQ, TNE on recorded crime, as an evaluator
would compute them) are set beside that truth. Everything here is a pure function of
parameters and results.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from sim.analysis.field import (
    Zone,
    make_zones,
    total_net_effect,
    wdq_status,
    weighted_displacement_quotient,
)
from sim.model import SafeCityModel
from sim.outputs.summary import victim_label
from sim.params import SimParams
from sim.params.experiment import ExperimentParams
from sim.world.clock import HOURS_PER_DAY
from sim.world.offences import CATEGORIES, OFFENCES

ZONE_NAMES = {Zone.TREATMENT: "treatment", Zone.BUFFER: "buffer", Zone.CONTROL: "control"}


@dataclasses.dataclass
class World:
    """One finished run: its incidents, its residents, and where the policy acted."""

    events: pd.DataFrame
    residents: pd.DataFrame
    footprint: np.ndarray
    model: SafeCityModel

    @property
    def cell(self) -> np.ndarray:
        """Flat cell index of every incident."""
        return self.model.city.cell_of(self.events["x"].to_numpy(), self.events["y"].to_numpy())

    @property
    def dark(self) -> np.ndarray:
        """Whether every incident happened after dark."""
        hour = self.events["tick"].to_numpy() % HOURS_PER_DAY
        return np.array([self.model.is_dark(h) for h in range(HOURS_PER_DAY)])[hour]


def with_intervention(params: SimParams, exp: ExperimentParams, seed: int) -> SimParams:
    """A policy's parameters set up for the experiment: its cameras and alternatives start on
    the intervention day; the run lasts the before and after periods."""
    return params.with_overrides(
        {
            "surveillance": {"install_day": exp.before_days},
            "alternatives": {"start_day": exp.before_days},
            "run": {"seed": seed, "days": exp.before_days + exp.after_days},
        }
    )


def twin_of(params: SimParams) -> SimParams:
    """The no-policy twin: the same world (offenders' behaviour, crime-type displacement
    included), with no cameras and no alternatives to them.

    The surveillance, alternatives and equal_budget groups are reset to their defaults with
    placement ``none`` and nothing bought, so that policies differing only in how their cameras
    are placed, monitored or matched, or in what the budget buys, share one twin (a camera
    setting or a unit cost cannot act where nothing is installed or bought)."""
    return dataclasses.replace(
        params,
        surveillance=type(params.surveillance)(placement="none"),
        alternatives=type(params.alternatives)(),
        equal_budget=type(params.equal_budget)(),
    )


def simulate(params: SimParams) -> World:
    """Run a model to the end and keep what the experiment needs."""
    model = SafeCityModel(params)
    model.run_days()
    return World(model.events.to_frame(), model.resident_outcomes(), model.policy_footprint, model)


def _counts(
    world: World, zones: np.ndarray, select: np.ndarray, after: np.ndarray
) -> dict[str, int]:
    """Incidents selected by ``select`` per zone, before and after."""
    zone_of = zones[world.cell]
    out = {}
    for code, name in ZONE_NAMES.items():
        in_zone = select & (zone_of == code)
        out[f"{name}_before"] = int((in_zone & ~after).sum())
        out[f"{name}_after"] = int((in_zone & after).sum())
    out["all_after"] = int((select & after).sum())
    out["night_after"] = int((select & after & world.dark).sum())
    return out


def _field_measures(c: dict[str, int], prefix: str) -> dict[str, float | str]:
    args = tuple(
        c[k]
        for k in (
            "treatment_before",
            "treatment_after",
            "buffer_before",
            "buffer_after",
            "control_before",
            "control_after",
        )
    )
    return {
        f"{prefix}wdq": weighted_displacement_quotient(*args),
        f"{prefix}wdq_status": str(wdq_status(*args)),
        f"{prefix}tne": total_net_effect(*args),
    }


def _ratio(num: float, den: float) -> float:
    return num / den if den else np.nan


def zones_for(policy: World, twin: World, exp: ExperimentParams) -> np.ndarray:
    """Zone of every cell for this policy: its footprint is the treatment area; control is
    matched on baseline (before-period) incidents, the same in both worlds."""
    baseline = np.bincount(
        twin.cell[twin.events["tick"].to_numpy() < exp.before_days * HOURS_PER_DAY],
        minlength=len(policy.footprint),
    )
    return make_zones(
        policy.model.city,
        policy.footprint,
        baseline,
        exp.buffer_cells,
        exp.control_min_distance_cells,
    )


def effects(
    policy: World, twin: World, exp: ExperimentParams, zones: np.ndarray | None = None
) -> pd.DataFrame:
    """One row per category and offence: field measures on recorded and on true incidents, and
    the true effect from the twin (prevented in treatment, buffer and elsewhere; relative
    change; night share; the change recorded crime shows). ``zones`` default to
    :func:`zones_for`."""
    intervention_tick = exp.before_days * HOURS_PER_DAY
    if zones is None:
        zones = zones_for(policy, twin, exp)

    rows = []
    selections = [("category", c) for c in CATEGORIES] + [("offence", o) for o in OFFENCES]
    for column, value in selections:
        row = {"level": column, "category" if column == "category" else "offence": value}
        p_sel = (policy.events[column] == value).to_numpy()
        t_sel = (twin.events[column] == value).to_numpy()
        p_after = policy.events["tick"].to_numpy() >= intervention_tick
        t_after = twin.events["tick"].to_numpy() >= intervention_tick
        recorded = policy.events["recorded"].to_numpy()
        true_counts = _counts(policy, zones, p_sel, p_after)
        rec_counts = _counts(policy, zones, p_sel & recorded, p_after)
        twin_counts = _counts(twin, zones, t_sel, t_after)
        twin_rec = _counts(twin, zones, t_sel & twin.events["recorded"].to_numpy(), t_after)
        row.update({f"true_{k}": v for k, v in true_counts.items()})
        row.update({f"recorded_{k}": v for k, v in rec_counts.items()})
        row.update({f"twin_{k}": v for k, v in twin_counts.items()})
        row.update(_field_measures(rec_counts, ""))
        row.update(_field_measures(true_counts, "true_"))
        ratio = exp.before_days / exp.after_days
        row.update(
            true_prevented_treatment=twin_counts["treatment_after"]
            - true_counts["treatment_after"],
            true_prevented_buffer=twin_counts["buffer_after"] - true_counts["buffer_after"],
            true_prevented_total=twin_counts["all_after"] - true_counts["all_after"],
            true_relative_change_treatment=_ratio(
                true_counts["treatment_after"] - twin_counts["treatment_after"],
                twin_counts["treatment_after"],
            ),
            true_relative_change_total=_ratio(
                true_counts["all_after"] - twin_counts["all_after"], twin_counts["all_after"]
            ),
            night_share_after=_ratio(true_counts["night_after"], true_counts["all_after"]),
            twin_night_share_after=_ratio(twin_counts["night_after"], twin_counts["all_after"]),
            recorded_relative_change_treatment=_ratio(
                rec_counts["treatment_after"] * ratio - rec_counts["treatment_before"],
                rec_counts["treatment_before"],
            ),
            recorded_relative_change_vs_twin=_ratio(
                rec_counts["all_after"] - twin_rec["all_after"], twin_rec["all_after"]
            ),
        )
        rows.append(row)
    return pd.DataFrame(rows)


def harms(policy: World, twin: World) -> pd.DataFrame:
    """Per resident group: trips made and forgone, fear, face captures, false matches and
    wrongful stops in the policy run, with the twin's trips and fear beside them."""
    rows = []
    for name, world in (("policy", policy), ("twin", twin)):
        r = world.residents
        label = victim_label(r["gender"], r["group"])
        agg = r.groupby(label).agg(
            residents=("trips", "size"),
            trips=("trips", "sum"),
            trips_forgone=("trips_forgone", "sum"),
            fear=("fear", "mean"),
            face_captures=("face_captures", "sum"),
            false_matches=("false_matches", "sum"),
            wrongful_stops=("wrongful_stops", "sum"),
        )
        agg["world"] = name
        rows.append(agg.reset_index(names="group"))
    return pd.concat(rows, ignore_index=True)


def moved(policy: World, twin: World, exp: ExperimentParams, category: str) -> np.ndarray:
    """After-period true incidents per cell, policy minus twin: where incidents moved."""
    tick = exp.before_days * HOURS_PER_DAY
    counts = []
    for world in (policy, twin):
        sel = (world.events["category"] == category).to_numpy() & (
            world.events["tick"].to_numpy() >= tick
        )
        counts.append(np.bincount(world.cell[sel], minlength=len(policy.footprint)))
    return counts[0] - counts[1]
