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
# # Exercise 3 — Displacement and the Weighted Displacement Quotient
#
# **Learning goal.** Compute the Weighted Displacement Quotient (WDQ) by hand from counts in a
# treatment area, a buffer and a control area, read it, and then check it against what only a
# simulation can know: the same town, on the same random draws, without the cameras.
#
# **Level.** Crime analysis, evaluation methods, or agent-based modelling; about 45 minutes.
# Needs pandas at the level of `groupby` and boolean masks.
#
# ## Background
#
# When cameras deter crime in one place, it may move to nearby places (displacement) or fall
# there too, because offenders are unsure where the cameras end (diffusion of benefits). A
# review of 574 observations found displacement in about a quarter and diffusion in about a
# quarter (Guerette & Bowers 2009). The WDQ of Bowers & Johnson (2003) measures it from counts
# in the treatment area R, a buffer D around it and a control area C, before (b) and after (a):
#
# $$\mathrm{WDQ} = \frac{D_a/C_a - D_b/C_b}{R_a/C_a - R_b/C_b}$$
#
# It is meaningful only when the denominator is negative (the treatment area improved against
# control). Above 1: diffusion larger than the direct effect; 0 to 1: diffusion; −1 to 0:
# displacement smaller than the direct effect; below −1: displacement larger than it. The WDQ
# has no significance test and is unstable for small counts.
#
# **Sources.** Bowers & Johnson 2003, *J. Quant. Criminol.* 19(3); Guerette & Bowers 2009,
# *Criminology* 47(4); `docs/experiment.md` sections 2-4 (zones, field measures, the twin).
#
# ## Task
#
# Run one replicate of the displacement experiment for the Safe City policy: eight weeks
# without cameras, twelve weeks with them, and the twin without cameras. Count incidents per
# zone and period, compute the WDQ by hand, then compare it with the twin world.

# %%
import pandas as pd

from sim.analysis.field import Zone, weighted_displacement_quotient
from sim.analysis.twin import effects, simulate, twin_of, with_intervention, zones_for
from sim.params.experiment import ExperimentParams
from sim.world.streams import replicate_seed
from teaching.lab import policy_params

exp = ExperimentParams(before_days=56, after_days=84)
seed = replicate_seed(exp.root_seed, 0)
params = with_intervention(policy_params("safe_city"), exp, seed)
policy, twin = simulate(params), simulate(twin_of(params))
zones = zones_for(policy, twin, exp)
print(f"seed {seed}: cells per zone", pd.Series(zones).map(lambda z: Zone(z).name).value_counts())

# %% [markdown]
# Every incident gets its zone (from its cell) and its period. The table counts them by
# category: all incidents (what the simulation knows) and recorded ones (what an evaluator has).

# %%
intervention_tick = exp.before_days * 24


def zone_counts(world, only_recorded: bool) -> pd.DataFrame:
    """Incidents per category, zone and period in one world."""
    ev = world.events.assign(
        zone=pd.Series(zones[world.cell]).map(lambda z: Zone(z).name.lower()).to_numpy(),
        period=["after" if t >= intervention_tick else "before" for t in world.events["tick"]],
    )
    if only_recorded:
        ev = ev[ev["recorded"]]
    ev = ev[ev["zone"] != "excluded"]
    return (
        ev.groupby(["category", "zone", "period"], observed=True)
        .size()
        .unstack(["zone", "period"], fill_value=0)
    )


true_counts = zone_counts(policy, only_recorded=False)
recorded_counts = zone_counts(policy, only_recorded=True)
true_counts

# %% [markdown]
# **Your turn.** Write `wdq_by_hand(counts, category)` that takes one of the tables above and
# returns the WDQ from the formula; start from
#
# ```python
# def wdq_by_hand(counts, category):
#     c = counts.loc[category]
#     r_b, r_a = c[("treatment", "before")], c[("treatment", "after")]
#     d_b, d_a = c[("buffer", "before")], c[("buffer", "after")]
#     c_b, c_a = c[("control", "before")], c[("control", "after")]
#     return ...  # the formula
# ```
# Compute it for spectacular and for everyday incidents, on
# true and on recorded counts. Then compare with `weighted_displacement_quotient` from
# `sim.analysis.field`, which returns NaN where the WDQ is not meaningful.


# %% [markdown]
# The twin world tells the truth: per zone, how many incidents the policy run had after the
# switch-on against the twin (negative: fewer with the cameras).

