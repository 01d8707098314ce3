# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Exercise 8 — Design your own policy (open-ended)
#
# **Learning goal.** Bring the earlier exercises together: design a safety policy for the
# teaching town within the model's levers, evaluate it against the twin world on several
# outcomes at once (spectacular and everyday violence, women's mobility, wrongful stops,
# money), and argue for it in writing, stating what the model cannot tell you.
#
# **Level.** Capstone for a course that used exercises 1-6; 60-90 minutes, or a take-home
# assignment. Groups of two or three work well.
#
# ## Background
#
# Policy evaluation in the field sees one world; the model sees two (the policy and its twin),
# but only within its assumptions. A good design brief names its goal (whose safety?), its
# mechanism (deterrence, detection, guardianship, reporting, mobility), its costs and who bears
# them, and how it would be evaluated in the real city. Re-read the essay in
# `shared/context/safe-city-article.txt` and the validation patterns in `shared/VALIDATION.md`.
#
# **Sources.** All sources of exercises 1-6; `docs/parameters.md` (every lever, its unit, range
# and source); `docs/experiment.md` (what the twin measures); Eck & Guerette 2012, "Place-based
# crime prevention", in *The Oxford Handbook of Crime Prevention*.
#
# ## Task
#
# Edit `DESIGN` below: any fields of the `surveillance` and `alternatives` groups (the levers
# the twin removes, so that the comparison is fair; see `docs/parameters.md`). Run the cell
# that evaluates it and compare it with the Safe City programme. Iterate at most five times,
# keep a log of what you tried, then write a one-page brief.

# %%
import pandas as pd

from sim.analysis.costs import camera_cost_rs, cost_per_prevented
from sim.params.costs import CostParams
from teaching.lab import policy_overrides, twin_experiment

BEFORE_DAYS, AFTER_DAYS, REPLICATES = 21, 35, 2
PER_RESIDENTS = 1000


def evaluate(designs: dict[str, dict]) -> pd.DataFrame:
    """Designs (overrides of the surveillance and alternatives groups) against their shared
    twin: one column per design, means over the replicates of what it prevented, what it cost
    and who bore it."""
    results = twin_experiment(
        designs, before_days=BEFORE_DAYS, after_days=AFTER_DAYS, replicates=REPLICATES
    )
    effects, harms, runs = results["effects"], results["harms"], results["runs"]
    columns = {}
    for name in designs:
        e = effects[(effects["policy"] == name) & (effects["level"] == "category")]
        prevented = e.groupby("category")["true_prevented_total"].mean()
        h = harms[harms["policy"] == name]
        women = h[h["group"].str.startswith("woman")]
        forgone = women.groupby("world")["trips_forgone"].sum() / REPLICATES
        stops = h[h["world"] == "policy"]
        cameras = runs.loc[runs["policy"] == name, "n_cameras"].mean()
        cost = camera_cost_rs(cameras, AFTER_DAYS, CostParams())
        columns[name] = {
            "cameras": cameras,
            "prevented_spectacular": prevented["spectacular"],
            "prevented_everyday": prevented["everyday"],
            "women_trips_forgone_change": forgone["policy"] - forgone["twin"],
            "wrongful_stops_per_1000": PER_RESIDENTS
            * stops["wrongful_stops"].sum()
            / stops["residents"].sum(),
            "camera_cost_rs": cost,
            "rs_per_prevented": cost_per_prevented(
                cost, prevented["spectacular"] + prevented["everyday"]
            ),
        }
    return pd.DataFrame(columns)


# %%
DESIGN = {
    # your design: change, add or remove fields
    "surveillance": {"placement": "arterial_commercial", "sites_per_km2": 0.5},
    "alternatives": {"lighting_floor": 0.0, "safer_transit": 0.0, "help_desk_reporting": 1.0},
}
evaluate({"safe_city": policy_overrides("safe_city"), "my design": DESIGN})

# %% [markdown]
# Open your design in the app to show it to the class, for example
# <http://127.0.0.1:8765/?policy=no_cameras&surveillance.placement=transit_routes&alternatives.safer_transit=0.5&twin=true>
# (any lever of the app's control panel can go in the link as `group.field=value`).
#
# ## Questions (the brief)
#
# 1. Goal: whose safety does your design put first, and against which violence?
# 2. Mechanism: through which model mechanism should it work (deterrence, detection and arrest,
#    guardianship and lighting, safer stops, reporting)? Did the evaluation confirm it?
# 3. Trade-offs: what does it cost, in rupees and in wrongful stops and forgone trips, and who
#    bears those costs?
# 4. Robustness: does your ranking against Safe City hold on more replicates (raise
#    `REPLICATES`) and with one assumption changed (e.g. `offending.k_camera`)?
# 5. Limits: name two things your design would do in Lahore that this model cannot show.
#
# ## Rubric (20 points)
#
# | criterion | 0-1 | 2-3 | 4 |
# |---|---|---|---|
# | goal and target group | vague | named | named and justified from the sources |
# | mechanism | none stated | stated | stated and checked in the outputs |
# | evidence | one number | several outcomes | several outcomes, with replicate spread |
# | trade-offs and equity | ignored | listed | quantified and weighed, with who bears them |
# | limits of the model | none | generic | specific, with what data would settle them |

# %% [markdown] tags=["answer"]
# ## Answer key (instructor): two worked designs
#
# There is no single right design. The cells below evaluate two contrasting ones that a good
# group might propose, so the instructor can check the kind of figures students should find.

# %% tags=["answer"]
examples = {
    "women's routes, no face recognition, safer stops": {
        "surveillance": {
            "placement": "transit_routes",
            "monitoring": "active",
            "face_recognition": False,
        },
        "alternatives": {"safer_transit": 0.5, "help_desk_reporting": 2.0},
    },
    "lighting only": {"alternatives": {"lighting_floor": 0.8}},
}
worked = evaluate({"safe_city": policy_overrides("safe_city"), **examples})
print(worked.round(1).to_string())

# %% [markdown] tags=["answer"]
# **What to look for.** The women's-routes design trades street-robbery prevention for
# harassment prevention and removes wrongful stops by dropping face recognition; its camera
# cost equals Safe City's if the site count is unchanged. Lighting alone has no camera cost in
# this table, which is not the same as costing nothing: a strong brief says so and gives a
# break-even budget (exercise six). A top-band answer checks the mechanism in the outputs (for
# example, fewer forgone trips with better lighting, through women's route fear), reports
# spread over replicates rather than one mean, and names limits such as the absence of
# harassment inside vehicles, of weekdays and seasons, and of community trust building.
