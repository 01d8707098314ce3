"""safecity-calibrate: sourced targets, the scaled distance, a tiny ABC-SMC run, reproducibility,
and the displacement experiment drawing its parameters from a posterior."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("pyabc", reason="the calibrate extra: pip install -e '.[calibrate]'")

from experiments import abc
from experiments.calibrate import TINY
from experiments.draws import load_draws, pick
from experiments.target_docs import main as target_docs
from sim.analysis import targets as tg
from sim.params.declare import ParamError

REPO = Path(__file__).resolve().parent.parent
PARAMS = ["population.p_travel_day_women", "everyday.p_harass_tick"]


def test_every_target_has_a_value_a_scale_a_source_and_a_reason_it_is_observable():
    assert len(tg.TARGETS) >= 3
    for t in tg.TARGETS:
        assert t.scale > 0 and np.isfinite(t.value), t
        assert any(str(y) in t.source for y in range(2000, 2030)), (
            f"{t.name}: the source should name its year: {t.source}"
        )
        assert t.confidence in ("checked", "secondary")
        assert len(t.quantity) > 20 and len(t.observable) > 20, t.name
    names = {t.name for t in tg.TARGETS}
    assert {"trip_ratio_women_to_men", "harassment_prevalence_year"} <= names


def test_the_robbery_target_is_lahores_recorded_daily_volume_per_head_per_year():
    t = tg.target("recorded_street_robbery_per_100k_year")
    assert t.value == pytest.approx((18 + 19) * 365 / 13.0e6 * 1e5)
    assert "teaching device" in t.source


def test_the_distance_is_zero_at_the_targets_and_counts_each_one_in_its_own_scale():
    at = {t.name: t.value for t in tg.TARGETS}
    assert tg.distance(at) == 0.0
    first, second = tg.TARGETS[0], tg.TARGETS[1]
    off = {**at, first.name: first.value + first.scale}
    assert tg.distance(off) == pytest.approx(1.0), "one scale away is distance 1"
    off2 = {**off, second.name: second.value - 2 * second.scale}
    assert tg.distance(off2) == pytest.approx(np.sqrt(1 + 4))
    assert tg.distance(off2, {first.name: 4.0}) == pytest.approx(np.sqrt(4 + 4)), "weights"
    assert tg.distance({**at, first.name: np.nan}) == np.inf


def test_pyabcs_distance_is_the_registrys_distance():
    weights = abc.check_weights({tg.TARGETS[0].name: 4.0, tg.TARGETS[2].name: 0.0})
    stats = {t.name: t.value + (i + 1) * t.scale for i, t in enumerate(tg.TARGETS)}
    d = abc.distance(weights)
    d.initialize(t=0, get_sample=None, x_0=abc.observed(), total_sims=0)
    assert d(stats, abc.observed(), 0) == pytest.approx(tg.distance(stats, weights))


def test_year_prevalence_is_homogeneous_without_extra_variance_and_lower_with_it():
    even = np.ones(1000)  # everyone once in 10 days: variance 0
    assert tg.year_prevalence(even, 10.0) == pytest.approx(1 - np.exp(-36.5))
    uneven = np.r_[np.zeros(900), np.full(100, 10.0)]  # same mean, concentrated
    assert tg.year_prevalence(uneven, 10.0) < 0.6 < tg.year_prevalence(even, 10.0)
    assert tg.year_prevalence(np.zeros(5), 10.0) == 0.0


def test_unknown_parameters_and_targets_are_refused_by_name():
    with pytest.raises(ParamError, match=r"population\.n_people"):
        abc.check_parameters(["population.n_people"])  # no plausible range: not uncertain
    with pytest.raises(ParamError, match="trip_ratio"):
        abc.check_weights({"trip_ratio": 1.0})


def _tiny_model() -> abc.RunModel:
    return abc.RunModel("town", None, TINY["overrides"], 1, 3)


def _posterior(tmp_path: Path, n_procs: int, seed: int) -> pd.DataFrame:
    ranges = abc.check_parameters(PARAMS)
    h = abc.run_abc(
        _tiny_model(),
        ranges,
        abc.check_weights({"recorded_street_robbery_per_100k_year": 0}),
        population_size=4,
        generations=2,
        alpha=0.5,
        n_procs=n_procs,
        seed=seed,
        db_path=str(tmp_path / f"abc_{n_procs}_{seed}.db"),
    )
    frame, w = h.get_distribution(m=0, t=h.max_t)
    return frame[PARAMS].reset_index(drop=True).assign(weight=w)


def test_same_seed_gives_the_same_posterior_with_one_or_two_processes(tmp_path):
    one = _posterior(tmp_path, 1, seed=5)
    two = _posterior(tmp_path, 2, seed=5)
    pd.testing.assert_frame_equal(one, two, check_exact=True)
    other = _posterior(tmp_path, 1, seed=6)
    assert not one.equals(other), "another seed should give other draws"


def test_no_worker_runs_on_after_the_calibration_is_killed(tmp_path):
    script = textwrap.dedent(
        f"""
        from experiments import abc
        from experiments.calibrate import TINY
        m = abc.RunModel("town", None, TINY["overrides"], 1, 30)
        abc.run_abc(m, abc.check_parameters({PARAMS!r}), abc.check_weights({{}}),
                    population_size=200, generations=3, alpha=0.5, n_procs=2, seed=0,
                    db_path={str(tmp_path / "abc.db")!r})
        """
    )
    parent = subprocess.Popen([sys.executable, "-c", script], cwd=REPO)
    try:
        workers: list[int] = []
        deadline = time.time() + 120
        while len(workers) < 2 and time.time() < deadline:
            time.sleep(0.5)
            workers = _children(parent.pid)
        assert len(workers) >= 2, "the calibration should start two workers"
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        deadline = time.time() + 20
        while any(_running(p) for p in workers) and time.time() < deadline:
            time.sleep(0.2)
        assert not any(_running(p) for p in workers), "workers should end with their parent"
    finally:
        if parent.poll() is None:
            parent.kill()


def _children(pid: int) -> list[int]:
    out = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                stat = (d / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(d.name))
    return out


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _cli(module: str, out: Path, *overrides: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.run(
        [sys.executable, "-m", module, "tiny=true", *overrides, f"hydra.run.dir={out}"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )


@pytest.fixture(scope="module")
def tiny_calibration(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("calibrate")
    proc = _cli("experiments.calibrate", out, "calibrate.n_procs=1")
    assert proc.returncode == 0, f"the tiny calibration should succeed:\n{proc.stderr[-3000:]}"
    return out


def test_a_tiny_calibration_writes_posterior_marginals_and_report(tiny_calibration):
    out = tiny_calibration
    for name in ("posterior.parquet", "marginals.png", "report.md", "predictive.csv"):
        assert (out / name).is_file(), f"{name} should be written"
    posterior = pd.read_parquet(out / "posterior.parquet")
    assert posterior.columns[-1] == "weight"
    assert list(posterior.columns[:-1]) == [
        "population.p_travel_day_women",
        "fear.trip_sensitivity",
        "everyday.p_harass_tick",
        "everyday.harasser_share",
    ]
    assert len(posterior) == TINY["population_size"]
    assert posterior["weight"].sum() == pytest.approx(1.0)
    report = (out / "report.md").read_text()
    for t in tg.TARGETS:
        assert t.name in report, f"the report should compare {t.name}"
    assert "teaching device" in report, "the unfitted town robbery rate should be explained"


def test_an_experiment_runs_each_replicate_on_a_posterior_draw_and_records_it(
    tiny_calibration, tmp_path
):
    posterior_file = tiny_calibration / "posterior.parquet"
    proc = _cli(
        "experiments.displacement",
        tmp_path,
        "n_jobs=1",
        "policies=[safe_city]",
        f"experiment.parameter_draws={posterior_file}",
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    runs = pd.read_csv(tmp_path / "runs.csv")
    posterior = pd.read_parquet(posterior_file)
    expected = pick(load_draws(posterior_file), 0, len(runs))
    assert list(runs["draw"]) == [row for row, _ in expected], "draws from the root seed"
    for _, r in runs.iterrows():
        for path in posterior.columns[:-1]:
            assert r[path] == pytest.approx(posterior[path].iloc[int(r["draw"])]), path


def _write(path: Path, frame: pd.DataFrame) -> Path:
    frame.to_parquet(path, index=False)
    return path


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        (pd.DataFrame({"everyday.p_harass_tick": [0.03]}), "no 'weight' column"),
        (
            pd.DataFrame({"everyday.p_harass_tik": [0.03], "weight": [1.0]}),
            "Did you mean everyday.p_harass_tick",
        ),
        (pd.DataFrame({"everyday.p_harass_tick": [1.5], "weight": [1.0]}), "out of range"),
        (pd.DataFrame({"everyday.p_harass_tick": [0.03], "weight": [-1.0]}), "weights"),
        (pd.DataFrame({"run.seed": [1], "weight": [1.0]}), "run.seed"),
        (pd.DataFrame({"surveillance.sites_per_km2": [1.0], "weight": [1.0]}), "policies"),
    ],
)
def test_bad_parameter_draw_files_are_refused_naming_the_file_and_the_fault(
    tmp_path, frame, message
):
    path = _write(tmp_path / "bad.parquet", frame)
    with pytest.raises(ParamError, match=r"experiment\.parameter_draws") as e:
        load_draws(path, locked={"surveillance.sites_per_km2"})
    assert message in str(e.value)


def test_a_missing_or_unreadable_draws_file_is_refused(tmp_path):
    with pytest.raises(ParamError, match="no such file"):
        load_draws(tmp_path / "none.parquet")
    (tmp_path / "text.parquet").write_text("not parquet")
    with pytest.raises(ParamError, match="not a readable Parquet file"):
        load_draws(tmp_path / "text.parquet")


def test_the_experiment_exits_2_naming_parameter_draws_for_a_missing_file(tmp_path):
    proc = _cli(
        "experiments.displacement",
        tmp_path,
        "policies=[safe_city]",
        f"experiment.parameter_draws={tmp_path / 'missing.parquet'}",
    )
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert "experiment.parameter_draws" in proc.stderr


def test_the_docs_targets_table_is_generated_from_the_registry():
    assert target_docs(["--check"]) == 0, "run python -m experiments.target_docs"
