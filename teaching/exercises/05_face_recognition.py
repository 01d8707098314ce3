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
# # Exercise 5 — Face recognition and base rates
#
# **Learning goal.** Explain why a face-recognition system that is "99% accurate" still flags
# mostly innocent people when it scans a crowd, see who bears the false matches, and read the
# trade-off a match threshold sets between false and true matches.
#
# **Level.** Criminology, data ethics, statistics for social scientists; about 40 minutes.
# Needs fractions and Bayes' rule at school level.
#
# ## Background
#
# A watchlist search compares every captured face with a list of wanted people. Almost every
# face in a street crowd is *not* on the list, so even a small false-match rate per face,
# multiplied by a very large number of faces, gives many false alerts beside few true ones: the
# base-rate fallacy. In field trials of live face recognition, 2,297 alerts were false against
# 173 true at one event (South Wales Police), and 8 of 42 matches were verifiably correct in
# another (Fussey & Murray 2019). NIST found false-positive rates 2-5 times higher for women and
# far higher for some demographic groups with some algorithms (Grother, Ngan & Hanaoka 2019).
# In the model a false match leads to a police stop with probability `p_stop_on_match`; the
# false-match rate per capture is higher for women (`fr_false_match_women`) and for the minority
# group (`fr_false_match_minority`).
#
# **Sources.** NIST IR 8280 (Grother, Ngan & Hanaoka 2019); Fussey & Murray 2019, *Independent
# report on the London Metropolitan Police Service's trial of live facial recognition*; South
# Wales Police FOI 2018; `shared/VALIDATION.md`; `docs/odd.md` section 7.21.
#
# ## Task
#
# Part A, by hand: a system flags 99% of wanted faces and 1% of the others. What share of its
# alerts are true when one face in a thousand is wanted? One in a hundred thousand?
# Part B: run the Safe City policy (face recognition on) for four weeks and count captures,
# false matches, wrongful stops and true identifications, by gender and group.
# Part C: repeat with several match thresholds.

# %%
import pandas as pd

from sim.model import SafeCityModel
from sim.outputs.summary import victim_label
from teaching.lab import policy_params

SENSITIVITY, FALSE_POSITIVE_RATE = 0.99, 0.01
PER_RESIDENTS = 1000
DAYS_PER_YEAR = 365


def share_of_alerts_true(prevalence: float) -> float:
    """Positive predictive value: the share of alerts that are wanted people (Bayes' rule)."""
    true_alerts = SENSITIVITY * prevalence
    false_alerts = FALSE_POSITIVE_RATE * (1 - prevalence)
    return true_alerts / (true_alerts + false_alerts)


def face_run(threshold: float | None = None, days: int = 28) -> SafeCityModel:
    """A finished run of the Safe City policy, optionally with another match threshold."""
    overrides = None if threshold is None else {"surveillance": {"fr_threshold": threshold}}
    model = SafeCityModel(policy_params("safe_city", overrides, seed=1, days=days))
    model.run_days()
    return model


model = face_run()
residents = model.resident_outcomes()
residents["who"] = victim_label(residents["gender"], residents["group"])
by_group = residents.groupby("who", observed=True).agg(
    residents=("trips", "size"),
    face_captures=("face_captures", "sum"),
    false_matches=("false_matches", "sum"),
    wrongful_stops=("wrongful_stops", "sum"),
)
by_group["stops_per_1000_residents"] = (
    PER_RESIDENTS * by_group["wrongful_stops"] / by_group["residents"]
)
true_identifications = int(model.events.to_frame()["fr_identified"].sum())
print(f"offenders identified by face recognition: {true_identifications}")
by_group

# %%
thresholds = [2.5, 3.0, 3.5, 4.0]
sweep = []
for threshold in thresholds:
    m = face_run(threshold)
    sweep.append(
        {
            "fr_threshold": threshold,
            "false_matches": int(m.face_recognition.false_matches.sum()),
            "wrongful_stops": int(m.face_recognition.wrongful_stops.sum()),
            "true_identifications": int(m.events.to_frame()["fr_identified"].sum()),
            # captures by kind (in the order of by_group) times each kind's false-match rate
            "expected_false_matches": float(
                (
                    by_group["face_captures"].to_numpy() * m.face_recognition.false_match_by_kind
                ).sum()
            ),
        }
    )
