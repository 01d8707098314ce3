"""World parameters: offenders' careers (recruitment, desistance, replacement) and the sanction
funnel (arrest, charge, bail, trial, conviction, custody).

The funnel is sourced from Pakistani figures where they exist (Punjab conviction rates, bail in
robbery cases, pre-trial detention, the Pakistan Penal Code's sentence for robbery) and says
"assumption" where they do not (``docs/odd.md``, submodels; ``notes`` of each parameter).
"""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from sim.params.declare import ParamError, ParamGroup, param


@dataclasses.dataclass(frozen=True)
class CareerParams(ParamGroup):
    """An open pool of street offenders: careers end (desistance) and new offenders start."""

    group: ClassVar[str] = "careers"

    open_population: bool = param(
        True,
        unit="-",
        doc="Open pool: offenders desist by a hazard rising with career length and recruits "
        "appear at home cells at the rate that keeps the pool at its starting size.",
        source="criminal career paradigm (Blumstein, Cohen, Roth & Visher 1986; Piquero, "
        "Farrington & Blumstein 2003)",
    )
    career_mean_years: float = param(
        7.0,
        unit="years",
        lo=0.1,
        hi=60.0,
        plausible=(5.0, 10.0),
        plausible_source="Blumstein et al. 1986 (NRC): adult index offenders' careers average "
        "roughly 5-10 years (secondary; a range, not a point)",
        doc="Mean length of a street offender's criminal career.",
        source="Blumstein et al. 1986, via Piquero, Farrington & Blumstein 2003 (secondary)",
    )
    career_shape: float = param(
        1.5,
        unit="-",
        lo=0.2,
        hi=5.0,
        plausible=(1.0, 2.5),
        plausible_source="assumption: a hazard constant (1) to clearly rising (2.5) with career "
        "length; the brief's rising hazard needs a shape above 1",
        doc="Weibull shape of career length: above 1 the desistance hazard rises with career "
        "length.",
        source="assumption: desistance grows more likely as careers age (Piquero et al. 2003 "
        "describe the rise, not its shape)",
    )
    replacement: bool = param(
        False,
        unit="-",
        doc="Replacement: an offender taken into custody or desisting is replaced at once by a "
        "recruit (his opportunities are taken up); off, recruits arrive at the stationary rate "
        "whatever the removals.",
        source="the replacement debate: Blumstein et al. 1986; Spelman 1994 (both sides "
        "switchable; docs/design-decisions.md)",
    )


@dataclasses.dataclass(frozen=True)
class SanctionParams(ParamGroup):
    """What follows a street offender's arrest: charge, bail, trial, conviction and custody."""

    group: ClassVar[str] = "sanctions"

    funnel: bool = param(
        True,
        unit="-",
        doc="The sanction funnel replaces the fixed hold of offending.dur_jail_days: arrest, "
        "charge, bail or pre-trial detention, verdict, sentence, release.",
        source="Punjab prosecution figures and Pakistani law (see each parameter)",
    )
    camera_custody: bool = param(
        True,
        unit="-",
        doc="Whether an arrest that came from a camera (alert, footage or face match) leads to "
        "custody; off only in the channel split's run without camera-caused custody.",
        source="-: an analysis switch (issue 13, part 6)",
    )
    police_custody_days: float = param(
        1.0,
        unit="days",
        lo=0.0,
        hi=15.0,
        plausible=(0.5, 14.0),
        plausible_source="CrPC s.61 (24 hours before a magistrate) to s.167 (physical remand of "
        "up to 14 days)",
        doc="Time an arrested offender who is not charged is held before release.",
        source="CrPC ss.61, 167 (statute); the typical hold is an assumption",
    )
    p_charge: float = param(
        0.7,
        unit="probability",
        lo=0.0,
        hi=1.0,
        plausible=(0.4, 0.95),
        plausible_source="assumption: no Pakistani figure for the share of arrests charged "
        "(challan submitted); compromises and resiled witnesses drop cases (lahoreworld 2016)",
        doc="Chance an arrest leads to a charge sent to court.",
        source="assumption: no published Punjab figure",
    )
    p_bail: float = param(
        0.9,
        unit="probability",
        lo=0.0,
        hi=1.0,
        plausible=(0.6, 1.0),
        plausible_source="Dawn 6 Dec 2010: all 350 robbery suspects (PPC 392/395, Karachi) "
        "bailed during trial; two thirds of prisoners under trial (Dawn 9 May 2018) say many "
        "are not",
        doc="Chance a charged offender is bailed before the verdict.",
        source="Dawn 6 Dec 2010 (Karachi police data, secondary)",
    )
    bail_mean_days: float = param(
        43.0,
        unit="days",
        lo=0.5,
        hi=730.0,
        plausible=(20.0, 90.0),
        plausible_source="Dawn 6 Dec 2010: 11% bailed within a week, 75% within two months; an "
        "exponential with mean 43 days gives 15% and 75%",
        doc="Mean time in pre-trial detention before bail (exponential).",
        source="Dawn 6 Dec 2010 (Karachi robbery suspects, secondary)",
    )
    trial_mean_days: float = param(
        365.0,
        unit="days",
        lo=1.0,
        hi=3650.0,
        plausible=(180.0, 730.0),
        plausible_source="Nayadaur 2 Apr 2019: of ~80,000 prisoners 16,696 under trial held a "
        "year, 6,320 over two; CrPC s.497 statutory bail after a year",
        doc="Mean time from charge to verdict (exponential).",
        source="Nayadaur 2 Apr 2019 (secondary); the mean is an assumption",
    )
    pretrial_max_days: float = param(
        365.0,
        unit="days",
        lo=1.0,
        hi=3650.0,
        plausible=(365.0, 730.0),
        plausible_source="CrPC s.497(1) third proviso: statutory bail after a year of "
        "detention without the trial concluding (Shakeel Shah v State 2022 SCMR 1)",
        doc="Longest pre-trial detention of an offender refused bail; then he is released "
        "until the verdict.",
        source="CrPC s.497(1) third proviso (statute)",
    )
    p_convict: float = param(
        0.24,
        unit="probability",
        lo=0.0,
        hi=1.0,
        plausible=(0.1, 0.7),
        plausible_source="Punjab Public Prosecution review (The Nation, 30 Oct 2020): 24% for "
        "theft and robbery; 62-70% of contested cases only (an upper bound)",
        doc="Chance a charged offender is convicted.",
        source="The Nation, 30 Oct 2020 (Punjab 2018-20, theft and robbery)",
    )
    sentence_min_years: float = param(
        3.0,
        unit="years",
        lo=0.0,
        hi=50.0,
        doc="Shortest custodial sentence on conviction (uniform between min and max).",
        source="PPC s.392: rigorous imprisonment of 3 to 10 years for robbery (statute)",
    )
    sentence_max_years: float = param(
        10.0,
        unit="years",
        lo=0.0,
        hi=50.0,
        doc="Longest custodial sentence on conviction (uniform between min and max).",
        source="PPC s.392 (statute); remission and time served are not modelled",
    )

    def check_consistency(self) -> None:
        if self.sentence_max_years < self.sentence_min_years:
            raise ParamError(
                f"sanctions.sentence_max_years = {self.sentence_max_years} must be at least "
                f"sanctions.sentence_min_years = {self.sentence_min_years}"
            )
