"""The literature patterns A1-A7 of VALIDATION.md in one registry: for each, the figure and its
source, the model's like-for-like measure, the rule that decides the verdict, the check's power to
fail, and the outcomes of the sensitivity analysis it rests on.

The checks themselves are in :mod:`experiments.calibration` (A1, A3-A6) and
:mod:`experiments.calibration_patterns` (A2, A7); :mod:`experiments.findings.patterns` joins them
with this registry into the report's table. *Power to fail* says whether the model's structure
allows the check to come out either way:

- ``can fail``: either verdict is possible, and the mechanism that decides is named;
- ``partly``: part of the pattern holds by construction, and the reason is given;
- ``cannot fail by construction``: the model cannot give any other result, so agreement is no
  evidence that the model is right.

*Depends on* lists the parameters with the largest Morris mu* for the outcomes (``sim.analysis.
outcomes``) the pattern rests on, read from the worked screening of the default world
(``docs/sensitivity_ranking.csv``, written with the screening's section of docs/sensitivity.md by
``python -m experiments.sensitivity_docs``). An outcome the screening did not rank is "not in the
sensitivity analysis".
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd

CAN_FAIL = "can fail"
PARTLY = "partly"
CANNOT_FAIL = "cannot fail by construction"
POWERS = (CAN_FAIL, PARTLY, CANNOT_FAIL)
RANKING = Path(__file__).resolve().parent.parent / "docs" / "sensitivity_ranking.csv"
"""The Morris ranking of the worked screening (top parameters per outcome, as in indices.csv)."""
SENSITIVITY_DOC = "docs/sensitivity.md"
NOT_ANALYSED = "not in the sensitivity analysis"
TOP = 3
"""Parameters listed per outcome."""


@dataclasses.dataclass(frozen=True)
class Pattern:
    """One literature pattern and how the model is checked against it."""

    id: str
    claim: str
    literature: str
    """The figure, as the report's table gives it."""
    source: str
    measure: str
    """The model's like-for-like measure."""
    rule: str
    """What makes the verdict agree, partly agree, disagree or not checked."""
    power: str
    """One of :data:`POWERS`."""
    power_reason: str
    """For ``can fail``, the mechanism that decides; otherwise why the result is (partly) fixed."""
    outcomes: tuple[str, ...]
    """Outcomes of the sensitivity analysis (``sim.analysis.outcomes``) the pattern rests on."""
    outcome_note: str = ""
    """What the screening leaves out of the pattern (e.g. a policy it did not run)."""
    set_with: str = ""
    """Parameters or policies whose values were chosen with this pattern in view (none was
    fitted to it: the patterns are not calibration targets, ``sim.analysis.targets``)."""

    def __post_init__(self) -> None:
        if self.power not in POWERS:
            raise ValueError(f"pattern {self.id}: power {self.power!r} is not one of {POWERS}")


