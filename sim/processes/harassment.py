"""Harassment of women in streets, at transit stops and on the way.

Harassers are men among the residents: they harass in the course of their own routine, wherever
it takes them, when women are present in a street cell (routine activity theory, Cohen & Felson
1979). Police rarely act on harassment; that enforcement gap scales how much harassers fear
cameras and police, and so how much cameras can deter harassment.
"""

from __future__ import annotations

import numpy as np

from sim.params import EverydayParams
from sim.world.residents import MAN, Residents


def make_harassers(r: Residents, p: EverydayParams, rng: np.random.Generator) -> np.ndarray:
    """Indices of the residents who harass: each man with probability ``harasser_share``."""
    draws = rng.random(r.n)
    return np.flatnonzero((r.gender == MAN) & (draws < p.harasser_share)).astype(np.int32)


def harassment_hazard(
    p: EverydayParams, k_police: float, cameras_visible: np.ndarray, police: np.ndarray
) -> np.ndarray:
    """A harasser's perceived hazard where he is: ``p_police_act_harassment * (
    k_camera_harassment * [camera in view] + k_police * officers in the block)``. Deterrence is
    Epstein's (2002) form, discounted by how rarely police act (assumption, docs/odd.md)."""
    watched = (cameras_visible > 0).astype(float)
    return p.p_police_act_harassment * (p.k_camera_harassment * watched + k_police * police)


def decide_harassment(
    p: EverydayParams,
    n_harassers: int,
    able: np.ndarray,
    hazard: np.ndarray,
    opportunity: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    """Which harassers harass this tick: each of those ``able`` (free, in a street cell with a
    woman present) with probability ``p_harass_tick * opportunity * exp(-hazard)``, where
    ``opportunity`` (1 by default) is lowered by safer transit. One draw per harasser, able or
    not, so the draws do not depend on who is able.

    Args:
        n_harassers: number of harassers.
        able: positions (among the harassers) of the able ones.
        hazard, opportunity: aligned with ``able``.

    Returns:
        A boolean over ``able``: whether each harasses.
    """
    p_harass = p.p_harass_tick * opportunity * np.exp(-hazard)
    return rng.random(n_harassers)[able] < p_harass
