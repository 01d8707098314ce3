"""World parameters: how street offenders' awareness spaces and camera beliefs change."""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from sim.params.declare import ParamGroup, param


@dataclasses.dataclass(frozen=True)
class LearningParams(ParamGroup):
    """Street offenders who learn: exploring and forgetting places, weighing places by past
    success and failure, and camera beliefs that fade, follow arrests, publicity and whether
    anyone watches."""

    group: ClassVar[str] = "learning"

    explore: bool = param(
        True,
        unit="-",
        doc="Awareness spaces change: offenders find new places and forget places not visited.",
        source="crime pattern theory (Brantingham & Brantingham 1993: awareness spaces grow "
        "with routine activities); docs/design-decisions.md 17",
    )
    rate_explore_day: float = param(
        0.1,
        unit="per day",
        lo=0.0,
        hi=24.0,
        plausible=(0.02, 0.5),
        plausible_source="assumption: a new place every two days to every seven weeks",
        doc="Rate at which a roaming offender finds a new place, replacing the known place he "
        "visited least recently (not his home or activity place).",
        source="assumption: no figure for how fast offenders' awareness spaces turn over",
    )
    dur_forget_days: float = param(
        60.0,
        unit="days",
        lo=1.0,
        hi=3650.0,
        plausible=(14.0, 365.0),
        plausible_source="assumption: two weeks to a year",
        doc="A known place (not home or activity place) unvisited this long is forgotten and "
        "replaced by a new one found near home.",
        source="assumption: no figure; places drop out of an awareness space unless revisited",
    )
    outcome_learning: bool = param(
        True,
        unit="-",
        doc="Offenders weigh known places by their own past success (an offence without "
        "arrest) and failure (an arrest) there.",
        source="Bernasco, Johnson & Ruiter 2015, J. Quant. Criminol. ('Learning where to "
        "offend': prior offence locations attract repeat offending); docs/design-decisions.md 17",
    )
    rate_outcome_learning: float = param(
        0.3,
        unit="0-1",
        lo=0.0,
        hi=1.0,
        plausible=(0.1, 0.7),
        plausible_source="assumption: no figure",
        doc="How far one outcome moves a place's score toward +1 (success) or -1 (arrest).",
        source="assumption",
    )
    w_experience: float = param(
        1.0,
        unit="utility units",
        lo=0.0,
        hi=20.0,
        plausible=(0.25, 3.0),
        plausible_source=(
            "assumption: from a weak pull to one that outweighs a tenfold crowd difference"
        ),
        doc="Weight of a place's score in the offender's utility of going there.",
        source="assumption: Bernasco et al. 2015 find prior locations strongly preferred; the "
        "size in utility units is not transferable",
    )
    share_learning: bool = param(
        False,
        unit="-",
        doc="Co-offenders share what they learn: outcomes at places they know and whether "
        "cameras are watched.",
        source="co-offending networks pass on information (Reiss 1988, co-offending); off by "
        "default, the solitary offender being the simpler reading (docs/design-decisions.md 17)",
    )
    n_co_offenders: int = param(
        4,
        unit="offenders per group",
        lo=1,
        hi=100,
        plausible=(2, 8),
        plausible_source="assumption: co-offending groups of two to eight",
        doc="Size of the groups of offenders who share what they learn (with share_learning).",
        source="assumption: most co-offending is in small groups (Reiss 1988)",
    )
    camera_beliefs: bool = param(
        True,
        unit="-",
        doc="Camera beliefs fade without reinforcement, rise after arrests near cameras, "
        "respond to publicity, and carry a belief that cameras are watched.",
        source="deterrence decays without reinforcement (Sherman 1990, initial and residual "
        "deterrence); offenders' views of CCTV (Gill & Loveday 2003); docs/design-decisions.md 18",
    )
    belief_half_life_days: float = param(
        90.0,
        unit="days",
        lo=1.0,
        hi=36500.0,
        plausible=(30.0, 365.0),
        plausible_source="assumption: residual deterrence of weeks to months (Sherman 1990)",
        doc="Half-life of a camera belief not reinforced by a sighting or an arrest.",
        source="assumption: Sherman 1990 describes residual deterrence decaying over weeks to "
        "months after crackdowns; no figure for cameras",
    )
    rate_arrest_learning: float = param(
        0.5,
        unit="0-1",
        lo=0.0,
        hi=1.0,
        plausible=(0.1, 0.9),
        plausible_source="assumption: no figure",
        doc="How far news of an arrest in camera view moves the camera belief of offenders "
        "who know a place near it toward 1.",
        source="assumption: offenders learn from peers' arrests (Gill & Loveday 2003, secondary)",
    )
    arrest_news_radius_m: float = param(
        300.0,
        unit="m",
        lo=0.0,
        hi=10000.0,
        plausible=(100.0, 1000.0),
        plausible_source="assumption: the scale of a neighbourhood's news",
        doc="Known places within this distance of an arrest in camera view are believed "
        "watched by cameras.",
        source="assumption: of the order of the near-repeat distance (Johnson et al. 2007)",
    )
    watched_prior: float = param(
        1.0,
        unit="0-1",
        lo=0.0,
        hi=1.0,
        plausible=(0.3, 1.0),
        plausible_source="assumption: from doubtful to fully believing (Gill & Loveday 2003: "
        "many offenders dismissive of cameras)",
        doc="Offenders' initial belief that a camera is watched, i.e. that something follows "
        "an offence in its view.",
        source="assumption: newly installed cameras are taken at their word",
    )
    rate_watched_learning: float = param(
        0.2,
        unit="0-1",
        lo=0.0,
        hi=1.0,
        plausible=(0.05, 0.5),
        plausible_source="assumption: no figure",
        doc="How far one offence in camera view moves the watched belief toward 1 (an alert "
        "or arrest followed) or 0 (nothing did).",
        source="assumption",
    )
    publicity_belief_jump: float = param(
        0.5,
        unit="0-1",
        lo=0.0,
        hi=1.0,
        plausible=(0.1, 0.9),
        plausible_source="assumption: no figure",
        doc="With publicised cameras, how far the launch moves offenders' camera beliefs at "
        "known places in view toward 1.",
        source="assumption: signage and publicity raise perceived risk (Welsh & Farrington "
        "2009 note publicity effects; size unknown)",
    )
    publicity_notice_factor: float = param(
        1.5,
        unit="multiplier",
        lo=0.0,
        hi=10.0,
        plausible=(1.0, 2.0),
        plausible_source="assumption: signs make cameras easier to notice",
        doc="Multiplier on p_notice_camera for publicised cameras (capped at 1).",
        source="assumption",
    )
    covert_notice_factor: float = param(
        0.2,
        unit="multiplier",
        lo=0.0,
        hi=1.0,
        plausible=(0.0, 0.5),
        plausible_source="assumption: covert cameras are hard but not impossible to spot",
        doc="Multiplier on p_notice_camera for covert cameras.",
        source="assumption",
    )
