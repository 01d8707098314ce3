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
import math
from typing import TYPE_CHECKING

import numpy as np

from sim.processes import face_recognition as fr
from sim.processes.policing import dispatch
from sim.processes.reporting import move_trust, report_probability
from sim.world.clock import HOURS_PER_DAY
from sim.world.offences import HARASSMENT, OFFENCES, PUBLIC_OFFENCES, STREET_OFFENDER

if TYPE_CHECKING:
    from sim.model import SafeCityModel


@dataclasses.dataclass
class Batch:
    """This tick's incidents of one kind, as aligned arrays."""

    offence: np.ndarray
    cell: np.ndarray
    offender: np.ndarray
    offender_kind: np.ndarray
    victim: np.ndarray

    @classmethod
    def of(cls, offence: int, kind: int, cell, offender, victim) -> Batch:
        """A batch of one offence committed by one kind of offender."""
        n = len(cell)
        if n == 0:  # most batches of most ticks: skip five conversions
            return _EMPTY
        return cls(
            offence=np.full(n, offence, dtype=np.int8),
            cell=np.asarray(cell, dtype=np.int64),
            offender=np.asarray(offender, dtype=np.int64),
            offender_kind=np.full(n, kind, dtype=np.int8),
            victim=np.asarray(victim, dtype=np.int64),
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
)
"""The batch of no incidents (shared: its arrays are empty, so nothing can change it)."""


def base_report_rate(model: SafeCityModel, offence: np.ndarray) -> np.ndarray:
    """Each offence's reporting probability for a victim of average trust; women's help desks
    (an alternative lever, once started) multiply the odds of reporting harassment."""
    t = model.params.trust
    odds = t.p_report_harassment / max(1.0 - t.p_report_harassment, 1e-12)
    if model.alternatives_on:
        odds *= model.params.alternatives.help_desk_reporting
    by_code = {
        "street_robbery": t.p_report_robbery,
        "home_robbery": t.p_report_robbery,
        "harassment": odds / (1.0 + odds),
        "domestic_violence": t.p_report_domestic,
    }
    return np.array([by_code[name] for name in OFFENCES])[offence]


def process(model: SafeCityModel, b: Batch, tick: int, hour: int) -> dict[str, np.ndarray]:
    """Run this tick's incidents through detection, reporting, response and arrest; apply the
    consequences (jail, trust, hotspot map); return the event-log flags."""
    m = model
    s, pol, city, rng = m.params.surveillance, m.params.policing, m.city, m.streams
    n = len(b)
    public = PUBLIC_OFFENCES[b.offence]
    light = city.lighting[b.cell] if m.is_dark(hour) else np.ones(n)

    in_view = public & m.cameras.covered[b.cell]
    p_capture = s.p_detect_dark + (s.p_detect_lit - s.p_detect_dark) * light
    u_det = rng["detection"].random((3, n))
    detected = in_view & (u_det[0] < p_capture)
    alerted = detected & (s.monitoring == "active") & (u_det[1] < s.p_operator_notices)
    fr_identified = detected & s.face_recognition & (u_det[2] < fr.hit_rate(s, light))

    trust = m.residents.trust
    u_rep = rng["reporting"].random((3, n))
    reported = u_rep[0] < report_probability(
        m.params.trust, base_report_rate(m, b.offence), trust[b.victim]
    )
    p_act = np.where(b.offence == HARASSMENT, m.params.everyday.p_police_act_harassment, 1.0)
    acted = u_rep[2] < p_act
    recorded = (alerted | (reported & (u_rep[1] < pol.p_record))) & acted

    u_pol = rng["policing"].random((4, n))
    # A handful of incidents against the officers: a direct comparison beats np.isin's setup.
    patrolling_here = (b.cell[:, None] == m.police.cell[m.police.free(tick)][None, :]).any(axis=1)
    intervened = public & patrolling_here & acted & (u_pol[0] < pol.p_intervene)
    needs_response = recorded & ~intervened
    officer = np.full(n, -1)
    response_min = np.full(n, np.nan)
    if m.response_units.n:  # alerts go first to the officers kept for them
        to_units = needs_response & alerted
        officer[to_units], response_min[to_units] = dispatch(
            city, pol, m.response_units, tick, b.cell[to_units], np.zeros(int(to_units.sum()))
        )
        needs_response &= officer < 0
    delay = np.where(alerted, 0.0, pol.report_delay_min)[needs_response]
    officer[needs_response], response_min[needs_response] = dispatch(
        city, pol, m.police, tick, b.cell[needs_response], delay
    )
    responded = officer >= 0
    in_time = responded & (response_min <= pol.arrest_window_min)  # NaN (none sent) is never
    arrested = intervened | (in_time & (u_pol[1] < pol.p_arrest_on_scene))
    arrested |= recorded & ((detected & (u_pol[2] < s.p_footage_identifies)) | fr_identified)
    arrested |= recorded & (u_pol[3] < pol.p_clear_by_investigation)

    _apply_consequences(m, b, tick, arrested, reported, recorded, responded | intervened)
    return {
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


def _apply_consequences(m, b, tick, arrested, reported, recorded, helped) -> None:
    """Jail arrested street offenders, bar arrested harassers, move the trust of victims who
    reported (up if an officer came or was there, down if not), feed the hotspot map with
    recorded public incidents (police patrol streets, cameras watch them)."""
    jail = arrested & (b.offender_kind == STREET_OFFENDER)
    jail_ticks = math.ceil(m.params.offending.dur_jail_days * HOURS_PER_DAY)
    m.offenders.jailed_until[b.offender[jail]] = tick + 1 + jail_ticks
    barred = arrested & (b.offence == HARASSMENT)
    bar_ticks = math.ceil(m.params.everyday.dur_barred_days * HOURS_PER_DAY)
    m.barred_until[b.offender[barred]] = tick + 1 + bar_ticks

    t = m.params.trust
    move_trust(m.residents.trust, b.victim[reported & helped], 1.0, t.gain_response)
    move_trust(m.residents.trust, b.victim[reported & ~helped], 0.0, t.loss_no_response)
    on_street = recorded & PUBLIC_OFFENCES[b.offence]
    np.add.at(m.recorded_per_cell, b.cell[on_street], 1)
    m.patrol.add_recorded(b.cell[on_street])
