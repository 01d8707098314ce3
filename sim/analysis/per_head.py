"""A world's figures per head and per km2, beside Lahore's sourced ones.

Every model figure is computed from a built (and, for crime, finished) run: people and area from
the city and population, cameras from the cameras installed, police from the officer agents, and
crime from the event log. One agent stands for ``population.agent_scale`` people, and so does
each incident an agent commits or suffers: a count in people is the count of agents or incidents
times ``agent_scale`` (docs/experiment.md, "What the agent scale means for counts").
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from sim.analysis.targets import LAHORE_STREET_ROBBERIES_DAY
from sim.params import PolicingParams, SimParams, TrustParams
from sim.params.costs import LAHORE_CAMERAS
from sim.params.equal_budget import LAHORE_AREA_KM2, LAHORE_PEOPLE

DAYS_PER_YEAR = 365.0
PER_100K = 1e5

LAHORE_PEOPLE_PER_OFFICER = 413.0
LAHORE_VEHICLE_THEFTS_QUARTER = 5500.0
# The dark figure of street robbery: the share of true robberies that end as a registered FIR
# is the victims' chance to report (trust.p_report_robbery, 0.35) times the police's chance to
# register (policing.p_record, 0.7), the model's defaults. Both are assumptions: no reporting
# rate for Lahore could be verified (docs/parameters.md).
LAHORE_SHARE_RECORDED = TrustParams().p_report_robbery * PolicingParams().p_record


@dataclasses.dataclass(frozen=True)
class Figure:
    """One row of the per-head table: the model's value and Lahore's, with Lahore's source."""

    name: str
    unit: str
    lahore: float
    source: str
    required: bool  # within 1.5x of Lahore's figure is required of the default world


FIGURES: tuple[Figure, ...] = (
    Figure(
        "residents_per_km2",
        "residents per km2",
        LAHORE_PEOPLE / LAHORE_AREA_KM2,
        "13.0 million on 1,772 km2 (2023 census; VALIDATION population, area)",
        False,
    ),
    Figure(
        "cameras_per_100k",
        "cameras per 100,000 residents",
        LAHORE_CAMERAS / LAHORE_PEOPLE * PER_100K,
        "about 8,000 cameras (PSCA and press; VALIDATION cameras)",
        True,
    ),
    Figure(
        "police_per_100k",
        "police officers per 100,000 residents",
        PER_100K / LAHORE_PEOPLE_PER_OFFICER,
        "1 officer per about 413 residents (Dawn 2016; VALIDATION police strength)",
        True,
    ),
    Figure(
        "recorded_street_robbery_per_100k_year",
        "recorded street robberies per 100,000 residents a year",
        LAHORE_STREET_ROBBERIES_DAY * DAYS_PER_YEAR / LAHORE_PEOPLE * PER_100K,
        "18 robberies and 19 phone snatchings recorded in one day (Jang 2024; VALIDATION "
        "daily volume)",
        True,
    ),
    Figure(
        "true_street_robbery_per_100k_year",
        "true street robberies per 100,000 residents a year",
        LAHORE_STREET_ROBBERIES_DAY
        * DAYS_PER_YEAR
        / LAHORE_PEOPLE
        * PER_100K
        / LAHORE_SHARE_RECORDED,
        "the recorded rate divided by the share recorded, "
        f"{TrustParams().p_report_robbery:g} reported x {PolicingParams().p_record:g} registered "
        "(assumption: no Lahore reporting rate verified; plausible 0.06 to 0.54)",
        True,
    ),
    Figure(
        "recorded_vehicle_theft_per_100k_year",
        "recorded vehicle thefts per 100,000 residents a year",
        LAHORE_VEHICLE_THEFTS_QUARTER * 4 / LAHORE_PEOPLE * PER_100K,
        "about 5,500 motorcycles and cars stolen or snatched in Lahore in Q1 2024 (Jang 2024; "
        "VALIDATION vehicles, Lahore)",
        True,
    ),
    Figure(
        "harassment_per_100k_year",
        "harassment incidents per 100,000 residents a year",
        float("nan"),
        "no yearly count: 90% of women commuters surveyed had been harassed on public "
        "transport (Women's Safety Audit 2017), the calibration target",
        False,
    ),
)
"""The table's rows, in order."""

TOLERANCE = 1.5
"""The largest ratio, either way, between a required figure and Lahore's."""


def _per_100k_year(count: float, people: float, days: float) -> float:
    return count / people * PER_100K * DAYS_PER_YEAR / days if people and days else np.nan


def world_figures(
    params: SimParams,
    area_km2: float,
    n_officer_agents: int,
    n_cameras: int,
    events: pd.DataFrame,
    days: float,
) -> dict[str, float]:
    """The model's side of the table, from one run.

    Args:
        params: the run's parameters (population, agent scale, share of police on patrol).
        area_km2: the built city's area.
        n_officer_agents: patrol officer agents built (each stands for ``agent_scale``
            officers; the patrol is ``policing.share_on_patrol`` of the force).
        n_cameras: cameras installed (cameras are counted one for one, not scaled).
        events: the run's event log (labelled, as ``EventLog.to_frame``), over ``days``.
        days: the days the event log covers.
    """
    pop, pol = params.population, params.policing
    people, scale = pop.n_people, pop.agent_scale
    officers = n_officer_agents * scale / pol.share_on_patrol if pol.share_on_patrol else np.nan
    robbery = events["offence"].to_numpy() == "street_robbery"
    recorded = robbery & events["recorded"].to_numpy().astype(bool)
    harassment = events["offence"].to_numpy() == "harassment"
    theft = events["offence"].to_numpy() == "vehicle_theft"
    theft_recorded = theft & events["recorded"].to_numpy().astype(bool)
    return {
        "residents_per_km2": people / area_km2,
        "cameras_per_100k": n_cameras / people * PER_100K,
        "police_per_100k": officers / people * PER_100K,
        "recorded_street_robbery_per_100k_year": _per_100k_year(
            recorded.sum() * scale, people, days
        ),
        "true_street_robbery_per_100k_year": _per_100k_year(robbery.sum() * scale, people, days),
        "recorded_vehicle_theft_per_100k_year": _per_100k_year(
            theft_recorded.sum() * scale, people, days
        ),
        "harassment_per_100k_year": _per_100k_year(harassment.sum() * scale, people, days),
    }


def ratios(model: dict[str, float]) -> dict[str, float]:
    """Each figure's model value over Lahore's (NaN where Lahore has no figure)."""
    return {f.name: model[f.name] / f.lahore if f.lahore else np.nan for f in FIGURES}


def run_columns(
    params: SimParams,
    area_km2: float,
    n_officer_agents: int,
    n_cameras: int,
    twin_events: pd.DataFrame,
    days: float,
) -> dict[str, float]:
    """:func:`world_figures` as columns of ``runs.csv`` (``world_<name>``): cameras from the
    policy run, crime from its no-policy twin (the world before any policy acts)."""
    figures = world_figures(params, area_km2, n_officer_agents, n_cameras, twin_events, days)
    return {f"world_{k}": v for k, v in figures.items()}