sweep = pd.DataFrame(sweep)
sweep

# %% [markdown]
# Try the threshold in the app, where the bottom-right chart counts wrongful stops by group:
# <http://127.0.0.1:8765/?policy=safe_city&surveillance.fr_threshold=2.5> against
# <http://127.0.0.1:8765/?policy=safe_city&surveillance.fr_threshold=4>.
#
# ## Questions
#
# 1. (Part A) What share of alerts are true at one wanted face in a thousand, and at one in a
#    hundred thousand? What does "99% accurate" leave out?
# 2. (Part B) How many false matches were there for each true identification? What share of
#    face-recognition alerts concerned innocent people?
# 3. Which group was stopped wrongly most often per resident, and how many times as often as
#    majority men? Which two mechanisms of the model produce that ratio?
# 4. (Part C) What does raising the threshold do to false matches and to true
#    identifications? Is there a threshold with many true identifications and no false ones?
# 5. Who should decide the threshold, and on which evidence? Name one safeguard beyond the
#    threshold.

# %% [markdown] tags=["answer"]
# ## Answer key (instructor)

# %% tags=["answer"]
for prevalence in (1e-3, 1e-5):
    print(
        f"Q1: at a prevalence of {prevalence:.0e}, {share_of_alerts_true(prevalence):.1%} of "
        "alerts are true."
    )
false_total = int(by_group["false_matches"].sum())
print(
    f"Q2: {false_total} false matches against {true_identifications} true identifications: "
    f"{false_total / max(true_identifications, 1):.2f} false per true; "
    f"{false_total / (false_total + true_identifications):.0%} of alerts concerned innocent "
    "people."
)
rate = by_group["stops_per_1000_residents"]
worst, base = rate.idxmax(), rate["man/majority"]
print(
    f"Q3: most wrongful stops per {PER_RESIDENTS:,} residents: {worst} ({rate[worst]:.1f}), "
    f"{rate[worst] / base:.1f} times majority men ({base:.1f}); false-match rate per capture by "
    f"kind (man/majority, man/minority, woman/majority, woman/minority): "
    + ", ".join(f"{r:.2e}" for r in model.face_recognition.false_match_by_kind)
)
low, high = sweep.iloc[0], sweep.iloc[-1]
lahore_people = policy_params("safe_city", city="lahore").population.n_people
scale = lahore_people / model.params.population.n_people * DAYS_PER_YEAR / model.params.run.days
print(
    f"Q4: threshold {low['fr_threshold']:g}: {low['false_matches']:.0f} false matches and "
    f"{low['true_identifications']:.0f} identifications; threshold {high['fr_threshold']:g}: "
    f"{high['false_matches']:.0f} and {high['true_identifications']:.0f}, with "
    f"{high['expected_false_matches']:.2f} false matches expected in this run; scaled to "
    f"Lahore's {lahore_people:,.0f} people for a year: about "
    f"{high['expected_false_matches'] * scale:,.0f} false matches."
)

# %% [markdown] tags=["answer"]
# **Reading.** "Accuracy" describes the test, not the crowd: when wanted faces are rare, nearly
# every alert is false, whatever the headline rate. The model's false matches outnumber its true
# identifications or come close to them, and they fall on residents in proportion to how often
# they are captured (time in public in camera view) times their false-match rate: minority
# residents carry the group multiplier and women the gender multiplier (the NIST
# differentials), so their stops per resident far exceed those of majority men, while women's
# captures are fewer because they travel less.
#
# Raising the threshold lowers false and true matches together (signal detection: both tails
# shrink); no threshold gives many identifications and no false matches. Safeguards: a human
# check before any stop, publication of alert counts and outcomes by group, independent audit of
# the algorithm on the local population, and a legal basis that names who may be on the list.
