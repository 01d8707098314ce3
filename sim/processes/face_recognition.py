"""Face recognition on camera footage: identifications, false matches and face captures.

Matching follows equal-variance signal detection: a capture's similarity score is standard
normal for a non-match and shifted by ``d'`` for a true match; a match is declared above the
threshold. The true-match rate is ``1 - Phi(threshold - d')`` (``d'`` falls in the dark) and the
false-match rate per capture is ``fr_watchlist_matches * (1 - Phi(threshold))``, multiplied for
women and for the minority group (VALIDATION face-recognition differentials, NIST IR 8280).
Raising the threshold lowers both, never raises false matches.
"""

from __future__ import annotations

import numpy as np
from scipy.special import ndtr

from sim.params import SurveillanceParams, TrustParams
from sim.processes.reporting import move_trust
from sim.world.residents import WOMAN, Residents

FACE_KINDS = (np.array([0, 0, 1, 1]), np.array([0, 1, 0, 1]))
"""Gender and group codes of the four kinds of person, in the order of :func:`kind_of`."""


def kind_of(gender: np.ndarray, group: np.ndarray) -> np.ndarray:
    """Index of each person's (gender, group) kind in :data:`FACE_KINDS`."""
    return gender * 2 + group


def hit_rate(p: SurveillanceParams, light: np.ndarray) -> np.ndarray:
    """Chance face recognition identifies the offender on usable footage, by lighting 0-1."""
    d_prime = p.fr_d_prime_dark + (p.fr_d_prime_lit - p.fr_d_prime_dark) * light
    return ndtr(d_prime - p.fr_threshold)


def false_match_rate(p: SurveillanceParams, gender: np.ndarray, group: np.ndarray) -> np.ndarray:
    """Chance one capture of an innocent person is flagged as a match, by gender and group."""
    base = p.fr_watchlist_matches * ndtr(-p.fr_threshold)
    factor = np.where(gender == WOMAN, p.fr_false_match_women, 1.0)
    factor = factor * np.where(group == 1, p.fr_false_match_minority, 1.0)
    return np.clip(base * factor, 0.0, 1.0)


class FaceRecognition:
    """The face-recognition process: it owns each resident's captures, false matches and
    wrongful stops, and each hour captures the faces in view of a working camera.

    Args:
        residents: the residents (who is in public where; their trust).
        p: the surveillance parameters.
        trust: the trust parameters.
        streams: the run's named random streams.
    """

    def __init__(
        self,
        residents: Residents,
        p: SurveillanceParams,
        trust: TrustParams,
        streams: dict[str, np.random.Generator],
    ):
        self.residents, self.p, self.trust = residents, p, trust
        # False-match rate by (gender, group): four values; each resident's, looked up per
        # capture (gender and group do not change).
        self.false_match_by_kind = false_match_rate(p, *FACE_KINDS)
        self._false_match = self.false_match_by_kind[kind_of(residents.gender, residents.group)]
        self.face_captures = np.zeros(residents.n, dtype=np.int32)
        self.false_matches = np.zeros(residents.n, dtype=np.int32)
        self.wrongful_stops = np.zeros(residents.n, dtype=np.int32)
        self._rng = streams["face_recognition"]

    def step(self, cameras_covered: np.ndarray) -> dict[str, int]:
        """Capture every resident in public in view of a working camera (``cameras_covered``
        per cell); each capture may falsely match her, and a false match may lead to a wrongful
        stop, which costs trust. Returns this hour's counts for the series."""
        r = self.residents
        # compress, not a boolean index: numpy's boolean indexing of a large array is slower.
        seen = r.public.compress(cameras_covered[r.public_cell])
        self.face_captures[seen] += 1
        u = self._rng.random((2, len(seen)))
        match = u[0] < self._false_match[seen]
        matched = seen[match]
        stopped = seen[match & (u[1] < self.p.p_stop_on_match)]
        self.false_matches[matched] += 1
        self.wrongful_stops[stopped] += 1
        move_trust(r.trust, stopped, 0.0, self.trust.loss_wrongful_stop)
        return {
            "face_captures": len(seen),
            "false_matches": len(matched),
            "wrongful_stops": len(stopped),
        }
