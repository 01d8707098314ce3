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
    "vehicle_theft",  # who owns a vehicle, decisions to steal one, which parked one
    "vehicle_response",  # detection, reporting and policing of vehicle thefts
)
ON_DEMAND_STREAMS = (
    "awareness",  # offenders exploring new places (learning.explore)
    "targets",  # residents' target traits: in company, carrying valuables (targets.suitability)
    "harasser_places",  # mobile harassers' known places (everyday.harasser_mobility)
    "harasser_moves",  # mobile harassers' choice of place (everyday.harasser_mobility)
    "vehicles",  # whether a harassment encounter is inside a vehicle (harassment_in_vehicles)
)
"""Streams of switchable mechanisms, made when a process first asks for one: a run with the
mechanism off holds exactly the streams it held before the mechanism existed."""

MECHANISM_STREAM_NAMES = (
    "recruitment",  # new street offenders: how many, their homes and known places
    "desistance",  # which offenders end their careers, and the starting pool's career lengths
    "sanctions",  # the sanction funnel: charge, bail, trial, verdict, sentence
    "motivation",  # how long a deterred offender's motivation lasts, and his renewed attempt
    "watchlist",  # who is on face recognition's watch list
)
"""Streams of the open-population mechanisms (docs/odd.md, submodels), made with the core
streams: a mechanism switched off draws nothing from its stream, and switching one never shifts
another's draws or the core streams above."""


def stream_seed(seed: int, name: str) -> np.random.SeedSequence:
    """The seed sequence of stream ``name`` in a run with root ``seed``."""
    if name not in STREAM_NAMES + ON_DEMAND_STREAMS + MECHANISM_STREAM_NAMES:
        known = STREAM_NAMES + ON_DEMAND_STREAMS + MECHANISM_STREAM_NAMES
        raise KeyError(f"unknown random stream {name!r}: expected one of {known}")
    return np.random.SeedSequence(seed, spawn_key=(zlib.crc32(name.encode()),))


class Streams(dict):
    """The run's generators by name: those of ``names`` made at once, in that order; any other
    known stream (``ON_DEMAND_STREAMS``, ``MECHANISM_STREAM_NAMES``) made, and kept, when first
    asked for."""

    def __init__(self, seed: int, names: tuple[str, ...] = STREAM_NAMES):
        super().__init__(
            (name, np.random.Generator(np.random.PCG64(stream_seed(seed, name)))) for name in names
        )
        self.seed = seed

    def __missing__(self, name: str) -> np.random.Generator:
        gen = np.random.Generator(np.random.PCG64(stream_seed(self.seed, name)))
        self[name] = gen
        return gen


def make_streams(seed: int, names: tuple[str, ...] = STREAM_NAMES) -> Streams:
    """One independent generator per named stream, all derived from ``seed``: those of
    ``names`` at once, the others when first used."""
    return Streams(seed, names)


def replicate_seed(root_seed: int, replicate: int) -> int:
    """The seed of replicate ``replicate`` of an experiment with root seed ``root_seed``:
    independent across replicates, reproducible, a non-negative 63-bit integer."""
    state = np.random.SeedSequence(root_seed, spawn_key=(replicate,)).generate_state(1, np.uint64)
    return int(state[0] >> np.uint64(1))
