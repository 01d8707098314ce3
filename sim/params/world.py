"""World parameters: the city and its residents (EMA Workbench's "uncertainties")."""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from sim.params.declare import ParamError, ParamGroup, param


@dataclasses.dataclass(frozen=True)
class CityParams(ParamGroup):
    """The generated city: grid, land use, density, lighting and districts."""

    group: ClassVar[str] = "city"

    width_cells: int = param(
        60,
        unit="cells",
        lo=5,
        hi=2000,
        doc="Grid width.",
        source="assumption: a 6 km x 6 km teaching town that runs a week in well under a second",
    )
    height_cells: int = param(
        60,
        unit="cells",
        lo=5,
        hi=2000,
        doc="Grid height.",
        source="assumption: as width_cells",
    )
    cell_size_m: float = param(
        100.0,
        unit="m",
        lo=10.0,
        hi=1000.0,
        doc="Side of one square cell.",
        source="DESIGN.md section 2 (100 m cells)",
    )
    districts_x: int = param(
        3,
        unit="districts",
        lo=1,
        hi=50,
        doc="Districts across (rectangular blocks).",
        source="assumption: a few neighbourhoods for reporting",
    )
    districts_y: int = param(
        3,
        unit="districts",
        lo=1,
        hi=50,
        doc="Districts down.",
        source="assumption: as districts_x",
    )
    arterial_spacing_cells: int = param(
        10,
        unit="cells",
        lo=2,
        hi=500,
        doc="Spacing of the main-road lattice.",
        source="assumption: arterial roads about every kilometre",
    )
    transit_stop_spacing_cells: int = param(
        5,
        unit="cells",
        lo=1,
        hi=500,
        doc="Spacing of transit stops along arterials.",
        source="assumption: bus stops about every 500 m",
    )
    market_share: float = param(
        0.06,
        unit="share of cells",
        lo=0.0,
        hi=0.5,
        doc="Share of cells that are markets.",
        source="assumption: markets cluster near arterials and the centre",
    )
    industrial_share: float = param(
        0.04,
        unit="share of cells",
        lo=0.0,
        hi=0.5,
        doc="Share of cells that are industrial.",
        source="assumption",
    )
    open_share: float = param(
        0.08,
        unit="share of cells",
        lo=0.0,
        hi=0.5,
        doc="Share of cells that are open land.",
        source="assumption: parks, river banks, vacant land",
    )
    density_gradient_per_km: float = param(
        0.15,
        unit="per km",
        lo=0.0,
        hi=2.0,
        plausible=(0.05, 0.3),
        plausible_source=(
            "Bertaud & Malpezzi 2003 (secondary): 0.05-0.3 per km typical of large cities"
        ),
        doc="Exponential decline of residential density with distance from the centre.",
        source="Clark 1951 negative-exponential density; gradients of 0.05-0.3 per km are "
        "typical of large cities (Bertaud & Malpezzi 2003, secondary)",
    )
    lighting_main: float = param(
        0.9,
        unit="0-1",
        lo=0.0,
        hi=1.0,
        plausible=(0.34, 0.95),
        plausible_source=(
            "Express Tribune 2022 (Lahore Metropolitan Corporation, secondary): 34%"
            " of main-road lights working; 0.95 an assumption for a well-kept town"
        ),
        doc="Street-lighting level on arterials, transit stops and markets.",
        source="assumption: main roads and markets are lit",
    )
    lighting_residential: float = param(
        0.5,
        unit="0-1",
        lo=0.0,
        hi=1.0,
        plausible=(0.3, 0.7),
        plausible_source=(
            "Express Tribune 2022 (secondary): 54% of union-council street lights "
            "working in Lahore; width an assumption"
        ),
        doc="Street-lighting level in lit residential streets.",
        source="assumption",
    )
    unlit_share: float = param(
        0.2,
        unit="share of cells",
        lo=0.0,
        hi=1.0,
        plausible=(0.1, 0.4),
        plausible_source="assumption: from a few unlit fringes to a large unlit periphery",
        doc="Share of residential and industrial cells, farthest from the centre first (with "
        "noise), with no street lighting; open land is always unlit.",
        source="assumption: peripheral settlements lack street lights (DESIGN.md section 1)",
    )
    daylight_start_hour: int = param(
        6,
        unit="hour of day",
        lo=0,
        hi=23,
        doc="First hour of daylight.",
        source="assumption: Lahore sunrise is between about 5 and 7 through the year",
    )
    daylight_end_hour: int = param(
        19,
        unit="hour of day",
        lo=1,
        hi=24,
        doc="First hour of darkness.",
        source="assumption: Lahore sunset is between about 17 and 19:30 through the year",
    )
    file: str = param(
        "",
        unit="path",
        doc="A city file (.npz, see docs/city-file.md) to load instead of "
        "generating; empty to generate.",
        source="-",
    )

    def check_consistency(self) -> None:
        if self.daylight_end_hour <= self.daylight_start_hour:
            raise ParamError(
                f"city.daylight_end_hour = {self.daylight_end_hour} must be after "
                f"city.daylight_start_hour = {self.daylight_start_hour}"
            )
        longest = max(self.width_cells, self.height_cells)
        if self.arterial_spacing_cells // 2 >= longest:
            raise ParamError(
                f"city.arterial_spacing_cells = {self.arterial_spacing_cells} leaves a "
                f"{self.width_cells} x {self.height_cells} grid without roads: expected at most "
                f"{2 * longest - 1}"
            )
        total = self.market_share + self.industrial_share + self.open_share
        if total > 0.8:
            raise ParamError(
                f"city.market_share + city.industrial_share + city.open_share = {total:g} leaves "
                "too little room for homes: expected a sum of at most 0.8"
            )
        for axis, n in (("x", self.districts_x), ("y", self.districts_y)):
            size = self.width_cells if axis == "x" else self.height_cells
            if n > size:
                raise ParamError(
                    f"city.districts_{axis} = {n} exceeds the grid's {size} cells along {axis}"
                )

    @property
    def area_km2(self) -> float:
        """City area in square kilometres."""
        return self.width_cells * self.height_cells * (self.cell_size_m / 1000.0) ** 2


