"""The outcome registry: every measure the project reports, with its unit, definition and origin.

One registry for two kinds of outcome:

- ``run`` outcomes are measured on one run: the numbers of its ``summary.json``
  (:func:`sim.outputs.summary.summarise`), named by their dotted path there. ``safecity-collect``
  takes its measures, their order and their units from here.
- ``effect`` outcomes compare a policy run with its no-policy twin on common random numbers
  (:func:`sim.analysis.evaluate.evaluate`): the true change, displacement to the buffer, the
  field measures an evaluator would compute, harms and costs. Sensitivity and calibration
  outputs are named from here.

Names may hold placeholders (``by_category.{category}.in_view``) that stand for every value of
a fixed list (:data:`PLACEHOLDERS`); :func:`outcomes` expands them. ``docs/outcomes.md`` is
generated from this module (``python -m experiments.outcome_docs``).

Rules every outcome follows: a count over an empty group is 0, never missing (so means over
replicates are not biased by missing rows); a mean is computed over its own units (never a sum
of means); a ratio with a zero denominator is NaN and says so in its definition.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
import string
from collections.abc import Iterable

from sim.analysis.costs import COST_KINDS
from sim.analysis.offender_outcomes import CHANNEL_EFFECT, OFFENDER_RUN
from sim.outputs.eventlog import CATEGORIES, OFFENCES
from sim.outputs.summary import FLAGS, VICTIM_GROUPS

KINDS = ("run", "effect")
PLACEHOLDERS: dict[str, tuple[str, ...]] = {
    "category": CATEGORIES,
    "offence": OFFENCES,
    "flag": ("incidents", *FLAGS),
    "group": VICTIM_GROUPS,
    "victim_flag": ("true", "detected", "reported", "recorded"),
    "cost_kind": tuple(COST_KINDS),
    "district": (),  # one per district of the city: numbered 0, 1, ... (not expanded)
}
"""Values each placeholder stands for. ``district`` depends on the city and is matched, not
expanded."""

SUMMARY = "summary.json of one run (sim.outputs.summary.summarise)"
TWIN = "policy run against its twin (sim.analysis.evaluate)"


@dataclasses.dataclass(frozen=True)
class Outcome:
    """One registered outcome (or a family of them, with placeholders in its name).

    Args:
        name: the measure's name: a dotted path, possibly with ``{placeholder}`` parts.
        unit: its unit ("incidents", "share", "minutes", "Rs", "-" for a code or a flag).
        definition: what it is, in one or two sentences, with the rule for empty groups.
        output: which output it is read from.
        kind: ``run`` or ``effect``.
    """

    name: str
    unit: str
    definition: str
    output: str
    kind: str

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"outcome {self.name}: kind {self.kind!r} not in {KINDS}")
        unknown = set(self.fields()) - set(PLACEHOLDERS)
        if unknown:
            raise ValueError(f"outcome {self.name}: unknown placeholders {sorted(unknown)}")

    def fields(self) -> list[str]:
        """The placeholders in the name, in order."""
        return [f for _, f, _, _ in string.Formatter().parse(self.name) if f]

    def expand(self) -> list[str]:
        """Every concrete name (a ``{district}`` name is returned as it is)."""
        fields = self.fields()
        if not fields or "district" in fields:
            return [self.name]
        values = itertools.product(*(PLACEHOLDERS[f] for f in fields))
        return [self.name.format(**dict(zip(fields, v, strict=True))) for v in values]

    def pattern(self) -> re.Pattern[str]:
        """A regular expression matching every concrete name of this outcome."""
        out, pos = "", 0
        for m in re.finditer(r"\{(\w+)\}", self.name):
            out += re.escape(self.name[pos : m.start()])
            values = PLACEHOLDERS[m.group(1)]
            out += "(?:" + "|".join(map(re.escape, values)) + ")" if values else r"\d+"
            pos = m.end()
        return re.compile(out + re.escape(self.name[pos:]) + "$")


def _run(name: str, unit: str, definition: str) -> Outcome:
    return Outcome(name, unit, definition, SUMMARY, "run")


def _effect(name: str, unit: str, definition: str) -> Outcome:
    return Outcome(name, unit, definition, TWIN, "effect")


_FLAG_TEXT = (
    "`incidents` counts every true incident; each other flag counts those that were in view of "
    "a working camera, detected, alerted live, identified by face recognition, reported, "
    "recorded, responded to, or ended in an arrest"
)

RUN_OUTCOMES: tuple[Outcome, ...] = (
    _run("seed", "-", "The seed the run used (a column of its own in collected tables)."),
    _run("root_seed", "-", "The root seed the run's seed was derived from."),
    _run("replicate", "-", "The replicate number (missing when the seed was given directly)."),
    _run("n_cells", "cells", "Cells of the city grid."),
    _run("area_km2", "km2", "Area of the city."),
    _run("agent_scale", "people per agent", "People one resident agent stands for."),
    _run("n_residents", "agents", "Resident agents."),
    _run("n_offenders", "agents", "Street-offender agents."),
    _run("n_harassers", "agents", "Resident men who harass women on their way."),
    _run("n_households", "households", "Households of the domestic-violence process."),
    _run("n_officers", "officers", "Patrol officers (agents)."),
    _run("n_response_units", "officers", "Officers kept for camera alerts."),
    _run("n_cameras", "cameras", "Cameras installed at the end of the run."),
    _run("n_sites", "sites", "Camera sites installed at the end of the run."),
    _run("coverage_share", "share of cells", "Share of cells in view of a camera at the end."),
    _run("event_log_bytes", "bytes", "Memory held by the run's event log."),
    _run("days", "days", "Days simulated."),
    _run("ticks", "hours", "Ticks (hours) simulated."),
    _run("timings_s.build_s", "s", "Wall time to build the model."),
    _run("timings_s.simulate_s", "s", "Wall time to simulate."),
    _run("incidents.{flag}", "incidents", f"Incidents of the whole run: {_FLAG_TEXT}."),
    _run(
        "by_category.{category}.{flag}",
        "incidents",
        f"As incidents.*, per category; 0 when a category has none: {_FLAG_TEXT}.",
    ),
    _run(
        "by_offence.{offence}.{flag}",
        "incidents",
        f"As incidents.*, per offence; 0 when an offence has none: {_FLAG_TEXT}.",
    ),
    _run(
        "by_victim_group.{category}.{group}.{victim_flag}",
        "incidents",
        "Incidents of a category whose victim belongs to the group: true, or of those detected, "
        "reported, recorded; 0 for a group with no victims.",
    ),
    _run(
        "recorded_share.{category}",
        "share",
        "Recorded incidents of the category over its true incidents; NaN without incidents.",
    ),
    _run("women.trips", "trips", "Trips women made."),
    _run("women.trips_forgone", "trips", "Trips women decided not to make (fear)."),
    _run(
        "women.trips_per_woman_day", "trips per woman per day", "Women's trips per woman per day."
    ),
    _run(
        "women.trip_ratio_women_to_men",
        "ratio",
        "Trips per woman over trips per man (VALIDATION women's mobility: about 0.5).",
    ),
    _run(
        "women.harassment_per_1000_trips",
        "incidents per 1,000 trips",
        "Harassment incidents per 1,000 trips made by women; NaN without trips.",
    ),
    _run("women.fear_mean", "0-1", "Mean fear of women at the end of the run (over women)."),
    _run("trips_forgone", "trips", "Trips forgone by every resident."),
    _run(
        "wrongful_stops.{group}",
        "stops",
        "Stops after a false face-recognition match, by group of the person stopped.",
    ),
    _run(
        "face_captures.{group}",
        "captures per resident per day",
        "Face captures per resident per day, by group.",
    ),
    _run(
        "face_captures_by_district.{district}",
        "captures per resident per day",
        "Face captures per resident per day, by home district (numbered).",
    ),
    _run("groups.{group}.residents", "agents", "Residents of the group."),
    _run("groups.{group}.trips", "trips", "Trips made by the group."),
    _run("groups.{group}.trips_forgone", "trips", "Trips forgone by the group."),
    _run(
        "groups.{group}.trips_per_day",
        "trips per resident per day",
        "Trips per resident of the group per day.",
    ),
    _run(
        "groups.{group}.fear_mean",
        "0-1",
        "Mean end-of-run fear of the group's members; NaN for men (fear is modelled for women).",
    ),
    _run(
        "groups.{group}.face_captures_per_resident_day",
        "captures per resident per day",
        "Face captures per resident of the group per day.",
    ),
    _run(
        "groups.{group}.false_matches",
        "matches",
        "False face-recognition matches of the group's members.",
    ),
    _run("groups.{group}.wrongful_stops", "stops", "Wrongful stops of the group's members."),
    _run(
        "groups.{group}.wrongful_stops_per_1000",
        "stops per 1,000 residents",
        "Wrongful stops per 1,000 residents of the group.",
    ),
    _run(
        "response.median_min",
        "minutes",
        "Median response time of incidents an officer reached; NaN without responses.",
    ),
    _run(
        "response.mean_min",
        "minutes",
        "Mean response time of incidents an officer reached; NaN without responses.",
    ),
    *(
        _run(f"series_totals.{name}", unit, definition)
        for name, unit, definition in (
            ("incidents", "incidents", "Sum over hours of the hourly incident count."),
            ("{category}", "incidents", "Sum over hours of the category's incidents."),
            ("harassment", "incidents", "Sum over hours of harassment incidents."),
            ("domestic_violence", "incidents", "Sum over hours of domestic-violence incidents."),
            ("in_view", "incidents", "Sum over hours of incidents in view of a working camera."),
            ("detected", "incidents", "Sum over hours of incidents a camera detected."),
            ("alerted", "incidents", "Sum over hours of incidents an operator alerted on."),
            ("reported", "incidents", "Sum over hours of incidents reported."),
            ("recorded", "incidents", "Sum over hours of incidents recorded."),
            ("arrested", "incidents", "Sum over hours of incidents ending in an arrest."),
            ("people_out", "person-hours", "Sum over hours of residents out of home."),
            ("women_trips", "trips", "Sum over hours of trips women started."),
            ("women_trips_forgone", "trips", "Sum over hours of trips women forwent."),
            ("men_trips", "trips", "Sum over hours of trips men started."),
            ("face_captures", "captures", "Sum over hours of face captures."),
            ("false_matches", "matches", "Sum over hours of false face-recognition matches."),
            ("wrongful_stops", "stops", "Sum over hours of wrongful stops."),
            ("offenders_roaming", "offender-hours", "Sum over hours of offenders roaming."),
            ("offenders_jailed", "offender-hours", "Sum over hours of offenders held."),
            ("police_busy", "officer-hours", "Sum over hours of officers busy at a scene."),
            ("cameras_working", "camera-hours", "Sum over hours of working cameras."),
        )
    ),
    _run(
        "series_means.mean_fear_women",
        "0-1",
        "Mean over hours of women's mean fear (each hour's mean over women, averaged over the "
        "run's hours).",
    ),
)

EFFECT_OUTCOMES: tuple[Outcome, ...] = (
    _effect(
        "{category}.true_change_in_view",
        "relative change",
        "True incidents of the category in the treatment area (in view of the policy's cameras) "
        "after the switch-on, policy over twin minus 1; NaN when the twin had none there.",
    ),
    _effect(
        "{category}.true_change_town",
        "relative change",
        "The same town-wide: every true incident of the category after the switch-on, policy over"
        " twin minus 1; NaN when the twin had none.",
    ),
    _effect(
        "{category}.prevented_in_view",
        "incidents (agents)",
        "True incidents of the category prevented in the treatment area after the switch-on: twin"
        " minus policy.",
    ),
    _effect(
        "{category}.prevented_town",
        "incidents (agents)",
        "True incidents of the category prevented town-wide after the switch-on: twin minus "
        "policy.",
    ),
    _effect(
        "{category}.displaced_to_buffer",
        "incidents (agents)",
        "True incidents of the category moved into the buffer after the switch-on: policy minus "
        "twin (positive: displacement; negative: diffusion of benefits).",
    ),
    _effect(
        "{category}.field_wdq",
        "ratio",
        "Weighted displacement quotient on recorded incidents of the policy run, as a field "
        "evaluator would compute it (Bowers & Johnson 2003); NaN under the NaN rules of "
        "docs/experiment.md.",
    ),
    _effect(
        "{category}.field_wdq_status",
        "-",
        "Why the field WDQ can or cannot be read: ok, unstable, no_success or zero_count "
        "(docs/experiment.md, section 3). Over replicates: the most frequent.",
    ),
    _effect(
        "{category}.field_wdq_ok",
        "share of replicates",
        "1 when field_wdq_status is ok, else 0; over replicates the share that are ok.",
    ),
    _effect(
        "{category}.field_tne",
        "incidents (agents)",
        "Total net effect on recorded incidents of the policy run (Bowers & Johnson 2003): "
        "prevented in treatment and buffer net of the control trend.",
    ),
    _effect(
        "{category}.recorded_change_vs_twin",
        "relative change",
        "Recorded incidents of the category after the switch-on, policy over twin minus 1: what "
        "recorded crime shows of the true change; NaN when the twin recorded none.",
    ),
    _effect(
        "all.prevented_town",
        "incidents (agents)",
        "True incidents of every category prevented town-wide after the switch-on (sum of "
        "{category}.prevented_town).",
    ),
    _effect("harms.false_matches", "matches", "False face-recognition matches in the policy run."),
    _effect(
        "harms.wrongful_stops", "stops", "Wrongful stops (after a false match) in the policy run."
    ),
    _effect(
        "harms.wrongful_stops.{group}",
        "stops",
        "Wrongful stops of people of the group in the policy run; 0 for a group with none.",
    ),
    _effect(
        "harms.women_trips_forgone_change",
        "trips",
        "Trips women forwent in the policy run minus in the twin.",
    ),
    _effect(
        "harms.women_fear_change",
        "0-1",
        "Mean end-of-run fear of women in the policy run minus in the twin.",
    ),
    _effect("costs.n_cameras", "cameras", "Cameras the policy installed."),
    _effect("costs.camera_cost_rs", "Rs", "Cameras' cost over the after period (costs.py)."),
    _effect("costs.cost_rs", "Rs", "Cameras' plus an equal-budget purchase's cost, after period."),
    _effect(
        "costs.rs_per_prevented.{cost_kind}",
        "Rs per incident",
        "Policy cost per true incident of the kind (robbery, harassment, a category) prevented "
        "town-wide, each kind on its own, in real incidents (times population.agent_scale); "
        "NaN when none was prevented or the policy cost nothing.",
    ),
    _effect(
        "check.before_identical_to_twin",
        "share of replicates",
        "1 when the policy run's before-period event log equals its twin's (the common-random-"
        "numbers check), else 0; over replicates the share.",
    ),
)

RUN_OUTCOMES += tuple(_run(*text) for text in OFFENDER_RUN)
EFFECT_OUTCOMES += tuple(_effect(*text) for text in CHANNEL_EFFECT)
REGISTRY: tuple[Outcome, ...] = RUN_OUTCOMES + EFFECT_OUTCOMES


def outcomes(kind: str | None = None) -> list[str]:
    """Every concrete outcome name, in registry order (``{district}`` names left as they are).

    Args:
        kind: ``run``, ``effect``, or ``None`` for both.
    """
    return [n for o in REGISTRY if kind in (None, o.kind) for n in o.expand()]


def lookup(name: str, kind: str | None = None) -> Outcome | None:
    """The registry entry a concrete name belongs to, or ``None`` if it is not registered."""
    for o in REGISTRY:
        if kind in (None, o.kind) and o.pattern().match(name):
            return o
    return None


def units(names: Iterable[str], kind: str | None = None) -> dict[str, str]:
    """``{name: unit}`` of the registered names among ``names`` (others are left out)."""
    out = {}
    for name in names:
        entry = lookup(name, kind)
        if entry is not None:
            out[name] = entry.unit
    return out
