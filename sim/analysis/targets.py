"""Calibration targets: named, sourced figures and the model quantity that corresponds to each.

Each :class:`Target` holds the figure (``value``), how far from it a run may lie before it
counts as far (``scale``, in the target's unit: a run ``scale`` away adds 1 to the squared
distance), its source with the confidence of ``shared/VALIDATION.md``, and why the quantity can
be observed in a run. :func:`statistics` measures every target on one finished run; the
calibration (``safecity-calibrate``) compares them with :func:`distance`.

A run is measured over a *window* that follows a *warm-up*: women's fear starts at its baseline
and takes about six weeks to settle (it rises with the victimisation around them), and with it
their trips; measuring from day 0 would fit the start-up, not the world.

Not targets, and why:

- *reporting rates*: ``shared/VALIDATION.md`` has no victimisation survey for Lahore, so no
  reporting rate is sourced (``trust.p_report_*`` say so); a recorded rate only constrains the
  product of offending, reporting and recording;
- *night travel* (99% of young women avoid public transport at night): the model records trips
  per person, not whether a person ever travels after dark;
- the camera patterns A1 to A5 are effects of a policy against its twin, measured by the
  displacement experiment, not features of the world the parameters describe; A6 (domestic
  violence unseen by street cameras) holds by construction; A7 (fear exceeds victimisation) has
  no figure.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

import numpy as np
import pandas as pd
from scipy.special import expit, logit

from sim.params import SimParams
from sim.params.equal_budget import LAHORE_PEOPLE
from sim.world.residents import HOURS_PER_DAY

DAYS_PER_YEAR = 365.0
PER_100K = 1e5


@dataclasses.dataclass(frozen=True)
class Target:
    """One calibration target.

    Args:
        name: the statistic's name (a key of :func:`statistics`).
        value: the sourced figure, in ``unit``.
        scale: the distance at which a run counts as one unit away (same unit as ``value``).
        unit: its unit.
        quantity: the model quantity that is compared with the figure, and over what period.
        source: the figure's source and how it becomes ``value``.
        confidence: ``checked`` or ``secondary``, as in ``shared/VALIDATION.md``.
        observable: why the quantity can be measured on a run of the model.
    """

    name: str
    value: float
    scale: float
    unit: str
    quantity: str
    source: str
    confidence: str
    observable: str

    def __post_init__(self) -> None:
        if not self.scale > 0:
            raise ValueError(f"target {self.name}: scale must be > 0, got {self.scale}")
        if self.confidence not in ("checked", "secondary"):
            raise ValueError(f"target {self.name}: confidence {self.confidence!r}")


LAHORE_STREET_ROBBERIES_DAY = 18 + 19  # VALIDATION daily volume: robberies and phone snatchings

TARGETS: tuple[Target, ...] = (
    Target(
        name="trip_ratio_women_to_men",
        value=0.5,
        scale=0.05,
        unit="ratio",
        quantity="trips per woman divided by trips per man, over the window",
        source="Adeel 2017, Transportation 44(6): women in Pakistan make about half as many "
        "trips as men (VALIDATION women's mobility)",
        confidence="checked",
        observable="every resident's trips are counted by hour (series women_trips, men_trips)",
    ),
    Target(
        name="harassment_prevalence_year",
        value=0.90,
        scale=0.05,
        unit="share",
        quantity="share of regular women transit commuters (a trip a week or more, routes "
        "through transit stops) harassed at least once in a year: the window's harassment "
        "counts per woman extrapolated to 365 days by a gamma-Poisson (negative binomial) fit "
        "by moments, so that the women who are rarely exposed stay rarely harassed",
        source="Women's Safety Audit in Public Transport in Lahore 2017: 90% of 903 women "
        "commuters had faced harassment on public transport (VALIDATION harassment in "
        "transit). The survey's recall period is not stated; one year of commuting is our "
        "reading (with a longer one the same 90% would mean less harassment per year)",
        confidence="secondary",
        observable="harassment incidents name their victim; residents carry their trips and "
        "whether their routes pass transit stops. The model has no vehicles: harassment on "
        "the way stands for harassment on public transport",
    ),
    Target(
        name="recorded_street_robbery_per_100k_year",
        value=LAHORE_STREET_ROBBERIES_DAY * DAYS_PER_YEAR / LAHORE_PEOPLE * PER_100K,
        scale=50.0,
        unit="per 100,000 residents per year",
        quantity="street robberies expected to be recorded (each true one weighted by its "
        "victim's chance to report, from trust at the end of the run, times policing.p_record) "
        "per 100,000 residents, as a yearly rate over the window",
        source="Jang 2024 (VALIDATION daily volume, secondary): 18 robberies and 19 phone "
        "snatchings recorded in Lahore in one day, over 13.0 million residents (2023 census). "
        "One day's count: the scale is half the figure. On the town this is a teaching device: "
        "a small, dense town need not have a metropolis's crime per head",
        confidence="secondary",
        observable="every incident is logged with its victim; the expected recorded count "
        "replaces the few recorded robberies of a small town by their expectation, so the "
        "reporting lottery adds no noise to the distance",
    ),
)
"""The registry of calibration targets, in the order of the distance."""


def target(name: str) -> Target:
    """The registered target called ``name``."""
    for t in TARGETS:
        if t.name == name:
            return t
    raise KeyError(f"unknown target {name!r}: expected one of {[t.name for t in TARGETS]}")


def year_prevalence(counts: np.ndarray, days: float, horizon_days: float = DAYS_PER_YEAR) -> float:
    """Share of people with at least one event in ``horizon_days``, from counts over ``days``.

    Each person's events are taken as Poisson with a rate that differs between people as a
    gamma distribution, fitted by moments (mean ``m``, variance ``v``, shape
    ``k = m**2 / (v - m)``): the share with none in the horizon is ``(1 + m * h / k) ** -k``
    with ``h = horizon_days / days``. With no extra variance (``v <= m``) the rate is the same
    for all and the share is ``1 - exp(-m * h)``. Checked on the town with the defaults: from
    28 days, 0.91 against 0.88 counted over a whole year (a slight overestimate).
    """
    counts = np.asarray(counts, dtype=float)
    if counts.size == 0:
        return float("nan")
    m, v = counts.mean(), counts.var()
    h = horizon_days / days
    if m == 0:
        return 0.0
    if v <= m:
        return float(1.0 - np.exp(-m * h))
    k = m * m / (v - m)
    return float(1.0 - (1.0 + m * h / k) ** (-k))


def statistics(
    events: pd.DataFrame,
    series: pd.DataFrame,
    residents: pd.DataFrame,
    params: SimParams,
    warmup_days: int,
) -> dict[str, float]:
    """Every target's model quantity on one finished run, measured after ``warmup_days``.

    Args:
        events: the event log (``model.events.to_frame()``).
        series: the per-tick series (``model.series()``).
        residents: the resident outcomes (``model.resident_outcomes()``).
        params: the run's parameters.
        warmup_days: days at the start that are not measured.

    Returns:
        ``{target name: value}``; a ratio with no denominator is NaN.
    """
    start = warmup_days * HOURS_PER_DAY
    window_days = len(series) / HOURS_PER_DAY - warmup_days
    if window_days <= 0:
        raise ValueError(f"no window: the run lasts {len(series)} ticks, warm-up {start}")
    after = series.iloc[start:]
    women = (residents["gender"] == "woman").to_numpy()
    n_w, n_m = int(women.sum()), int((~women).sum())
    per_man = after["men_trips"].sum() / n_m if n_m else np.nan
    per_woman = after["women_trips"].sum() / n_w if n_w else np.nan

    late = events[events["tick"].to_numpy() >= start]
    harassed = late.loc[late["offence"] == "harassment", "victim"].to_numpy()
    counts = np.bincount(harassed, minlength=len(residents))
    regular = residents["trips"].to_numpy() >= (len(series) / HOURS_PER_DAY) / 7.0
    commuters = women & regular & residents["transit"].to_numpy().astype(bool)

    robbery_victims = late.loc[late["offence"] == "street_robbery", "victim"].to_numpy()
    t = params.trust
    trust = residents["trust"].to_numpy()[robbery_victims]
    p_report = expit(
        logit(np.clip(t.p_report_robbery, 1e-9, 1 - 1e-9))
        + t.w_trust_reporting * (trust - t.initial_mean)
    )
    expected_recorded = float(p_report.sum() * params.policing.p_record)
    return {
        "trip_ratio_women_to_men": float(per_woman / per_man) if per_man else float("nan"),
        "harassment_prevalence_year": year_prevalence(counts[commuters], window_days),
        "recorded_street_robbery_per_100k_year": expected_recorded
        / len(residents)
        * PER_100K
        * DAYS_PER_YEAR
        / window_days,
    }


def distance(stats: Mapping[str, float], weights: Mapping[str, float] | None = None) -> float:
    """Weighted Euclidean distance of ``stats`` from the targets, each scaled by its scale:
    ``sqrt(sum(w * ((s - value) / scale) ** 2))``; a NaN statistic makes it infinite."""
    total = 0.0
    for t in TARGETS:
        w = 1.0 if weights is None else float(weights.get(t.name, 1.0))
        if w == 0:
            continue
        z = (stats[t.name] - t.value) / t.scale
        if not np.isfinite(z):
            return float("inf")
        total += w * z * z
    return float(np.sqrt(total))


def targets_table() -> str:
    """The targets as a Markdown table (``docs/sensitivity.md`` is generated from it)."""
    rows = [
        "| target | value | scale | unit | model quantity | source (confidence) | observable |",
        "|---|---|---|---|---|---|---|",
    ]
    for t in TARGETS:
        rows.append(
            f"| `{t.name}` | {t.value:.4g} | {t.scale:g} | {t.unit} | {t.quantity} | "
            f"{t.source} ({t.confidence}) | {t.observable} |"
        )
    return "\n".join(rows)
