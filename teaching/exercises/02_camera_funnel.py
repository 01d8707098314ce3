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
# # Exercise 2 — What a camera sees: the funnel from incident to record
#
# **Learning goal.** Follow incidents through the stages between an offence and a police record
# (in camera view, detected on footage, alerted by an operator, reported by the victim,
# recorded, cleared by arrest), and explain why recorded crime in a watched area can *rise*
# while true crime there *falls*.
#
# **Level.** Criminology (measurement of crime, the dark figure); about 40 minutes.
#
# ## Background
#
# Most offences never become a police record: victims do not report, and police do not always
# register what is reported (in Pakistan an FIR is often refused). Cameras add a second route
# into the record: an operator who sees an incident can dispatch and record it without any
# victim reporting. A camera scheme can therefore raise *recorded* crime in its area, through
# detection, while it lowers *true* crime, through deterrence and arrests. Evaluations that use
# recorded crime alone can be misled in either direction. Footage is available in about 45% of
# crimes and useful in about 29% (Ashby 2017); the model takes its detection and identification
# chances from these figures.
#
# **Sources.** Ashby 2017, *Eur. J. Crim. Policy Res.* 23; Piza et al. 2019, *Criminology &
# Public Policy* 18(1) (active monitoring); `docs/odd.md` section 7.19 (the incident pipeline);
# `docs/experiment.md` section 4 (recorded against true change); the essay in
# `shared/context/safe-city-article.txt` on how Safe City results are reported.
#
# ## Task
#
# Part A: run the Safe City policy for eight weeks and count the incidents at each stage of
# the funnel, by offence. Part B: run the twin-world experiment (the policy against the same
# town without it, four seeds) and set the true change in the camera area beside the change
# recorded crime shows.

# %%
from sim.model import SafeCityModel
from teaching.lab import policy_params, twin_experiment

STAGES = ["in_view", "detected", "alerted", "reported", "recorded", "arrested"]

model = SafeCityModel(policy_params("safe_city", seed=1, days=56))
model.run_days()
events = model.events.to_frame()
funnel = events.groupby("offence", observed=True)[STAGES].sum()
funnel.insert(0, "incidents", events.groupby("offence", observed=True).size())
funnel

# %% [markdown]
# Part B. Each row is one seed: the true change of spectacular incidents (street robbery) in
# camera view against the twin, the naive before/after change of the daily *recorded* rate in
# the same cells, and the change of recorded crime town-wide against the twin.

# %%
results = twin_experiment(["safe_city"], before_days=56, after_days=84, replicates=4)
effects = results["effects"]
spectacular = effects[(effects["level"] == "category") & (effects["category"] == "spectacular")]
columns = [
    "replicate",
    "twin_treatment_after",
    "true_treatment_after",
    "true_relative_change_treatment",
    "recorded_treatment_before",
    "recorded_treatment_after",
    "recorded_relative_change_treatment",
    "recorded_relative_change_vs_twin",
]
spectacular[columns]

# %% [markdown]
# The app shows the funnel live (top-right chart): <http://127.0.0.1:8765/?policy=safe_city&seed=1>;
# compare with <http://127.0.0.1:8765/?policy=passive_cameras&seed=1>, where no operator watches.
#
# ## Questions
#
# 1. What share of street robberies happened in camera view, and what share of those were
#    detected on footage? What share of all street robberies was recorded?
# 2. Which stage loses most harassment incidents? Why does the model let cameras record so few
#    of them?
# 3. How many domestic-violence incidents were in camera view? Why?
# 4. In Part B, in how many seeds did true spectacular crime in view fall against the twin? In
#    how many did the naive before/after comparison of recorded crime show a *rise*? Explain the
#    mechanism for one such seed.
# 5. A press release says "crime in Safe City areas up, cameras failing". Another says
#    "recorded crime down, cameras working". Which data would you ask for to decide between
#    them?

# %% [markdown] tags=["answer"]
# ## Answer key (instructor)

# %% tags=["answer"]
robbery, harassment = funnel.loc["street_robbery"], funnel.loc["harassment"]
print(
    f"Q1: {robbery['in_view'] / robbery['incidents']:.0%} of {robbery['incidents']} street "
    f"robberies were in view; {robbery['detected'] / robbery['in_view']:.0%} of those were "
    f"detected; {robbery['recorded'] / robbery['incidents']:.0%} of all were recorded "
    f"({robbery['arrested']} arrests)."
)
print(
    f"Q2: harassment {harassment['incidents']} incidents, {harassment['in_view']} in view, "
    f"{harassment['detected']} detected, {harassment['reported']} reported, "
    f"{harassment['recorded']} recorded."
)
print(f"Q3: domestic violence in view: {funnel.loc['domestic_violence', 'in_view']}.")
fell = spectacular["true_relative_change_treatment"] < 0
rose = spectacular["recorded_relative_change_treatment"] > 0
print(
    f"Q4: true crime in view fell in {fell.sum()} of {len(spectacular)} seeds (mean "
    f"{spectacular['true_relative_change_treatment'].mean():+.0%}); the naive recorded "
    f"comparison showed a rise in {rose.sum()}, and both at once in {(fell & rose).sum()}."
)
both = spectacular[fell & rose]
for _, row in both.iterrows():
    print(
        f"    seed {row['replicate']}: true {row['true_treatment_after']} against the twin's "
        f"{row['twin_treatment_after']} ({row['true_relative_change_treatment']:+.0%}); "
        f"recorded {row['recorded_treatment_before']} before, "
        f"{row['recorded_treatment_after']} after ({row['recorded_relative_change_treatment']:+.0%}"
        " in the daily rate)."
    )

# %% [markdown] tags=["answer"]
# **Reading.** The funnel narrows at every stage. Cameras see only public space, so domestic
# violence never enters the camera funnel at all (cameras cannot see into homes; the essay's
# point about everyday violence). Harassment is rarely reported and, when seen, rarely acted on
# (`everyday.p_police_act_harassment`), so it barely reaches the record: official figures are
# silent about the violence women meet most often.
#
# In seeds where recorded crime rose while true crime fell, the cameras' second route into the
# record (an operator's alert or identifying footage) turned incidents that would have stayed in
# the dark figure into records: fewer incidents, a larger share recorded. A before/after study
# of recorded crime would call the scheme a failure. The reverse error also happens. Ask for the
# recording route (camera or victim report), for a victimisation survey, and for a control area;
# the twin world, which only a simulation has, shows how far either press release is from the
# truth.
