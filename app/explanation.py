"""The words under the map and charts: what the audience is looking at, in plain sentences
computed from the running model and the chosen heat layer."""

from __future__ import annotations

import solara
from mesa.visualization.utils import update_counter

from app import state
from app.frames import model_lock


def intro_text(model: state.WorkshopModel) -> str:
    """What the audience is looking at, in two sentences, from the running model."""
    city = model.city
    km = city.width * city.cell_size_m / 1000.0
    return (
        f"A teaching town of {model.residents.n:,} people, {km:g} km across, one hour per tick: "
        "where people go, where offenders strike, what the cameras see and what the police "
        "record. Change any lever on the left and the town starts again from day 1 on the same "
        "random draws, so whatever changes is the lever's doing, not chance."
    )


def map_text(model: state.WorkshopModel, heat: str) -> str:
    """What the map shows under this heat layer; for a twin layer, also how many incidents
    fewer and more, in how many cells."""
    text = HEAT_HELP[heat]
    if heat.startswith("twin_") and model.twin is not None:
        with model_lock(model):
            d = state.twin_difference(model, heat.removeprefix("twin_"))
        text += (
            f" So far: {d['fewer']} fewer in {d['blocks_fewer']} blocks (purple), {d['more']} "
            f"more in {d['blocks_more']} blocks (orange), {d['net']:+d} in all."
        )
    return text


CHARTS_HELP = (
    "Charts, running totals since day 1. Top left: incidents in camera view (solid) and out of "
    "it (dashed), spectacular (vermilion) and everyday (blue). Top right: all incidents (black) "
    "against what cameras detected, victims reported and police recorded. Bottom left: women's "
    "trips made, and trips forgone for fear. Bottom right: people stopped by police after a false "
    "face match, by group. Dotted lines: the twin (no cameras, no alternatives), when it runs."
)


@solara.component
def Explanation(model: state.WorkshopModel, heat: str):
    """A few plain sentences on what the page shows (redrawn with the map, for the twin
    figures). Plain text: solara's Markdown would load KaTeX, which solara-assets does not
    carry."""
    update_counter.get()
    style = {"font-size": "16px", "max-width": "1500px"}
    with solara.Column(gap="4px", classes=["safecity-explanation"]):
        solara.Text("What you are seeing", style={**style, "font-weight": "600"})
        solara.Text(intro_text(model), style=style, classes=["safecity-intro"])
        solara.Text(map_text(model, heat), style=style, classes=["safecity-map-help"])
        solara.Text(CHARTS_HELP, style=style, classes=["safecity-charts-help"])


BLOCK = f"block of {state.BLOCK_CELLS} x {state.BLOCK_CELLS} cells"
HEAT_HELP = {
    "none": "Map: land use, darker where streets are unlit (much darker at night); green "
    "squares are what working cameras see, grey what broken ones no longer see. Grey dots: "
    "residents out; purple triangles: women commuters; orange diamonds: street offenders; blue "
    "crosses: police. Incidents of the last twelve hours, fading: vermilion stars for "
    "spectacular ones (street and home robbery), yellow circles for everyday ones (harassment, "
    "domestic violence), sky-blue hexagons for property ones (vehicle theft).",
    "footfall": "Footfall: how many people-hours were spent in public in each cell so far "
    "(dark = busy). Busy streets are where Safe City programmes put cameras.",
    "spectacular": f"Spectacular incidents (street robbery, home robbery) so far, per {BLOCK}.",
    "everyday": f"Everyday incidents (harassment, domestic violence) so far, per {BLOCK}.",
    "property": f"Property incidents (vehicle theft) so far, per {BLOCK}.",
    "twin_spectacular": f"Spectacular incidents here minus in the twin (the same town on the same "
    f"draws, with no cameras and no alternatives), per {BLOCK}: purple where they were "
    "prevented, orange where they moved to.",
    "twin_everyday": f"Everyday incidents here minus in the twin (the same town on the same draws, "
    f"with no cameras and no alternatives), per {BLOCK}: purple where fewer, orange where more.",
    "twin_property": f"Vehicle thefts here minus in the twin (the same town on the same draws, "
    f"with no cameras and no alternatives), per {BLOCK}: purple where fewer, orange where more.",
}
