"""Named random streams spawned from the run's seed.

Each process draws from its own ``numpy.random.Generator``. A stream's seed depends only on the
run's seed and the stream's name, so a policy that changes how many draws one process makes (more
cameras, more detections) never shifts the draws of another: with the same seed, a run with and
without cameras is a matched pair ("twin world", DESIGN.md section 4).
"""

from __future__ import annotations

import zlib

import numpy as np

STREAM_NAMES = (
    "city",  # generating the city
    "population",  # residents' fixed attributes
    "offenders",  # street offenders' homes and known places
    "officers",  # officers' starting cells
    "harassers",  # which men harass
    "households",  # household stress
    "trust",  # residents' initial trust
    "schedule",  # residents' daily decisions to travel
    "movement",  # offenders' choice of place
    "offending",  # decisions to offend
    "victims",  # which person present becomes the victim
    "harassment",  # harassers' decisions
    "domestic",  # domestic violence in households
    "face_recognition",  # false matches and stops
    "cameras",  # placement, failures, repairs, outages
    "detection",  # camera capture and operator attention
    "reporting",  # victims' reports and police recording
    "policing",  # interventions and arrests at incidents
    "patrol",  # patrol moves (apart, so twin worlds patrol alike until incidents differ)
)

MECHANISM_STREAM_NAMES = (
    "recruitment",  # new street offenders: how many, their homes and known places
    "desistance",  # which offenders end their careers, and the starting pool's career lengths
    "sanctions",  # the sanction funnel: charge, bail, trial, verdict, sentence
    "motivation",  # how long a deterred offender's motivation lasts, and his renewed attempt
    "watchlist",  # who is on face recognition's watch list
)
"""Streams of the open-population mechanisms (docs/odd.md, submodels), kept in a dict of their
own (``SafeCityModel.mechanism_streams``): a mechanism switched off draws nothing, and switching
one never shifts another's draws or the core streams above."""


def stream_seed(seed: int, name: str) -> np.random.SeedSequence:
    """The seed sequence of stream ``name`` in a run with root ``seed``."""
    if name not in STREAM_NAMES + MECHANISM_STREAM_NAMES:
        known = STREAM_NAMES + MECHANISM_STREAM_NAMES
        raise KeyError(f"unknown random stream {name!r}: expected one of {known}")
    return np.random.SeedSequence(seed, spawn_key=(zlib.crc32(name.encode()),))


def make_streams(
    seed: int, names: tuple[str, ...] = STREAM_NAMES
) -> dict[str, np.random.Generator]:
    """One independent generator per named stream (``names``), all derived from ``seed``."""
    return {name: np.random.Generator(np.random.PCG64(stream_seed(seed, name))) for name in names}


def replicate_seed(root_seed: int, replicate: int) -> int:
    """The seed of replicate ``replicate`` of an experiment with root seed ``root_seed``:
    independent across replicates, reproducible, a non-negative 63-bit integer."""
    state = np.random.SeedSequence(root_seed, spawn_key=(replicate,)).generate_state(1, np.uint64)
    return int(state[0] >> np.uint64(1))
