"""What an incident is: offence codes, their category and space, the kinds of offender, and
a batch of one tick's incidents as aligned arrays.

The codes are shared by the processes that commit and answer offences, the event log and the
analysis.
"""

from __future__ import annotations

import dataclasses

import numpy as np

OFFENCES = ("street_robbery", "home_robbery", "harassment", "domestic_violence", "vehicle_theft")
STREET_ROBBERY, HOME_ROBBERY, HARASSMENT, DOMESTIC_VIOLENCE, VEHICLE_THEFT = range(len(OFFENCES))
CATEGORY_OF = {
    "street_robbery": "spectacular",
    "home_robbery": "spectacular",
    "harassment": "everyday",
    "domestic_violence": "everyday",
    "vehicle_theft": "property",
}
SPACE_OF = {
    "street_robbery": "public",
    "home_robbery": "private",
    "harassment": "public",
    "domestic_violence": "private",
    "vehicle_theft": "public",  # parked in the street, at a market or a stand: cameras can see
}
PUBLIC_OFFENCES = np.array([SPACE_OF[o] == "public" for o in OFFENCES])
"""Whether each offence code happens in public space (where cameras can see)."""
FACE_TO_FACE = np.array(
    [SPACE_OF[o] == "public" and CATEGORY_OF[o] != "property" for o in OFFENCES]
)
"""Whether each offence code meets its victim in public space (a parked vehicle is stolen in
the owner's absence): the victimisations that feed the victim's fear of going out."""
CATEGORIES = ("spectacular", "everyday", "property")
SPACES = ("public", "private")
GENDERS = ("man", "woman")
OFFENDER_KINDS = ("street_offender", "resident")
STREET_OFFENDER, RESIDENT = range(len(OFFENDER_KINDS))
CATEGORY_CODE = np.array([CATEGORIES.index(CATEGORY_OF[o]) for o in OFFENCES], dtype=np.int8)
"""Index into CATEGORIES of each offence code."""
SPACE_CODE = np.array([SPACES.index(SPACE_OF[o]) for o in OFFENCES], dtype=np.int8)
"""Index into SPACES of each offence code."""


@dataclasses.dataclass
class Batch:
    """This tick's incidents of one kind, as aligned arrays. ``hidden`` marks incidents in a
    space street cameras and patrols cannot see (inside a vehicle), placed at the cell the
    vehicle passes."""

    offence: np.ndarray
    cell: np.ndarray
    offender: np.ndarray
    offender_kind: np.ndarray
    victim: np.ndarray
    hidden: np.ndarray

    @classmethod
    def of(cls, offence: int, kind: int, cell, offender, victim, hidden=None) -> Batch:
        """A batch of one offence committed by one kind of offender (none hidden unless
        ``hidden`` says)."""
        n = len(cell)
        if n == 0:  # most batches of most ticks: skip six conversions
            return _EMPTY
        return cls(
            offence=np.full(n, offence, dtype=np.int8),
            cell=np.asarray(cell, dtype=np.int64),
            offender=np.asarray(offender, dtype=np.int64),
            offender_kind=np.full(n, kind, dtype=np.int8),
            victim=np.asarray(victim, dtype=np.int64),
            hidden=np.zeros(n, dtype=bool) if hidden is None else np.asarray(hidden, dtype=bool),
        )

    @classmethod
    def concat(cls, batches: list[Batch]) -> Batch:
        """All incidents of several batches, in order."""
        return cls(
            **{
                f.name: np.concatenate([getattr(b, f.name) for b in batches])
                for f in dataclasses.fields(cls)
            }
        )

    def __len__(self) -> int:
        return len(self.cell)


_EMPTY = Batch(
    offence=np.zeros(0, dtype=np.int8),
    cell=np.zeros(0, dtype=np.int64),
    offender=np.zeros(0, dtype=np.int64),
    offender_kind=np.zeros(0, dtype=np.int8),
    victim=np.zeros(0, dtype=np.int64),
    hidden=np.zeros(0, dtype=bool),
)
"""The batch of no incidents (shared: its arrays are empty, so nothing can change it)."""
