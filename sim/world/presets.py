"""Named cities: each preset is a set of overrides of the defaults in :mod:`sim.params`.

``town`` is the defaults themselves: a teaching device (4,000 people on 36 km2, with Lahore's
cameras per km2 and so about 66 times Lahore's cameras per head). ``lahore`` is a stylised
metropolis built from the public figures in ``shared/VALIDATION.md``; its size in agents follows
``population.agent_scale``. ``lahore_slice``, the main job's default world, is a few union
councils at Lahore's density, with Lahore's cameras, police and street robbery per head.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from sim.params import ParamError, SimParams
from sim.params.equal_budget import LAHORE_AREA_KM2, LAHORE_PEOPLE
from sim.params.paths import nest
from sim.params.policies import load_policy

LAHORE_CELL_M = 100.0
LAHORE_SIDE_CELLS = round(math.sqrt(LAHORE_AREA_KM2) * 1000.0 / LAHORE_CELL_M)
LAHORE_DENSITY = LAHORE_PEOPLE / LAHORE_AREA_KM2  # 7,336 people per km2

SLICE_SIDE_CELLS = 40  # 4 km x 4 km of 100 m cells: 16 km2
SLICE_AREA_KM2 = (SLICE_SIDE_CELLS * LAHORE_CELL_M / 1000.0) ** 2
# assumption: 30 people per agent keeps the slice near the town's 4,000 agents, which the main
# job runs within 5 minutes here (117,381 people / 30 = 3,913 resident agents)
SLICE_AGENT_SCALE = 30.0

PRESETS: dict[str, dict[str, dict[str, Any]]] = {
    "town": {},
    "lahore": {
        "city": {
            # A square of the census area: 421 x 421 cells of 100 m is 1,772 km2.
            "width_cells": LAHORE_SIDE_CELLS,
            "height_cells": LAHORE_SIDE_CELLS,
            "cell_size_m": LAHORE_CELL_M,
            # Lahore district has 10 administrative towns; 3 x 3 blocks is the nearest lattice.
            "districts_x": 3,
            "districts_y": 3,
            "arterial_spacing_cells": 12,
            "density_gradient_per_km": 0.1,
            "unlit_share": 0.3,
            # Share of street lights working (Express Tribune, 15 June 2022, from Lahore
            # Metropolitan Corporation records, secondary): 3,370 of 10,006 on the 245 main
            # roads, 54% of the 12,064 in union-council streets.
            "lighting_main": 0.34,
            "lighting_residential": 0.54,
        },
        "population": {
            "n_people": LAHORE_PEOPLE,
            "agent_scale": 100.0,  # issue 2: 1 agent per 100 people by default
            "commute_km_mean": 6.0,
        },
        # Police strength (1 per 413) and camera density (1,700 sites on 1,772 km2) are the
        # defaults already: see sim/params/.
    },
    "lahore_slice": {
        "city": {
            # 16 km2 at Lahore's mean density: about 117,000 people, two to three union
            # councils' worth (Lahore's 13 million live in some 270 union councils).
            "width_cells": SLICE_SIDE_CELLS,
            "height_cells": SLICE_SIDE_CELLS,
            "cell_size_m": LAHORE_CELL_M,
            "districts_x": 2,
            "districts_y": 2,
            # the slice is part of the city, not a town with its own centre: the lahore
            # preset's gentle gradient and share of unlit streets
            "density_gradient_per_km": 0.1,
            "unlit_share": 0.3,
            # Lahore's street lights working, as in the lahore preset (Express Tribune 2022)
            "lighting_main": 0.34,
            "lighting_residential": 0.54,
        },
        "population": {
            "n_people": float(round(LAHORE_DENSITY * SLICE_AREA_KM2)),
            "agent_scale": SLICE_AGENT_SCALE,
            # assumption: trips that stay within a 4 km slice (the lower plausible bound)
            "commute_km_mean": 2.0,
        },
        "offending": {
            # calibrated: Lahore's recorded street robbery times the dark figure (see
            # docs/experiment.md, "The default world"); the town's 0.01 is a teaching rate
            "p_attempt_tick": 0.000215,
        },
        "vehicles": {
            # calibrated: Lahore's recorded vehicle theft per head (about 5,500 stolen or
            # snatched in Q1 2024, Jang 2024: 169 per 100,000 a year). The rate per head
            # depends on the agent scale (docs/odd.md 7.31): 0.00018 recorded a mean of 172 in
            # four 365-day runs at 30 people per agent (seeds 1-4, 102 to 256) and 103 in one
            # at 1; 0.00022 keeps both within 1.5x (127 at 1, seed 1)
            "p_theft_tick": 0.00022,
        },
        # Cameras per km2 (1,700 sites on 1,772 km2) and police per head (1 per 413) are the
        # defaults: at Lahore's density they give Lahore's cameras and police per head.
    },
}


PRESET_NOTES: dict[str, str] = {
    "town": "A teaching device, kept for the app and the exercises: 4,000 people on 36 km2 "
    "(111 per km2, against Lahore's 7,336), one agent per person. With Lahore's cameras per km2 "
    "it has about 4,100 cameras per 100,000 residents, 66 times Lahore's 61.5; its police per "
    "head are Lahore's; its street robbery (`offending.p_attempt_tick` 0.01, about 18 per 100 "
    "residents a year) is a teaching rate, some 43 times Lahore's.",
    "lahore": "The whole city, stylised: the 2023 census area and population (VALIDATION "
    "population, area), Lahore's cameras per km2 and police per head (the defaults), its street "
    "lights working (Express Tribune 2022), 1 agent per 100 people. Its street robbery is the "
    "town's teaching rate.",
    "lahore_slice": "The main job's default world: 16 km2 at Lahore's mean density (7,336 per "
    "km2, 117,381 people, two to three union councils), 30 people per agent (3,913 resident "
    "agents). At that density the cameras per km2 of `safe_city` and the default police per "
    "head are Lahore's per head; `offending.p_attempt_tick` gives Lahore's recorded street "
    "robbery per head (Jang 2024, VALIDATION daily volume) and the true rate behind it at "
    "0.35 x 0.7 recorded (assumption); `vehicles.p_theft_tick` Lahore's recorded vehicle theft "
    "per head (Jang 2024, VALIDATION vehicles). Lighting as in `lahore`; trips shortened to "
    "stay in the slice (assumption).",
}
"""What each preset is, for docs/parameters.md."""


def preset_names() -> list[str]:
    """The names of the built-in city presets."""
    return list(PRESETS)


def make_params(
    city: str = "town",
    overrides: Mapping[str, Any] | None = None,
    *,
    policy: str | None = None,
) -> SimParams:
    """Parameters of a named city preset, a registered policy and overrides, in that order.

    Args:
        city: a city preset name (``town``, ``lahore``; :func:`preset_names`).
        overrides: parameter values by dotted path (``{"surveillance.sites_per_km2": 0.5}``),
            by group (``{"surveillance": {"sites_per_km2": 0.5}}``), or both mixed; applied last.
        policy: a policy of the registry (:mod:`sim.params.policies`), applied on the city
            before ``overrides``; ``None`` applies none (the defaults: no cameras).

    Raises:
        ParamError: for an unknown preset, policy, group or field (named), or an invalid value.

    Example:
        >>> p = make_params("town", {"surveillance.sites_per_km2": 0.5}, policy="safe_city")
        >>> p.surveillance.placement, p.surveillance.sites_per_km2
        ('arterial_commercial', 0.5)
    """
    if not isinstance(city, str) or city not in PRESETS:
        raise ParamError(f"unknown city preset {city!r}: expected one of {', '.join(PRESETS)}")
    params = SimParams().with_overrides(PRESETS[city])
    if policy is not None:
        params = params.with_overrides(load_policy(policy))
    return params.with_overrides(nest(overrides))
