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
# # Exercise 6 — Money: cost per incident prevented, at equal budget
#
# **Learning goal.** Put a price on a camera policy's effect: its cost over a period divided by
# the incidents it truly prevented; compare policies that cost the same; and reason about an
# alternative that has no public unit cost through its *break-even* budget.
#
# **Level.** Public policy, criminology (cost-effectiveness), economics for planners; about
# 40 minutes.
#
# ## Background
#
# Lahore's Safe City contract cost about Rs 12 billion for about 8,000 cameras, and the Punjab
# Finance Department offered Rs 644 million a quarter for running costs (press reports,
# secondary). `sim/analysis/costs.py` spreads a camera's installation cost over ten years (an
# assumption) and adds its running cost, pro rata. A cost per incident prevented needs the
# incidents *truly* prevented, which in the field is unknown and in the model is the difference
# from the twin world. Lighting, safer transit and help desks have no public unit cost that fits
# the model: the break-even budget says how much they could cost and still be as cost-effective
# as the cameras.
#
# **Sources.** `docs/experiment.md` section 5.1 and `sim/params/costs.py` (the figures and their
# sources); Welsh & Farrington 2009, *Justice Quarterly* 26(4); the essay in
# `shared/context/safe-city-article.txt` on the programme's cost.
#
# ## Task
#
# Run the twin-world experiment for four camera policies that install the same cameras (the
# same budget) in different ways, and for `lighting_and_transit`; three seeds, three weeks
# before and five after. Price the cameras with `sim.analysis.costs`.

# %%
from sim.analysis.costs import DAYS_PER_YEAR, break_even_rs, cost_per_prevented, cost_table
from sim.params.costs import CostParams
from sim.world.offences import CATEGORIES
from teaching.lab import twin_experiment

AFTER_DAYS = 35
CAMERA_POLICIES = ["safe_city", "passive_cameras", "hotspot_cameras", "women_routes_cameras"]
POLICIES = [*CAMERA_POLICIES, "lighting_and_transit"]
results = twin_experiment(POLICIES, before_days=21, after_days=AFTER_DAYS, replicates=3)
costs = cost_table(
    results["runs"], results["effects"], CostParams(), days=AFTER_DAYS, agent_scale=1.0
)
# the table counts each kind apart (prevented_robbery, prevented_harassment, one column per
# category); this exercise first adds the categories up, as question 4 then questions
costs["prevented"] = costs[[f"prevented_{c}" for c in CATEGORIES]].sum(axis=1)
summary = costs.groupby("policy")[["n_cameras", "cost_rs", "prevented"]].mean()
summary["rs_per_prevented"] = [
    cost_per_prevented(row.cost_rs, row.prevented) for row in summary.itertuples()
]
summary

# %% [markdown]
# `prevented` counts every incident the twin had and the policy world did not, town-wide, in
# the five weeks after the switch-on (mean over seeds). The same table split by category:

# %%
effects = results["effects"]
by_category = (
    effects[effects["level"] == "category"]
    .groupby(["policy", "category"])["true_prevented_total"]
    .mean()
    .unstack()
)
by_category

# %% [markdown]
# ## Questions
#
# 1. What does the Safe City policy cost over the five weeks, and per incident truly prevented?
# 2. The four camera policies cost the same. Which prevents most incidents, and which is the
#    cheapest per incident prevented? Why might passive monitoring do worse?
# 3. Up to what budget over the five weeks, and per year, would `lighting_and_transit` be as
#    cost-effective as the Safe City cameras?
# 4. A cost per incident adds a robbery to a harassment as if they were equal. Redo question 2
#    for spectacular incidents only. Does the ranking change? How would you weigh incidents?
# 5. Which costs are missing from this table (think of police time, wrongful stops, privacy,
#    women's trips forgone)? Would adding them favour cameras or alternatives?

# %% [markdown] tags=["answer"]
# ## Answer key (instructor)

# %% tags=["answer"]
safe = summary.loc["safe_city"]
print(
    f"Q1: safe_city: {safe['n_cameras']:.0f} cameras cost Rs {safe['cost_rs']:,.0f} over "
    f"{AFTER_DAYS} days for {safe['prevented']:.1f} incidents prevented: Rs "
    f"{safe['rs_per_prevented']:,.0f} each."
)
cams = summary.loc[CAMERA_POLICIES]
print(
    f"Q2: most prevented: {cams['prevented'].idxmax()} ({cams['prevented'].max():.1f}); "
    f"cheapest per incident: {cams['rs_per_prevented'].idxmin()} "
    f"(Rs {cams['rs_per_prevented'].min():,.0f}); passive_cameras prevented "
    f"{cams.loc['passive_cameras', 'prevented']:.1f}."
)
alternative = summary.loc["lighting_and_transit", "prevented"]
budget = break_even_rs(alternative, safe["rs_per_prevented"])
print(
    f"Q3: lighting_and_transit prevented {alternative:.1f}; break-even budget Rs {budget:,.0f} "
    f"over {AFTER_DAYS} days, Rs {budget * DAYS_PER_YEAR / AFTER_DAYS:,.0f} a year."
)
spectacular = by_category["spectacular"].loc[CAMERA_POLICIES]
per_spectacular = cams["cost_rs"] / spectacular.where(spectacular > 0)
print(
    "Q4: spectacular incidents prevented: "
    + ", ".join(f"{p} {spectacular[p]:.1f}" for p in CAMERA_POLICIES)
    + f"; cheapest per spectacular incident: {per_spectacular.idxmin()} "
    f"(Rs {per_spectacular.min():,.0f})."
)

# %% [markdown] tags=["answer"]
# **Reading.** At equal budget the placement and the monitoring matter: the same cameras
# prevent different numbers of incidents depending on where they stand and whether anyone
# watches (passive cameras raise no alerts, so fewer arrests and less incapacitation). The
# cost per incident rests on a small, noisy difference from the twin: with three seeds of five
# weeks, treat the ranking as a hypothesis to test with more replicates
# (`safecity-experiment` with more replicates).
#
# The break-even budget turns a missing unit cost into a question a planner can answer: "could
# we light these streets, staff these stops and open these desks for less than this?" The
# alternatives prevent mostly everyday incidents, which weigh differently from robberies; any
# weighting (harm indices, victims' own rankings) is a value choice to state openly.
#
# Missing costs: officer time on alerts and wrongful stops, the harm of a wrongful stop, the
# loss of privacy, data-breach risk, vendor lock-in (the vendor outage of `safe_city_outage`),
# and women's lost mobility. Most of them fall on the camera side; forgone trips fall wherever
# fear is left untouched.
