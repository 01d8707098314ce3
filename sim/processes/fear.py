"""Women's fear of crime and their daily decision to travel.

Fear is a number from 0 to 1 per woman. Each day it relaxes toward a baseline set by her route
(unlit and deserted routes are feared; cameras on the route add or remove fear by a signed,
switchable effect) and jumps with victimisation, her own and that of women in her district.
Fear suppresses trips, trips with a leg after dark far more (VALIDATION night travel), and a trip
not made lowers footfall, and so guardianship, where she would have been: the feedback loop.
"""

from __future__ import annotations

import numpy as np

from sim.params import FearParams
from sim.world.residents import BACK, HOME, OUT, OUTING, Residents


def route_baseline(
    p: FearParams,
    route_lighting: np.ndarray,
    route_people: np.ndarray,
    route_camera_share: np.ndarray,
) -> np.ndarray:
    """Fear a woman's route alone would give her: ``baseline + w_dark_route * (1 - lighting)
    + w_deserted_route * max(0, 1 - people / crowd_people) + camera_effect * camera share``,
    clipped to [0, 1] (assumption, see docs/odd.md)."""
    deserted = np.clip(1.0 - route_people / p.crowd_people, 0.0, 1.0)
    fear = (
        p.baseline
        + p.w_dark_route * (1.0 - route_lighting)
        + p.w_deserted_route * deserted
        + p.camera_effect * route_camera_share
    )
    return np.clip(fear, 0.0, 1.0)


def route_cells(r: Residents, women: np.ndarray) -> np.ndarray:
    """Each woman's route cells, ``(3, n_women)``: the street outside her home, where she walks
    from, and the stops or roads of her trips out and back (fixed: residents keep their places)."""
    return np.ascontiguousarray(r.places[women][:, [HOME, OUT, BACK]].T)


def route_conditions(
    route: np.ndarray,
    lighting: np.ndarray,
    people: np.ndarray,
    cameras_visible: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean lighting, mean footfall and share of cells with a camera, over each woman's route
    cells (:func:`route_cells`)."""
    return (
        lighting[route].mean(axis=0),
        people[route].mean(axis=0),
        (cameras_visible[route] > 0).mean(axis=0),
    )


def update_fear(
    p: FearParams,
    fear: np.ndarray,
    baseline: np.ndarray,
    victimised: np.ndarray,
    district_victims_per_100: np.ndarray,
) -> np.ndarray:
    """One day of fear: relax by ``rate_decay_day`` toward the route baseline, move
    ``jump_own`` of the way to 1 if victimised, add ``w_district`` per woman victimised in her
    district per 100 women there; clip to [0, 1] (assumption; fear that outlasts victimisation,
    VALIDATION A7)."""
    fear = fear + p.rate_decay_day * (baseline - fear)
    fear = fear + p.jump_own * (1.0 - fear) * victimised
    fear = fear + p.w_district * district_victims_per_100
    return np.clip(fear, 0.0, 1.0)


def night_legs(r: Residents, women: np.ndarray, is_dark) -> tuple[np.ndarray, np.ndarray]:
    """Whether each woman's trip out or back, and her evening outing, fall after dark."""
    depart = r.depart_hour[women].astype(np.int64)
    table = r.schedule_table
    dark = np.array([is_dark(h) for h in range(24)])
    leg_hour = {
        place: (depart + int(np.flatnonzero(table == place)[0])) % 24
        for place in (OUT, BACK, OUTING)
    }
    return dark[leg_hour[OUT]] | dark[leg_hour[BACK]], dark[leg_hour[OUTING]]


def travel_probability(
    p: FearParams, p_travel: float, fear: np.ndarray, night: np.ndarray
) -> np.ndarray:
    """Chance a woman travels today: ``p_travel * exp(-trip_sensitivity * fear)``, times
    ``exp(-night_sensitivity * fear)`` if a leg of the trip is after dark (assumption,
    calibrated to VALIDATION women's mobility and night travel)."""
    prob = p_travel * np.exp(-p.trip_sensitivity * fear)
    return prob * np.where(night, np.exp(-p.night_sensitivity * fear), 1.0)
