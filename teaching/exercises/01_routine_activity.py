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
# # Exercise 1 — Routine activity: what changes when women forgo trips
#
# **Learning goal.** Use routine activity theory to read a simulation: crime needs a motivated
# offender, a suitable target and no capable guardian in the same place at the same time. You
# will see that fewer women in public means fewer incidents against women, and why that is not
# the same thing as a safer city.
#
# **Level.** Introductory criminology or urban studies; about 30 minutes. No modelling needed.
#
# ## Background
#
# Cohen and Felson (1979) explained rising crime in post-war America by changes in everyday
# routines, not in offenders: more empty homes, more portable goods. The same logic works in
# reverse: women who stay home are not harassed in the street. In Pakistan women make about half
# as many trips as men (Adeel 2017), and 99% of young women surveyed in Lahore avoid public
# transport at night (Shoaib 2025). In the model, each woman's fear of crime lowers her chance of
# travelling on a given day (`fear.trip_sensitivity`, and `fear.night_sensitivity` for a trip
# after dark); a trip she would have made without fear is counted as *forgone*.
#
# **Sources.** Cohen & Felson 1979, *American Sociological Review* 44(4); Adeel 2017,
# *Transportation* 44(6); Shoaib 2025, *J. Transport Geography*; the model's rules are in
# `docs/odd.md` (sections 7.6 and 7.7); the essay `shared/context/safe-city-article.txt` asks
# who the Safe City is safe for.
#
# ## Task
#
# Run the teaching town with no cameras twice on the same seeds: once as calibrated, once with
# fear switched off (women travel as often as they would if unafraid). Compare what happens to
# women's trips and to the incidents they suffer.

# %%
import pandas as pd

from sim.model import SafeCityModel
from teaching.lab import policy_params

DAYS = 56
SEEDS = (1, 2)
PER_TRIPS = 1000
NO_FEAR = {"fear": {"trip_sensitivity": 0.0, "night_sensitivity": 0.0}}


def one_run(fear_on: bool, seed: int) -> dict:
    """Women's trips and the incidents of one run of the town with no cameras."""
    model = SafeCityModel(
        policy_params("no_cameras", None if fear_on else NO_FEAR, seed=seed, days=DAYS)
    )
    model.run_days()
    events, residents = model.events.to_frame(), model.resident_outcomes()
    women = residents["gender"] == "woman"
    against_women = events["victim_gender"] == "woman"
    return {
        "fear": "on" if fear_on else "off",
        "seed": seed,
        "women_trips": int(residents.loc[women, "trips"].sum()),
        "men_trips": int(residents.loc[~women, "trips"].sum()),
        "trips_forgone": int(residents.loc[women, "trips_forgone"].sum()),
        "harassment": int((events["offence"] == "harassment").sum()),
        "street_robbery_of_women": int(
            ((events["offence"] == "street_robbery") & against_women).sum()
        ),
        "street_robbery_of_men": int(
            ((events["offence"] == "street_robbery") & ~against_women).sum()
        ),
        "domestic_violence": int((events["offence"] == "domestic_violence").sum()),
    }


runs = pd.DataFrame([one_run(fear_on, seed) for fear_on in (True, False) for seed in SEEDS])
runs["harassment_per_1000_trips"] = PER_TRIPS * runs["harassment"] / runs["women_trips"]
runs

# %% [markdown]
# The app shows the same town live: start it with `make app` and open
# <http://127.0.0.1:8765/?policy=no_cameras&seed=1>; the bottom-left chart plots women's trips
# made and forgone.
#
# ## Questions
#
# 1. How many trips did women make with fear on and with fear off? What share of the trips
#    women would have made without fear did they forgo?
# 2. Did harassment go up or down when women stopped forgoing trips? Did the *risk per trip*
#    change as much as the *count*? Explain both with the three elements of routine activity
#    theory.
# 3. Street robbery of men barely moves between the two worlds, robbery of women does. Why?
# 4. Domestic violence is the same in both worlds. Which modelling choice makes it so, and is
#    that choice defensible?
# 5. A police chief reports that "harassment fell" in a year when women's fear rose. What would
#    you ask before believing that the city became safer for women?

# %% [markdown] tags=["answer"]
# ## Answer key (instructor)
#
# The figures below are computed from the runs above (mean over the seeds).

# %% tags=["answer"]
mean = runs.groupby("fear").mean(numeric_only=True)
on, off = mean.loc["on"], mean.loc["off"]
share_forgone = on["trips_forgone"] / (on["women_trips"] + on["trips_forgone"])
print(
    f"Q1: women made {on['women_trips']:,.0f} trips with fear and {off['women_trips']:,.0f} "
    f"without; with fear they forgo {share_forgone:.0%} of the trips they would make unafraid "
    f"({on['trips_forgone']:,.0f} trips in {DAYS} days)."
)
print(
    f"Q2: harassment {on['harassment']:,.0f} with fear, {off['harassment']:,.0f} without "
    f"({off['harassment'] / on['harassment'] - 1:+.0%}); per {PER_TRIPS:,} women's trips "
    f"{on['harassment_per_1000_trips']:.1f} against {off['harassment_per_1000_trips']:.1f} "
    f"({off['harassment_per_1000_trips'] / on['harassment_per_1000_trips'] - 1:+.0%})."
)
print(
    f"Q3: street robbery of women {on['street_robbery_of_women']:.1f} with fear, "
    f"{off['street_robbery_of_women']:.1f} without; of men "
    f"{on['street_robbery_of_men']:.1f} and {off['street_robbery_of_men']:.1f}."
)
print(
    f"Q4: domestic violence {on['domestic_violence']:.1f} with fear, "
    f"{off['domestic_violence']:.1f} without."
)

# %% [markdown] tags=["answer"]
# **Reading.** Fear keeps targets at home: with it switched off, women's trips rise steeply and
# harassment rises with them, because the harassers (motivated offenders) and their daily
# routes are unchanged and now meet more suitable targets. The risk per trip moves much less
# than the count: the count is mostly exposure. Robbery of men changes less because men's
# travel does not depend on fear in the model; robbery of women does, through exposure.
# Domestic violence is drawn per household from its own rules and random stream, whatever the
# woman's trips (`docs/odd.md`, the section on domestic violence): the model assumes that
# staying home neither protects nor exposes her. That is an assumption worth debating, since
# time at home with an abuser is exposure too.
#
# On question five: a fall in harassment counts can be bought with women's mobility. Ask for
# trips forgone (or a mobility survey), for the rate per trip rather than the count, and for
# the victimisation survey behind the recorded figures. "Safe" by avoidance is the outcome the
# essay warns of.
