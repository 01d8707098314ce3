"""Texts of the open offender population's outcomes and of the channel split, as plain
``(name, unit, definition)`` tuples; :mod:`sim.analysis.outcomes` registers them."""

from __future__ import annotations

_POOL = "street offenders"

OFFENDER_RUN = (
    ("offenders.at_start", "offenders", f"The pool of {_POOL} at the start of the run."),
    ("offenders.recruited", "offenders", f"New {_POOL} recruited during the run."),
    ("offenders.desisted", "offenders", f"{_POOL.capitalize()} whose careers ended in the run."),
    (
        "offenders.arrested",
        "arrests",
        f"Arrests of {_POOL} (an offender may count more than once).",
    ),
    ("offenders.charged", "charges", f"Arrests of {_POOL} that led to a charge (funnel on)."),
    ("offenders.convicted", "convictions", f"Verdicts of guilty on {_POOL} within the run."),
    ("offenders.in_custody_end", "offenders", f"{_POOL.capitalize()} in custody at the end."),
    (
        "offenders.active_end",
        "offenders",
        f"{_POOL.capitalize()} neither in custody nor desisted at the end.",
    ),
    (
        "offenders.harassers_arrested",
        "arrests",
        "Arrests of harassers (a fixed set of resident men, barred for a time; not in the pool).",
    ),
)

_SPLIT = (
    "percentage points of the true change in view (policy over twin minus 1, times 100; "
    "negative: a reduction)"
)

CHANNEL_EFFECT = (
    (
        "{category}.channel_total_points",
        "points",
        f"The whole true change in view, in {_SPLIT}.",
    ),
    (
        "{category}.channel_deterrence_points",
        "points",
        f"Deterrence: the policy's change minus the change with offenders blind to cameras "
        f"(camera weights 0), in {_SPLIT}.",
    ),
    (
        "{category}.channel_incapacitation_points",
        "points",
        f"Incapacitation: the policy's change minus the change when camera-caused arrests lead "
        f"to no custody, in {_SPLIT}.",
    ),
    (
        "{category}.channel_other_points",
        "points",
        f"The remainder (detection without custody, interaction of the channels), in {_SPLIT}; "
        "total = deterrence + incapacitation + other.",
    ),
)
