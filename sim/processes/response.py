"""What happens after an offence: cameras, reporting, recording, police response and arrest.

One pipeline serves every offence. A batch of this tick's incidents goes through: a working camera
in view captures a public incident with a probability that falls with darkness (VALIDATION CCTV in
investigations); under active monitoring an operator may notice and alert the police; face
recognition may identify the offender on captured footage; the victim reports with a probability
set by the offence and her trust; police record, and act on harassment only rarely (the
enforcement gap); an officer patrolling the cell may intervene; the nearest free officer responds
and arrests if he arrives in time; footage or investigation may clear the incident later.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from sim.params import SimParams, SurveillanceParams, TrustParams
from sim.processes import face_recognition as fr
from sim.processes.policing import Policing
from sim.processes.reporting import move_trust, report_probability
from sim.world.city import City
from sim.world.clock import Now
from sim.world.offences import HARASSMENT, OFFENCES, PUBLIC_OFFENCES, STREET_OFFENDER, Batch
from sim.world.residents import Residents


@dataclasses.dataclass
class Outcome:
    """What the response to a tick's incidents did.

    Attributes:
        flags: the event-log flags of each incident (in view, detected, ..., arrested).
        jailed: rows of the street offenders arrested (for the offending process to jail).
        jailed_by_camera: for each of ``jailed``, whether the arrest came from a camera (an
            alert, footage or a face match) rather than a patrol or a victim's report.
        barred: residents arrested for harassment (for the harassment process to bar).
        barred_by_camera: for each of ``barred``, whether the arrest came from a camera.
        recorded_cells: cells of the recorded public incidents (for the hotspot maps).
    """

    flags: dict[str, np.ndarray]
    jailed: np.ndarray
    jailed_by_camera: np.ndarray
    barred: np.ndarray
    barred_by_camera: np.ndarray
    recorded_cells: np.ndarray


def base_report_rate(
    t: TrustParams, help_desk_reporting: float, offence: np.ndarray, p_report_vehicle: float
) -> np.ndarray:
    """Each offence's reporting probability for a victim of average trust; women's help desks
    (an alternative lever, once started) multiply the odds of reporting harassment by
    ``help_desk_reporting`` (1 without them); a stolen vehicle is reported with
    ``p_report_vehicle`` (``vehicles.p_report``)."""
    odds = t.p_report_harassment / max(1.0 - t.p_report_harassment, 1e-12)
    if help_desk_reporting != 1.0:
        odds *= help_desk_reporting
    by_code = {
        "street_robbery": t.p_report_robbery,
        "home_robbery": t.p_report_robbery,
        "harassment": odds / (1.0 + odds),
        "domestic_violence": t.p_report_domestic,
        "vehicle_theft": p_report_vehicle,
    }
    return np.array([by_code[name] for name in OFFENCES])[offence]


def watchlist(s: SurveillanceParams, off, resident_u: np.ndarray):
    """Whether each incident's offender is on face recognition's watch list: a street offender
    by his own draw (``off.watch_u``), a resident (harasser) by hers (``resident_u``), against
    ``fr_watchlist_share``. Returns ``f(batch) -> bool array``."""
    share = s.fr_watchlist_share

    def on_list(b: Batch) -> np.ndarray:
        street = b.offender_kind == STREET_OFFENDER
        u = resident_u[np.where(street, 0, b.offender)]
        u[street] = off.watch_u[b.offender[street]]
        return u < share

    return on_list


class Response:
    """The response process: every incident of a tick goes through detection, reporting,
    recording, police response and arrest. It owns no state of its own: it returns who was
    arrested for the processes that own the offenders to act on, and moves the trust of the
    victims who reported.

    Args:
        city: the city (lighting).
        params: all parameters (surveillance, policing, trust, everyday).
        residents: the residents (their trust).
        streams: the run's named random streams.
        own_stream: the one stream all the draws come from (for a kind of incident that must
            not shift the others' draws); ``None``: ``detection``, ``reporting`` and
            ``policing``.
    """

    def __init__(
        self,
        city: City,
        params: SimParams,
        residents: Residents,
        streams: dict[str, np.random.Generator],
        own_stream: str | None = None,
    ):
        self.city, self.params, self.residents = city, params, residents
        if own_stream is not None:
            streams = dict.fromkeys(("detection", "reporting", "policing"), streams[own_stream])
        self._detection, self._reporting = streams["detection"], streams["reporting"]
        self._policing = streams["policing"]
        self.desk_odds = None
        """Per resident, the help desks' multiplier on her odds of reporting harassment
        (:meth:`open_help_desks`), or ``None`` without desks."""
        self.watchlisted = None
        """Optional ``f(batch) -> bool array``: whether each incident's offender is on the
        watch list (set by the model when the share is below 1; ``None``: everyone is)."""

    def open_help_desks(self, home_cells: np.ndarray, odds: float) -> None:
        """Women's help desks serve the residents whose home is in ``home_cells``: a harassed
        woman among them reports with her odds times ``odds`` (equal_budget.desk_odds: Amaral,
        Bhalotra & Prakash 2018, all-women police stations in India)."""
        served = np.zeros(self.city.n_cells, dtype=bool)
        served[home_cells] = True
        self.desk_odds = np.where(served[self.residents.home], odds, 1.0)

    def step(
        self,
        b: Batch,
        now: Now,
        cameras_covered: np.ndarray,
        policing: Policing,
        help_desk_reporting: float,
    ) -> Outcome:
        """Run this tick's incidents through detection, reporting, response and arrest; move
        the trust of victims who reported; return the flags and the arrests."""
        prm, city = self.params, self.city
        s, pol = prm.surveillance, prm.policing
        n = len(b)
        public = PUBLIC_OFFENCES[b.offence]
        light = city.lighting[b.cell] if now.dark else np.ones(n)

        in_view = public & cameras_covered[b.cell] & ~b.hidden
        p_capture = s.p_detect_dark + (s.p_detect_lit - s.p_detect_dark) * light
        u_det = self._detection.random((3, n))
        detected = in_view & (u_det[0] < p_capture)
        alerted = detected & (s.monitoring == "active") & (u_det[1] < s.p_operator_notices)
        fr_identified = detected & s.face_recognition & (u_det[2] < fr.hit_rate(s, light))
        if self.watchlisted is not None and fr_identified.any():
            fr_identified &= self.watchlisted(b)

        trust = self.residents.trust
        u_rep = self._reporting.random((3, n))
        base = base_report_rate(prm.trust, help_desk_reporting, b.offence, prm.vehicles.p_report)
        if self.desk_odds is not None:
            desk = (b.offence == HARASSMENT) & (self.desk_odds[b.victim] != 1.0)
            odds = base[desk] / (1.0 - base[desk]) * self.desk_odds[b.victim[desk]]
            base[desk] = odds / (1.0 + odds)
        reported = u_rep[0] < report_probability(prm.trust, base, trust[b.victim])
        p_act = np.where(b.offence == HARASSMENT, prm.everyday.p_police_act_harassment, 1.0)
        acted = u_rep[2] < p_act
        recorded = (alerted | (reported & (u_rep[1] < pol.p_record))) & acted

        u_pol = self._policing.random((4, n))
        intervened = public & ~b.hidden & policing.patrolling(now.tick, b.cell) & acted
        intervened &= u_pol[0] < pol.p_intervene
        officer, response_min = policing.respond(now.tick, b.cell, recorded & ~intervened, alerted)
        responded = officer >= 0
        in_time = responded & (response_min <= pol.arrest_window_min)  # NaN (none sent) is never
        arrested = intervened | (in_time & (u_pol[1] < pol.p_arrest_on_scene))
        arrested |= recorded & ((detected & (u_pol[2] < s.p_footage_identifies)) | fr_identified)
        arrested |= recorded & (u_pol[3] < pol.p_clear_by_investigation)
        # Arrests that would have happened without any camera: by a patrol, or after a report.
        by_report = reported & (u_rep[1] < pol.p_record) & acted
        no_camera = intervened | (
            by_report
            & (
                (in_time & (u_pol[1] < pol.p_arrest_on_scene))
                | (u_pol[3] < pol.p_clear_by_investigation)
            )
        )

        # Victims who reported: trust up if an officer came or was there, down if not.
        helped = responded | intervened
        t = prm.trust
        move_trust(trust, b.victim[reported & helped], 1.0, t.gain_response)
        move_trust(trust, b.victim[reported & ~helped], 0.0, t.loss_no_response)
        flags = {
            "in_view": in_view,
            "detected": detected,
            "alerted": alerted,
            "fr_identified": fr_identified,
            "reported": reported,
            "recorded": recorded,
            "responded": responded,
            "response_min": response_min,
            "arrested": arrested,
        }
        return Outcome(
            flags=flags,
            jailed=b.offender[arrested & (b.offender_kind == STREET_OFFENDER)],
            jailed_by_camera=~no_camera[arrested & (b.offender_kind == STREET_OFFENDER)],
            barred=b.offender[arrested & (b.offence == HARASSMENT)],
            barred_by_camera=~no_camera[arrested & (b.offence == HARASSMENT)],
            recorded_cells=b.cell[recorded & public],
        )