PATTERNS: dict[str, Pattern] = {
    p.id: p
    for p in (
        Pattern(
            "A1",
            "Public-area CCTV gives a modest reduction in crime",
            "about 13-16% less recorded crime in treated areas than in controls",
            "Piza et al. 2019; Welsh & Farrington 2009",
            "the headline policy's pooled field estimate: recorded spectacular violence in the "
            "camera sites' views against matched controls, before and after, pooled over sites "
            "with inverse-variance weights (section 2)",
            "agrees if the 95% interval of the reduction includes 13-16% and excludes no effect; "
            "partly if it includes 13-16% and no effect, or shows a clear reduction of another "
            "size; disagrees if it shows no reduction",
            CAN_FAIL,
            "the recorded change in view against controls can take either sign: offenders' "
            "perceived camera risk (deterrence) and arrests (incapacitation) lower true crime, "
            "while cameras and the police they send add incidents to the record",
            ("spectacular.true_change_in_view",),
            "the screening ranks the true change in view, not the field estimate",
            "`offending.k_camera`: its default (0.05) was set below A1's 13-16% and its "
            "plausible range bounded by A1 (an assumption, not a fit; docs/parameters.md)",
        ),
        Pattern(
            "A2",
            "Effects are concentrated on property and vehicle crime; violence responds little",
            "qualitative: effects narrowly on vehicle and property crime",
            "Piza et al. 2019",
            "the headline policy's pooled field estimate on property crime against those on "
            "spectacular and everyday violence",
            "agrees if property crime's reduction is larger than both violent categories' and its "
            "interval excludes no effect; partly if larger than one of them or not clear; "
            "disagrees if smaller than both; not checked with fewer than 20 property or "
            "spectacular incidents in view in the twin worlds",
            CAN_FAIL,
            "vehicle theft's response to cameras comes from the same deterrence and arrest "
            "rules as violence (the thief's perceived risk at his place), so it can respond "
            "more or less than robbery",
            ("property.true_change_in_view",),
        ),
        Pattern(
            "A3",
            "Active monitoring outperforms passive recording",
            "active: significant reduction; passive: not significant",
            "Piza et al. 2019",
            "the true change of spectacular violence in view against the twin, safe_city minus "
            "passive_cameras, paired by replicate, and passive_cameras' own change",
            "agrees if the paired difference's 95% interval lies below 0 and passive's interval "
            "includes no effect; partly if only one holds or active is better on average only; "
            "disagrees if passive does as well or better",
            CAN_FAIL,
            "the two differ only in the live response (an operator notices and police are sent, "
            "so more arrests on the spot); offenders' camera belief does not depend on "
            "monitoring, so if the response adds little the difference is nil",
            ("spectacular.true_change_in_view",),
            "screened for safe_city only, not passive_cameras or their difference",
            "the `passive_cameras` policy (`surveillance.monitoring` passive) is A3's contrast; "
            "no value was chosen to produce it",
        ),
        Pattern(
            "A4",
            "Cameras with a dedicated response reduce street violence",
            "significant falls in violent crime with an extra operator and two patrol cars",
            "Piza, Caplan, Kennedy & Gilchrist 2015",
            "the true change of spectacular violence in view under the dedicated response, and "
            "its difference from safe_city, paired by replicate",
            "agrees if its reduction's 95% interval lies below 0 and it beats safe_city on "
            "average; partly if only the reduction is clear; disagrees if the reduction is not "
            "clear",
            CAN_FAIL,
            "the dedicated cars and operator raise arrests on camera alerts; whether that cuts "
            "violence depends on the response reaching the scene in the arrest window",
            ("spectacular.true_change_in_view",),
            "screened for safe_city only, not the dedicated response",
            "the dedicated-response policy follows A4's scheme (4 officers kept for alerts) and "
            "doubles `surveillance.p_operator_notices` to 0.6, an assumption",
        ),
        Pattern(
            "A5",
            "Displacement is the exception, and smaller than the direct effect",
            "574 observations: displacement 26%, diffusion 27%",
            "Guerette & Bowers 2009",
            "per camera site, the buffer's recorded change against its control read as "
            "displacement or diffusion (as the review codes them), with Wilson intervals; and, in "
            "truth, the rise outside view against the incidents prevented in view",
            "sites: agrees if both intervals include 26% and 27%, partly if one does, disagrees "
            "if neither; truth: disagrees if any mean displacement reaches the direct effect",
            CAN_FAIL,
            "deterred offenders choose again among the places they know, so crime can move "
            "into the buffer or beyond, or fall there too (fewer offenders free, learning)",
            ("spectacular.displaced_to_buffer", "spectacular.true_change_town"),
            "",
            "the top of `offending.k_camera`'s plausible range was set so as not to move most "
            "street robbery (against A5), and `offending.type_displacement` is off by default "
            "because reviews find displacement the exception",
        ),
        Pattern(
            "A6",
            "Street cameras cannot see violence in private space",
            "lifetime intimate-partner violence 33.5% of ever-married women in Pakistan",
            "PDHS 2017-18 analyses (PLOS ONE 2024)",
            "town-wide true domestic violence under each camera policy against the twin",
            "agrees if every camera policy's change is within 5%",
            CANNOT_FAIL,
            "domestic violence happens at home and the response process lets a camera capture "
            "only public offences; its draws come from its own stream, one per household "
            "whoever is abusive, and its only link to the day, whether the household's man "
            "travels, uses men's fixed travel chance, which no policy changes: the same seed "
            "gives the same incidents with and without cameras",
            (),
            "no outcome covers domestic violence",
        ),
        Pattern(
            "A7",
            "Fear of crime exceeds victimisation and need not fall when crime falls",
            "qualitative",
            "Prieto Curiel & Bishop 2017",
            "where a policy clearly cut harassment town-wide, women's mean fear against the "
            "twin (relative change) beside harassment's relative change, paired by replicate; "
            "fear against victimisation is not compared (fear is a 0-1 score, not a share of "
            "women afraid or a chance of victimisation)",
            "agrees if fear fell clearly less than harassment (the paired difference's interval "
            "lies above 0); partly if less on average only; disagrees if fear fell as much or "
            "more; not checked if no policy clearly cut harassment",
            PARTLY,
            "fear relaxes toward a route baseline set by lighting, crowding and cameras, not by "
            "crime counts, and jumps with victimisation; fewer incidents shrink only the jumps, "
            "so fear falls less than crime unless the camera effect on fear (fear.camera_effect, "
            "neutral by default) or better-lit or busier routes lower the baseline (a lighting "
            "policy does so directly)",
            ("harms.women_fear_change",),
            "",
            "`fear.baseline` cites A7 (fear exceeds victimisation) as its reason; its value was "
            "calibrated with the route weights to women's mobility, not to A7",
        ),
    )
}
"""The patterns of VALIDATION.md, by id."""


