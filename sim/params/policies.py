"""The policy registry: every named policy's overrides, label, colour and roles, in one place.

A policy is a set of parameter overrides ``{group: {field: value}}`` on top of a city preset,
optionally built on another policy (``base``). The Hydra configs register these as the ``policy``
group (``safecity-run policy=safe_city``), and plain Python loads them without Hydra::

    >>> from sim.params.policies import load_policy
    >>> load_policy("passive_cameras")["surveillance"]["monitoring"]
    'passive'

Roles name what a policy is used for elsewhere, so that the report, the calibration checks and
the app never spell a policy's name themselves:

- ``counterfactual``: the world without any policy (the twin of every run);
- ``headline``: the policy whose effect the report leads with;
- ``passive``, ``dedicated_response``, ``type_displacement``, ``outage``: the variants of the
  headline that the literature's patterns compare it with (VALIDATION A3, A4; Reppetto 1976);
- ``experiment``: run by the default displacement experiment;
- ``equal_budget``: the cameras' budget spent on an alternative instead, run by the experiment
  with ``equal_budget=true``;
- ``map``: drawn on the report's maps;
- ``app``: the workshop app's opening policy.

Colours are the Okabe-Ito palette (Okabe & Ito 2008), distinguishable under the common forms of
colour blindness; the app and the figures read them from here, and the colours of the resident
groups (``GROUP_COLOURS``) too.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Mapping
from typing import Any

from sim.params.declare import ParamError

OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
}
"""The eight colours of Okabe & Ito (2008), by name."""

GROUP_LABELS = {
    "man/majority": "men, majority",
    "man/minority": "men, minority",
    "woman/majority": "women, majority",
    "woman/minority": "women, minority",
}
"""Resident groups (gender/group, as ``sim.outputs.summary.victim_label`` spells them), in words."""
GROUP_COLOURS = {
    "man/majority": OKABE_ITO["sky_blue"],
    "man/minority": OKABE_ITO["blue"],
    "woman/majority": OKABE_ITO["orange"],
    "woman/minority": OKABE_ITO["vermillion"],
}
"""One colour per resident group, the same in the report's figures and the app: men blue, women
orange, the minority darker."""

# the eighth Okabe-Ito colour, yellow, is too pale on white for markers and lines
NEUTRAL_GREY = "#A0A0A0"

ROLES = frozenset(
    {
        "counterfactual",
        "headline",
        "passive",
        "dedicated_response",
        "type_displacement",
        "outage",
        "experiment",
        "map",
        "app",
        "equal_budget",
    }
)

Overrides = dict[str, dict[str, Any]]

EQUAL_BUDGET_LABELS = {
    "lights": "street lights",
    "wardens": "women wardens",
    "help_desks": "help desks",
    "safer_stops": "safer stops",
}
EQUAL_BUDGET_WORDS = {
    "lights": "LED street lights on the darkest streets",
    "wardens": "women wardens staffing transit stops",
    "help_desks": "women's help desks at police stations",
    "safer_stops": "lit bus shelters at the darkest stops",
}


@dataclasses.dataclass(frozen=True)
class Policy:
    """One named policy.

    Args:
        name: the registry key and the Hydra choice (``policy=<name>``).
        label: a short label for figures (may contain a line break).
        colour: a hex colour for figures and the app.
        description: what the policy is and where it comes from, one or two sentences.
        overrides: ``{group: {field: value}}`` set on top of ``base``.
        base: the policy this one changes, or ``None``.
        roles: what the policy is used for (see the module docstring).
    """

    name: str
    label: str
    colour: str
    description: str
    overrides: Mapping[str, Mapping[str, Any]]
    base: str | None = None
    roles: frozenset[str] = frozenset()


def _policies(*policies: Policy) -> dict[str, Policy]:
    out = {p.name: p for p in policies}
    for p in policies:
        if p.base is not None and p.base not in out:
            raise ValueError(f"policy {p.name!r} builds on unknown policy {p.base!r}")
        if unknown := p.roles - ROLES:
            raise ValueError(f"policy {p.name!r} has unknown roles {sorted(unknown)}")
    return out


POLICIES: dict[str, Policy] = _policies(
    Policy(
        "no_cameras",
        label="No cameras",
        colour=OKABE_ITO["black"],
        description='No cameras: the counterfactual "twin world" of every camera policy.',
        overrides={"surveillance": {"placement": "none"}},
        roles=frozenset({"counterfactual"}),
    ),
    Policy(
        "safe_city",
        label="Safe City\n(live monitoring)",
        colour=OKABE_ITO["blue"],
        description=(
            "The Safe City programme as in Lahore: camera sites on arterials, junctions and "
            "markets at Lahore's density (about 1,700 sites on 1,772 km2, 4.7 cameras a site), "
            "watched live from a command centre that dispatches police, with face recognition "
            "(VALIDATION cameras; DESIGN section 1)."
        ),
        overrides={
            "surveillance": {
                "placement": "arterial_commercial",
                "sites_per_km2": 0.96,
                "cameras_per_site": 4.7,
                "monitoring": "active",
                "face_recognition": True,
            }
        },
        roles=frozenset({"headline", "experiment", "map", "app"}),
    ),
    Policy(
        "safe_city_outage",
        label="Safe City,\nhalf down 2 months",
        colour=OKABE_ITO["sky_blue"],
        description=(
            "The Safe City programme with a vendor outage: half the cameras dark for two months, "
            "starting two weeks after installation (VALIDATION outage: Lahore, Dec 2019 - Jan "
            "2020)."
        ),
        base="safe_city",
        overrides={
            "surveillance": {
                "outage_share": 0.5,
                "outage_after_install_days": 14,
                "outage_days": 60,
            }
        },
        roles=frozenset({"outage", "experiment"}),
    ),
    Policy(
        "passive_cameras",
        label="Passive cameras\n(recording only)",
        colour=OKABE_ITO["orange"],
        description=(
            "Safe City cameras without a live command centre: footage is only reviewed after a "
            "report (VALIDATION A3: passive monitoring shows no significant effect)."
        ),
        base="safe_city",
        overrides={"surveillance": {"monitoring": "passive"}},
        roles=frozenset({"passive", "experiment"}),
    ),
    Policy(
        "publicised_cameras",
        label="Safe City,\npublicised",
        colour=OKABE_ITO["green"],
        description=(
            "The Safe City programme launched with signs and a publicity campaign: offenders "
            "believe in cameras at places they know from the start and notice them more often "
            "(docs/odd.md 7.15a; Welsh & Farrington 2009 on publicity)."
        ),
        base="safe_city",
        overrides={"surveillance": {"publicity": "publicised"}},
    ),
    Policy(
        "covert_cameras",
        label="Safe City,\ncovert",
        colour=NEUTRAL_GREY,
        description=(
            "The Safe City cameras hidden: they detect as much, but offenders rarely notice "
            "them, so they deter little (docs/odd.md 7.15a)."
        ),
        base="safe_city",
        overrides={"surveillance": {"publicity": "covert"}},
    ),
    Policy(
        "hotspot_cameras",
        label="Cameras at\nhotspots",
        colour=OKABE_ITO["vermillion"],
        description=(
            "As many cameras as the Safe City programme, placed where incidents were recorded "
            "before installation (crime hotspots) instead of on arterials and markets."
        ),
        base="safe_city",
        overrides={"surveillance": {"placement": "hotspot"}},
        roles=frozenset({"experiment"}),
    ),
    Policy(
        "women_routes_cameras",
        label="Cameras on\nwomen's routes",
        colour=OKABE_ITO["purple"],
        description=(
            "As many cameras as the Safe City programme, placed at the transit stops women "
            "commuters pass."
        ),
        base="safe_city",
        overrides={"surveillance": {"placement": "transit_routes"}},
        roles=frozenset({"experiment"}),
    ),
    Policy(
        "lighting_and_transit",
        label="Lighting & safer\ntransit, no cameras",
        colour=OKABE_ITO["green"],
        description=(
            "No cameras: street lighting (every street and home lit to at least 0.8), safer "
            "transit for women (harassment at stops and in vehicles halved: staffed stops, "
            "women-only carriages) and women's help desks (double the odds that a harassed "
            "woman reports), all three uniform levers set by assumption and not priced; the "
            "equal_budget_* policies price each alternative. DESIGN section 5."
        ),
        overrides={
            "surveillance": {"placement": "none"},
            "alternatives": {
                "lighting_floor": 0.8,
                "safer_transit": 0.5,
                "help_desk_reporting": 2.0,
            },
        },
        roles=frozenset({"experiment"}),
    ),
    *(
        Policy(
            f"equal_budget_{spend_on}",
            label=f"Cameras' budget on\n{EQUAL_BUDGET_LABELS[spend_on]}",
            colour=colour,
            description=(
                f"No cameras: what the Safe City cameras cost a year per km2 spent on "
                f"{EQUAL_BUDGET_WORDS[spend_on]} instead, sized by sourced unit costs "
                "(sim/params/equal_budget.py; docs/odd.md 7.27a)."
            ),
            overrides={
                "surveillance": {"placement": "none"},
                "equal_budget": {"spend_on": spend_on},
            },
            roles=frozenset({"equal_budget"}),
        )
        for spend_on, colour in (
            ("lights", OKABE_ITO["yellow"]),
            ("wardens", OKABE_ITO["purple"]),
            ("help_desks", OKABE_ITO["vermillion"]),
            ("safer_stops", OKABE_ITO["sky_blue"]),
        )
    ),
    Policy(
        "safe_city_type_displacement",
        label="Safe City with\noffence switching",
        colour=OKABE_ITO["black"],
        description=(
            "The Safe City programme with crime-type displacement switched on: an offender "
            "deterred from street robbery may rob a home instead, out of the cameras' sight "
            "(Reppetto 1976)."
        ),
        base="safe_city",
        overrides={"offending": {"type_displacement": True}},
        roles=frozenset({"type_displacement", "experiment", "map"}),
    ),
    Policy(
        "safe_city_dedicated_response",
        label="Safe City with a\ndedicated response",
        colour=NEUTRAL_GREY,
        description=(
            "Safe City with a dedicated response, after the scheme of VALIDATION A4 (Piza, "
            "Caplan, Kennedy & Gilchrist 2015): two patrol cars of two officers waiting at "
            "camera sites, sent first to an alert, and an operator kept for the cameras who "
            "notices twice as many incidents as one sharing the command centre's feeds "
            "(assumption: p_operator_notices 0.6 against 0.3)."
        ),
        base="safe_city",
        overrides={"surveillance": {"response_units": 4, "p_operator_notices": 0.6}},
        roles=frozenset({"dedicated_response", "experiment"}),
    ),
)
"""Every named policy, in the order figures and tables list them."""


def policy_names() -> list[str]:
    """The names of every registered policy, in registry order."""
    return list(POLICIES)


def get_policy(name: str) -> Policy:
    """The registered policy called ``name``.

    Raises:
        ParamError: for a name that is not registered, listing those that are.
    """
    if not isinstance(name, str) or name not in POLICIES:
        raise ParamError(f"unknown policy {name!r}: expected one of {', '.join(POLICIES)}")
    return POLICIES[name]


def load_policy(name: str) -> Overrides:
    """The overrides ``{group: {field: value}}`` of policy ``name``, its base's included, as
    :func:`sim.presets.make_params` accepts them. The result is a fresh copy.

    Raises:
        ParamError: for a name that is not registered.
    """
    policy = get_policy(name)
    merged = load_policy(policy.base) if policy.base is not None else {}
    for group, fields in policy.overrides.items():
        merged.setdefault(group, {}).update(copy.deepcopy(dict(fields)))
    return merged


def with_role(role: str) -> list[str]:
    """The names of the policies that have ``role``, in registry order.

    Raises:
        ValueError: for a role that is not one of :data:`ROLES`.
    """
    if role not in ROLES:
        raise ValueError(f"unknown policy role {role!r}: expected one of {sorted(ROLES)}")
    return [name for name, p in POLICIES.items() if role in p.roles]


def the_one_with_role(role: str) -> str:
    """The single policy that has ``role`` (``headline``, ``passive``, ...)."""
    names = with_role(role)
    if len(names) != 1:
        raise ValueError(f"policy role {role!r} is held by {names}, expected exactly one")
    return names[0]


def label(name: str) -> str:
    """A policy's figure label; an unregistered name (a user's own YAML policy) is spelt out."""
    return POLICIES[name].label if name in POLICIES else name.replace("_", " ")


def colour(name: str, fallback: str = NEUTRAL_GREY) -> str:
    """A policy's colour; ``fallback`` for an unregistered name."""
    return POLICIES[name].colour if name in POLICIES else fallback
