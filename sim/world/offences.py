"""What an incident is: offence codes, their category and space, and the kinds of offender.

The codes are shared by the processes that commit and answer offences, the event log and the
analysis.
"""

from __future__ import annotations

import numpy as np

OFFENCES = ("street_robbery", "home_robbery", "harassment", "domestic_violence")
STREET_ROBBERY, HOME_ROBBERY, HARASSMENT, DOMESTIC_VIOLENCE = range(len(OFFENCES))
CATEGORY_OF = {
    "street_robbery": "spectacular",
    "home_robbery": "spectacular",
    "harassment": "everyday",
    "domestic_violence": "everyday",
}
SPACE_OF = {
    "street_robbery": "public",
    "home_robbery": "private",
    "harassment": "public",
    "domestic_violence": "private",
}
PUBLIC_OFFENCES = np.array([SPACE_OF[o] == "public" for o in OFFENCES])
"""Whether each offence code happens in public space (where cameras can see)."""
CATEGORIES = ("spectacular", "everyday")
SPACES = ("public", "private")
GENDERS = ("man", "woman")
OFFENDER_KINDS = ("street_offender", "resident")
STREET_OFFENDER, RESIDENT = range(len(OFFENDER_KINDS))
CATEGORY_CODE = np.array([CATEGORIES.index(CATEGORY_OF[o]) for o in OFFENCES], dtype=np.int8)
"""Index into CATEGORIES of each offence code."""
SPACE_CODE = np.array([SPACES.index(SPACE_OF[o]) for o in OFFENCES], dtype=np.int8)
"""Index into SPACES of each offence code."""