# %%
truth = effects(policy, twin, exp, zones)
truth = truth[truth["level"] == "category"].set_index("category")
truth[
    [
        "twin_treatment_after",
        "true_treatment_after",
        "twin_buffer_after",
        "true_buffer_after",
        "twin_control_after",
        "true_control_after",
        "true_prevented_treatment",
        "true_prevented_buffer",
        "true_prevented_total",
        "wdq",
        "wdq_status",
        "true_wdq",
        "true_wdq_status",
    ]
].T

# %% [markdown]
# See the same town with its twin in the app (tick "run the twin alongside" is already set by
# the link, then choose the heat layer "spectacular: here minus twin"):
# <http://127.0.0.1:8765/?policy=safe_city&twin=true>
#
# ## Questions
#
# 1. Compute the WDQ by hand for spectacular and for everyday incidents on true counts. Where
#    `weighted_displacement_quotient` returns NaN but your formula gives a number, look at the
#    sign of the denominator: what does the number mean?
# 2. Can you compute a meaningful WDQ on *recorded* counts? What does that say about
#    displacement claims made from official figures?
# 3. From the twin: how many spectacular incidents did the cameras truly prevent in view, and in
#    the buffer (positive: diffusion; negative: displacement)? Would a field evaluator have
#    concluded that the cameras worked?
# 4. The WDQ assumes the control area is untouched by the policy and follows the same trend as
#    the treatment area would have. Compare `twin_control_after` with `true_control_after`, and
#    the control counts before and after with the treatment area's in the twin.
# 5. Run the same cell with another replicate seed (`replicate_seed(exp.root_seed, 1)`). Which
#    of your conclusions survive?

# %% [markdown] tags=["answer"]
# ## Answer key (instructor)


# %% tags=["answer"]
def wdq_by_hand(counts: pd.DataFrame, category: str) -> float:
    """The WDQ of one category from a table of counts (zone, period)."""
    c = counts.loc[category]
    r_b, r_a = c[("treatment", "before")], c[("treatment", "after")]
    d_b, d_a = c[("buffer", "before")], c[("buffer", "after")]
    c_b, c_a = c[("control", "before")], c[("control", "after")]
    return (d_a / c_a - d_b / c_b) / (r_a / c_a - r_b / c_b)


for label, counts in (("true", true_counts), ("recorded", recorded_counts)):
    for category in ("spectacular", "everyday"):
        c = counts.loc[category]
        args = [
            c.get((z, p), 0)
            for z in ("treatment", "buffer", "control")
            for p in ("before", "after")
        ]
        r_b, r_a, d_b, d_a, c_b, c_a = args
        library = weighted_displacement_quotient(r_b, r_a, d_b, d_a, c_b, c_a)
        by_hand = wdq_by_hand(counts, category) if min(args) > 0 else float("nan")
        print(
            f"Q1/Q2 {label} {category}: counts R {r_b}->{r_a}, D {d_b}->{d_a}, C {c_b}->{c_a}; "
            f"WDQ by hand {by_hand:.2f}, library {library:.2f}"
        )
for category in ("spectacular", "everyday"):
    t = truth.loc[category]
    field = "the treatment area improved" if t["true_wdq_status"] == "ok" else "no verdict"
    print(
        f"Q3/Q4 {category}: truly prevented in view {t['true_prevented_treatment']}, in the "
        f"buffer {t['true_prevented_buffer']}, town-wide {t['true_prevented_total']}; control "
        f"after: {t['twin_control_after']} in the twin, {t['true_control_after']} with cameras; "
        f"field status on true counts {t['true_wdq_status']} ({field}), on recorded counts "
        f"{t['wdq_status']}"
    )


# %% [markdown] tags=["answer"]
# **Reading.** The library returns NaN exactly where the formula's conditions fail: a zero
# count, or a denominator that is not negative (the treatment area did not improve against
# control, status `no_success`). A hand computation then still gives a number, and it means
# nothing: the quotient reads displacement or diffusion relative to a direct effect that the
# field data do not show. On recorded counts the zones hold a handful of incidents each, so the
# WDQ is missing or unstable: official figures rarely support displacement claims.
#
# The twin shows what the field measure cannot. Where the twin finds incidents prevented in
# view while the field status is `no_success`, the field evaluation and the truth disagree: the
# control area, with few incidents, is a noisy stand-in for what the treatment area would have
# done, and the policy also touches it (offenders arrested in view no longer offend anywhere;
# deterred offenders choose other places), so the two worlds' control counts differ. The
# buffer's change against the twin is the real displacement or diffusion; the WDQ infers it
# from a moved and noisy baseline. Question five shows how much of this is chance: a single
# replicate is an anecdote, which is why `safecity-experiment` runs several.
