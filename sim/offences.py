"""This hour's offences: street robbery (and home robbery by crime-type displacement),
harassment of women on their way, and domestic violence at home.

Each function reads the model's state, applies the rules of its own module (:mod:`sim.offending`,
:mod:`sim.harassment`, :mod:`sim.domestic`) to whole arrays, and returns a :class:`Batch` of
incidents for :mod:`sim.incidents` to process.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.processes.domestic import domestic_incidents, domestic_probability
from sim.processes.harassment import decide_harassment, harassment_hazard
from sim.processes.response import Batch
from sim.processes.street_offending import (
    choose_places,
    decide_offending,
    learn_cameras,
    perceived_hazard,
)
from sim.processes.victims import cell_mask, pick
from sim.world.city import LandUse
from sim.world.clock import HOURS_PER_DAY
from sim.world.offences import (
    DOMESTIC_VIOLENCE,
    HARASSMENT,
    HOME_ROBBERY,
    RESIDENT,
    STREET_OFFENDER,
    STREET_ROBBERY,
)
from sim.world.residents import ACTIVITY, HOME, WOMAN

if TYPE_CHECKING:
    from sim.model import SafeCityModel


def street_offences(model: SafeCityModel, tick: int, hour: int) -> list[Batch]:
    """Offenders choose places and decide to offend; deterred offenders may turn to home
    robbery when crime-type displacement is on."""
    p, off, city = model.params.offending, model.offenders, model.city
    if off.n == 0:
        return []
    places = off.places
    people = model.people_at(places)
    visibility = np.ones(places.shape)
    if model.is_dark(hour):
        light = city.lighting[places]
        visibility = p.guardian_dark_factor + (1.0 - p.guardian_dark_factor) * light
    hazard = perceived_hazard(p, people, visibility, model.police_at(places), off.camera_belief)
    off.choice[:] = choose_places(p, people, hazard, model.streams["movement"])
    rows = np.arange(off.n)
    roaming = off.free(tick) & (p.active_start_hour <= hour < p.active_end_hour)
    offends, deterred = decide_offending(
        p,
        roaming,
        people[rows, off.choice],
        hazard[rows, off.choice],
        model.streams["offending"],
    )
    switch = deterred & (model.streams["offending"].random(off.n) < p.p_type_switch)
    learn_cameras(p, off, roaming, model.cameras.visible, model.streams["movement"])
    model.now["offenders_roaming"] = int(roaming.sum())

    r, victims_rng = model.residents, model.streams["victims"]
    robbers = np.flatnonzero(offends)
    cells = off.cell[robbers]
    victims = pick(cells, r.public, r.public_cell, victims_rng, city.n_cells)
    batches = [Batch.of(STREET_ROBBERY, STREET_OFFENDER, cells, robbers, victims)]
    if p.type_displacement and switch.any():
        burglars = np.flatnonzero(switch)
        at_home = np.flatnonzero(~r.in_public)
        home_district = city.district[r.home[at_home]]
        victims = pick(city.district[places[burglars, 0]], at_home, home_district, victims_rng)
        ok = victims >= 0
        batches.append(
            Batch.of(HOME_ROBBERY, STREET_OFFENDER, r.home[victims[ok]], burglars[ok], victims[ok])
        )
    return batches


def harassment(model: SafeCityModel, tick: int) -> Batch:
    """Harassers on their routine harass a woman on her way (trip out, back, outing) in
    their street cell: harassment in streets, at stops and on the way (issue 3)."""
    r, h, ev, n_cells = model.residents, model.harassers, model.params.everyday, model.city.n_cells
    if len(h) == 0:  # nothing to draw or decide
        return Batch.of(HARASSMENT, RESIDENT, [], [], [])
    # On the way (trip out, back, outing) means in public and not at the activity place.
    on_the_way = np.flatnonzero((r.public_place != ACTIVITY) & (r.gender[r.public] == WOMAN))
    women_out, women_cells = r.public[on_the_way], r.public_cell[on_the_way]
    # Able: out, not barred, in a street cell with a woman on her way. The rules below are
    # evaluated for the able harassers only (positions among all harassers).
    able = np.flatnonzero(r.place[h] != HOME)
    cells = r.cell[h[able]]
    ok = (model.barred_until[h[able]] <= tick) & model.is_street[cells]
    ok &= cell_mask(women_cells, n_cells)[cells]
    ok = np.flatnonzero(ok)
    able, cells = able[ok], cells[ok]
    hazard = harassment_hazard(
        ev,
        model.params.offending.k_police,
        model.cameras.visible[cells],
        model.police_at(cells),
    )
    at_stop = model.city.land_use[cells] == LandUse.TRANSIT
    safer = model.params.alternatives.safer_transit if model.alternatives_on else 0.0
    harass = decide_harassment(
        ev, len(h), able, hazard, 1.0 - safer * at_stop, model.streams["harassment"]
    )
    cells = cells[harass]
    victims = pick(cells, women_out, women_cells, model.streams["victims"], n_cells)
    return Batch.of(HARASSMENT, RESIDENT, cells, h[able[harass]], victims)


def domestic_violence(model: SafeCityModel, tick: int, hour: int) -> Batch:
    """Households with domestic violence this hour (never in view of a camera)."""
    h, r, ev = model.households, model.residents, model.params.everyday
    day = tick // HOURS_PER_DAY
    if hour >= ev.dv_start_hour and model.dv_p_hour[0] != day:
        men_out = r.travelling[np.maximum(h.man[h.abusive], 0)]
        model.dv_p_hour = (day, domestic_probability(h, ev, men_out))
    idx = domestic_incidents(h, ev, hour, model.dv_p_hour[1], model.streams["domestic"])
    victims = h.woman[idx]
    return Batch.of(DOMESTIC_VIOLENCE, RESIDENT, r.home[victims], h.man[idx], victims)