@dataclasses.dataclass(frozen=True)
class PopulationParams(ParamGroup):
    """Residents: how many, who, and their daily routines."""

    group: ClassVar[str] = "population"

    n_people: float = param(
        4000.0,
        unit="people",
        lo=10.0,
        hi=5e7,
        doc="People living in the city.",
        source="assumption: a teaching town of a few thousand",
    )
    agent_scale: float = param(
        1.0,
        unit="people per agent",
        lo=1.0,
        hi=10000.0,
        doc="How many people one resident, offender or officer agent stands for.",
        source="assumption: 1 in the town; 100 in the Lahore preset (issue 2)",
    )
    share_women: float = param(
        0.48,
        unit="share",
        lo=0.0,
        hi=1.0,
        doc="Share of residents who are women.",
        source="Pakistan census 2017, about 105 men per 100 women (secondary)",
    )
    share_minority: float = param(
        0.1,
        unit="share",
        lo=0.0,
        hi=1.0,
        doc="Share of residents in the minority community group (group 1; the rest are group 0).",
        source="assumption: a visible minority, used for face-recognition differentials",
    )
    household_size: float = param(
        6.0,
        unit="people",
        lo=1.0,
        hi=20.0,
        plausible=(5.0, 7.0),
        plausible_source=(
            "Pakistan census 2017 (secondary): 6.3 persons per household; width an assumption"
        ),
        doc="Mean household size.",
        source="Pakistan census 2017, 6.3 persons per household (secondary)",
    )
    p_travel_day_men: float = param(
        0.85,
        unit="probability per day",
        lo=0.0,
        hi=1.0,
        plausible=(0.7, 0.95),
        plausible_source="assumption: most men work or study outside home",
        doc="Chance a man leaves home for his activity place on a given day.",
        source="assumption: most men work or study outside home",
    )
    p_travel_day_women: float = param(
        0.75,
        unit="probability per day",
        lo=0.0,
        hi=1.0,
        plausible=(0.55, 0.9),
        plausible_source=(
            "calibrated to VALIDATION women's mobility (half as many trips as men) "
            "with fear; range an assumption"
        ),
        doc="Chance a woman leaves home for her activity place on a given day.",
        source="calibrated with the fear group so that women make about half as many trips as "
        "men (VALIDATION women's mobility, Adeel 2017): the chance with no fear at all",
    )
    share_transit: float = param(
        0.6,
        unit="share",
        lo=0.0,
        hi=1.0,
        plausible=(0.4, 0.8),
        plausible_source="assumption: most trips in Lahore are not by private car",
        doc="Share of residents whose trips pass transit stops (walk, bus, wagon, rickshaw).",
        source="assumption: most trips in Lahore are not by private car",
    )
    depart_hour_mean: float = param(
        8.0,
        unit="hour of day",
        lo=0.0,
        hi=23.0,
        doc="Mean hour of leaving home.",
        source="assumption: morning peak",
    )
    depart_hour_sd: float = param(
        1.5,
        unit="hours",
        lo=0.0,
        hi=6.0,
        doc="Spread of departure hours between residents.",
        source="assumption",
    )
    dur_activity_ticks: int = param(
        8,
        unit="ticks (hours)",
        lo=1,
        hi=20,
        doc="Hours spent at the activity place.",
        source="assumption: a working day",
    )
    commute_km_mean: float = param(
        4.0,
        unit="km",
        lo=0.1,
        hi=50.0,
        plausible=(2.0, 8.0),
        plausible_source="assumption: short trips dominate; 6 km in the lahore preset",
        doc="Mean straight-line distance from home to activity place (exponential).",
        source="assumption: short trips dominate in South Asian cities",
    )
    p_evening_outing: float = param(
        0.15,
        unit="probability per day",
        lo=0.0,
        hi=1.0,
        plausible=(0.05, 0.3),
        plausible_source="assumption: half to twice the default (no figure)",
        doc="Chance a resident who travelled visits a market on the way home, for one hour.",
        source="assumption: evening shopping brings footfall to markets after dark",
    )