def pattern_id(name: str) -> str:
    """``A5`` of a check's name such as ``A5 sites: share of camera sites ...``."""
    return name.split(":")[0].split()[0]


def load_ranking(path: Path | None = None) -> pd.DataFrame:
    """A Morris ranking (columns ``parameter, outcome, mu_star``, as in a screening's
    ``indices.csv``); an empty frame if the file does not exist."""
    path = RANKING if path is None else Path(path)
    if not path.exists():
        return pd.DataFrame(columns=["parameter", "outcome", "mu_star"])
    table = pd.read_csv(path)
    missing = {"parameter", "outcome", "mu_star"} - set(table)
    if missing:
        raise ValueError(
            f"{path}: missing column(s) {sorted(missing)}; a Morris ranking needs parameter, "
            "outcome and mu_star (safecity-sensitivity method=morris)"
        )
    return table


def drivers(ranking: pd.DataFrame, outcome: str, top: int = TOP) -> list[tuple[str, float]] | None:
    """The ``top`` parameters with the largest mu* for ``outcome``, with their mu*; None if the
    ranking does not cover the outcome."""
    rows = ranking[ranking["outcome"] == outcome]
    if rows.empty:
        return None
    rows = rows.sort_values("mu_star", ascending=False, kind="stable").head(top)
    return [(str(r.parameter), float(r.mu_star)) for r in rows.itertuples()]


DESIGN_COLUMNS = ("policy", "city", "before_days", "after_days", "replicates", "points")
"""The screening's design, repeated on every row of the ranking file."""


def screening_words(ranking: pd.DataFrame) -> str:
    """The screening's design in words (``safe_city on the town, 7 + 28 days, ...``), from the
    ranking's design columns; empty if it has none."""
    if ranking.empty or not set(DESIGN_COLUMNS) <= set(ranking):
        return ""
    d = ranking.iloc[0]
    return (
        f"`{d['policy']}` on the `{d['city']}`, {int(d['before_days'])} + "
        f"{int(d['after_days'])} days, {int(d['points'])} points of "
        f"{int(d['replicates'])} replicate(s)"
    )


def depends_on(pattern: Pattern, ranking: pd.DataFrame) -> str:
    """The table cell: each outcome the pattern rests on and its leading parameters (mu*), or
    that it is not in the sensitivity analysis."""
    parts = []
    for outcome in pattern.outcomes:
        top = drivers(ranking, outcome)
        tied = drivers(ranking, outcome, top=len(ranking)) or []
        tied = [name for name, mu in tied if top and mu == top[0][1]]
        if top is None:
            parts.append(f"`{outcome}`: {NOT_ANALYSED}")
        elif len(tied) > 1:
            parts.append(
                f"`{outcome}`: {len(tied)} parameters tied at mu* {top[0][1]:.2f}, no leader"
            )
        else:
            parts.append(f"`{outcome}`: " + ", ".join(f"`{name}` ({mu:.2f})" for name, mu in top))
    if not parts:
        parts.append(NOT_ANALYSED)
    note = f" ({pattern.outcome_note})" if pattern.outcome_note else ""
    return "; ".join(parts) + note
