"""The per-resident outcomes table: who each resident is and what the run did to her."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.processes.face_recognition import FaceRecognition
from sim.processes.travel import Travel
from sim.world.city import City
from sim.world.residents import Residents


def resident_outcomes(
    residents: Residents, city: City, travel: Travel, faces: FaceRecognition
) -> pd.DataFrame:
    """One row per resident agent: gender, group, home district, transit use, trips made and
    forgone, fear (women; NaN for men) and trust at the end of the run, and the face captures,
    false matches and wrongful stops she had."""
    r = residents
    fear = np.full(r.n, np.nan)
    fear[travel.women] = travel.fear
    return pd.DataFrame(
        {
            "gender": pd.Categorical.from_codes(r.gender, categories=["man", "woman"]),
            "group": r.group,
            "district": city.district[r.home],
            "transit": r.transit,
            "trips": travel.trips,
            "trips_forgone": travel.trips_forgone,
            "fear": fear,
            "trust": r.trust,
            "face_captures": faces.face_captures,
            "false_matches": faces.false_matches,
            "wrongful_stops": faces.wrongful_stops,
        }
    )
