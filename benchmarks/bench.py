"""Benchmark harness: whole runs through the real code path, one fresh process per run.

    python benchmarks/bench.py                  # every case (about 6 minutes on 2 cores)
    python benchmarks/bench.py --quick          # one run per case, no year-long cases
    python benchmarks/bench.py --only 'lahore_*' --repeats 3
    python benchmarks/bench.py --tree /tmp/old  # measure another checkout (before/after)
    python benchmarks/bench.py --plot-only benchmarks/results/2026-05-09.json

Every run builds a ``SafeCityModel`` from ``sim.presets.make_params`` and calls ``run_days``, as
``safecity-run`` does, in a subprocess of its own: peak memory (``ru_maxrss``) then belongs to
that case alone, and one case's garbage cannot slow the next. A case is repeated and its
figures are medians. Cameras follow the ``safe_city`` policy, read from
the policy registry (``sim/params/policies.py``) so the benchmark measures what the command runs.

Figures per run: build and simulate wall time, agent-steps per second (agents = residents +
offenders + officers, times ticks), ticks per second, peak RSS and RSS after the imports (the
difference, divided by residents, is the memory per resident), event-log rows and bytes.

The ``cli_lahore_year`` case times the command itself under GNU ``time -v``
(``/usr/bin/time``), as issue 5's bar asks.

Results go to ``benchmarks/results/<date>.json`` (``<date>-partial.json`` for ``--quick`` or
``--only``); a run with the scaling cases also draws ``benchmarks/scaling.png``.
This is a benchmark, not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import fnmatch
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
HOURS_PER_DAY = 24
LAHORE_PEOPLE = 13.0e6  # sim/presets.py: population.n_people of the lahore preset
RESIDENT_TARGETS = (1e4, 3e4, 1e5, 3e5, 1e6)
CAMERA_TARGETS = (0, 1000, 2000, 4000, 8000, 16000, 32000)
SCALING_DAYS = 3


# --- cases ------------------------------------------------------------------------------------


def safe_city_policy() -> dict[str, dict[str, Any]]:
    """The ``safe_city`` policy's parameter overrides, from this checkout's policy registry
    (also when ``--tree`` measures another checkout, so both measure the same policy)."""
    from sim.params.policies import load_policy

    return load_policy("safe_city")


def merge(*overrides: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """``{group: {field: value}}`` overrides merged left to right."""
    out: dict[str, dict[str, Any]] = {}
    for o in overrides:
        for group, fields in o.items():
            out.setdefault(group, {}).update(fields)
    return out


def make_cases(tree: Path) -> list[dict[str, Any]]:
    """Every benchmark case: a name, a group, a preset, overrides, days and how often to run."""
    policy = safe_city_policy()
    per_site = float(policy.get("surveillance", {}).get("cameras_per_site", 4.7))
    lahore_km2 = 421 * 421 * 0.01  # sim/presets.py: 421 x 421 cells of 100 m

    def lahore(scale: float, **extra: dict[str, Any]) -> dict[str, dict[str, Any]]:
        return merge(policy, {"population": {"agent_scale": scale}}, extra)

    cases = [
        dict(name="town_7d", group="town", preset="town", overrides=policy, days=7, repeats=5),
        dict(name="town_28d", group="town", preset="town", overrides=policy, days=28, repeats=5),
    ]
    for scale in (1000, 100, 30):
        cases.append(
            dict(
                name=f"lahore_1to{scale}_7d",
                group="lahore",
                preset="lahore",
                overrides=lahore(scale),
                days=7,
                repeats=5,
            )
        )
    cases.append(
        dict(
            name="lahore_1to100_365d",
            group="lahore",
            preset="lahore",
            overrides=lahore(100),
            days=365,
            repeats=3,
            budget_s=300.0,  # stop repeating once another run would pass this
            slow=True,
        )
    )
    for n in RESIDENT_TARGETS:
        cases.append(
            dict(
                name=f"scale_residents_{n:.0e}".replace("+0", ""),
                group="scale_residents",
                preset="lahore",
                overrides=lahore(round(LAHORE_PEOPLE / n, 3)),
                days=SCALING_DAYS,
                repeats=3,
                target=n,
            )
        )
    for n in CAMERA_TARGETS:
        if n == 0:
            surv = {"placement": "none"}
        else:
            surv = {"sites_per_km2": round(n / per_site / lahore_km2, 5)}
        cases.append(
            dict(
                name=f"scale_cameras_{n}",
                group="scale_cameras",
                preset="lahore",
                overrides=lahore(100, surveillance=surv),
                days=SCALING_DAYS,
                repeats=3,
                target=n,
            )
        )
    cases.append(
        dict(
            name="cli_lahore_year",
            group="cli",
            kind="cli",
            args=["city=lahore", "policy=safe_city", "days=365", "progress=false"],
            repeats=1,
            slow=True,
        )
    )
    return cases


# --- the model's own memory -------------------------------------------------------------------


def _base(a):
    """The array that owns ``a``'s memory (a view counts toward its base once)."""
    while isinstance(a.base, type(a)):
        a = a.base
    return a


def model_memory(model) -> dict[str, int]:
    """Bytes the model itself holds, by walking its attributes (our objects, dicts, lists,
    Mesa property layers), each numpy buffer counted once:

    - ``agent_arrays``: arrays over agents (residents, households, harassers, offenders,
      officers, cameras): the part that grows with the population;
    - ``grid_arrays``: arrays over the city's cells (fixed for a city, whatever the agents);
    - ``event_log``: the event log's preallocated chunks;
    - ``series``: the per-tick series the DataCollector holds as Python lists (list slots plus
      number objects; small ints are shared by Python and not counted).

    Python objects other than the series (the Mesa model, parameters) and the interpreter's
    own memory are not included: this is what the model's data costs, not the process."""
    import numpy as np
    from mesa.discrete_space import PropertyLayer

    n_cells = model.city.n_cells
    seen: dict[int, Any] = {}
    visited: set[int] = set()

    def walk(obj: Any) -> None:
        if isinstance(obj, np.ndarray):
            base = _base(obj)
            seen.setdefault(id(base), base)
            return
        if id(obj) in visited or obj is model.events or obj is model.datacollector:
            return
        visited.add(id(obj))
        if isinstance(obj, dict):
            for v in obj.values():
                walk(v)
        elif isinstance(obj, list | tuple):
            for v in obj:
                walk(v)
        elif isinstance(obj, PropertyLayer):
            walk(obj.data)
        elif type(obj).__module__.startswith("sim.") and hasattr(obj, "__dict__"):
            for v in vars(obj).values():
                walk(v)

    for name, value in vars(model).items():
        if not name.startswith("_event") and name != "streams":
            walk(value)
    grid = sum(a.nbytes for a in seen.values() if a.size and a.size % n_cells == 0)
    agents = sum(a.nbytes for a in seen.values()) - grid
    series = 0
    for values in model.datacollector.model_vars.values():
        series += sys.getsizeof(values)
        series += sum(
            sys.getsizeof(v) for v in values if not (isinstance(v, int) and -5 <= v < 257)
        )
    return {
        "agent_arrays": agents,
        "grid_arrays": grid,
        "event_log": int(model.events.nbytes),
        "series": series,
    }


# --- one run in a fresh process ---------------------------------------------------------------


def maxrss_kib() -> int:
    """Peak resident set size of this process so far, in KiB (Linux reports KiB)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def worker(spec: dict[str, Any]) -> dict[str, Any]:
    """Build and run one model; return its figures. Runs inside the subprocess."""
    import numpy as np

    from sim.model import SafeCityModel
    from sim.outputs.eventlog import COLUMNS
    from sim.presets import make_params

    rss_import = maxrss_kib()
    t0 = time.perf_counter()
    model = SafeCityModel(make_params(spec["preset"], spec["overrides"]))
    t1 = time.perf_counter()
    rss_built = maxrss_kib()
    if spec.get("profile"):
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.runcall(model.run_days, spec["days"])
        t2 = time.perf_counter()
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("tottime").print_stats(30)
    else:
        model.run_days(spec["days"])
        t2 = time.perf_counter()
    rss_peak = maxrss_kib()

    ticks = spec["days"] * HOURS_PER_DAY
    n_res, n_off, n_pol = model.residents.n, model.offenders.n, model.police.n
    agents = n_res + n_off + n_pol
    sim_s = t2 - t1
    log = model.events
    row_bytes = sum(dtype.itemsize for dtype in COLUMNS.values())
    mem = model_memory(model)
    model_bytes = sum(mem.values())
    return {
        "build_s": t1 - t0,
        "simulate_s": sim_s,
        "ticks": ticks,
        "n_residents": n_res,
        "n_offenders": n_off,
        "n_officers": n_pol,
        "n_cameras": int(model.cameras.n),
        "n_cells": int(model.city.n_cells),
        "agent_steps_per_s": agents * ticks / sim_s,
        "ticks_per_s": ticks / sim_s,
        "s_per_day": sim_s / spec["days"],
        "rss_import_mib": rss_import / 1024,
        "rss_built_mib": rss_built / 1024,
        "rss_peak_mib": rss_peak / 1024,
        "bytes_per_resident": (rss_peak - rss_import) * 1024 / n_res,
        "model_bytes": mem,
        "model_bytes_per_resident": model_bytes / n_res,
        "agent_bytes_per_resident": (mem["agent_arrays"] + mem["event_log"]) / n_res,
        "events_rows": int(log.n_rows),
        "events_bytes_allocated": int(log.nbytes),
        "events_bytes_used": int(log.n_rows) * row_bytes,
        "incidents_per_day": float(log.n_rows) / spec["days"],
        "numpy": np.__version__,
    }


def run_in_subprocess(spec: dict[str, Any], env: dict[str, str]) -> dict[str, Any]:
    """One run of a case in a new interpreter; its last stdout line is the result."""
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--worker", json.dumps(spec)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"case {spec['name']} failed:\n{proc.stderr[-3000:]}")
    if spec.get("profile"):
        print(proc.stderr)
    return json.loads(proc.stdout.strip().splitlines()[-1])


# --- the command under GNU time ---------------------------------------------------------------


GNU_TIME = "/usr/bin/time"


def gnu_time(cmd: list[str], env: dict[str, str]) -> tuple[subprocess.CompletedProcess, dict]:
    """Run ``cmd`` under ``/usr/bin/time -v``; return the process and its wall time (s) and
    maximum resident set size (KiB)."""
    proc = subprocess.run(
        [GNU_TIME, "-v", *cmd], capture_output=True, text=True, env=env, cwd=ROOT, check=False
    )
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", proc.stderr)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)
    if proc.returncode != 0 or not (wall and rss):
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{proc.stderr[-3000:]}")
    seconds = 0.0
    for part in wall.group(1).split(":"):
        seconds = seconds * 60 + float(part)
    return proc, {"wall_s": seconds, "max_rss_kib": int(rss.group(1))}


def cli_case(spec: dict[str, Any], env: dict[str, str]) -> dict[str, Any]:
    """``safecity-run`` itself under GNU time, plus the RSS of bare interpreters importing
    ``sim.model`` (the brief's baseline) and ``experiments.run`` (what the command imports)."""
    if not Path(GNU_TIME).exists():
        raise RuntimeError(f"{GNU_TIME} not found: apt-get install -y time")
    exe = Path(sys.executable).with_name("safecity-run")
    out = Path(tempfile.mkdtemp(prefix="bench_cli_"))
    try:
        _, t = gnu_time([str(exe), *spec["args"], f"hydra.run.dir={out}"], env)
        summary = json.loads((out / "summary.json").read_text())
        provenance = json.loads((out / "provenance.json").read_text())
        events_file = out / "events.parquet"
        events_file_bytes = events_file.stat().st_size if events_file.exists() else None
    finally:
        shutil.rmtree(out, ignore_errors=True)
    _, base_sim = gnu_time([sys.executable, "-c", "import sim.model"], env)
    _, base_cli = gnu_time([sys.executable, "-c", "import experiments.run"], env)
    n_res = summary["n_residents"]
    return {
        "command": f"safecity-run {' '.join(spec['args'])} hydra.run.dir=<tmp>",
        "wall_s": t["wall_s"],
        "max_rss_mib": t["max_rss_kib"] / 1024,
        "baseline_import_sim_mib": base_sim["max_rss_kib"] / 1024,
        "baseline_import_cli_mib": base_cli["max_rss_kib"] / 1024,
        "bytes_per_resident": (t["max_rss_kib"] - base_sim["max_rss_kib"]) * 1024 / n_res,
        "bytes_per_resident_vs_cli_imports": (t["max_rss_kib"] - base_cli["max_rss_kib"])
        * 1024
        / n_res,
        "n_residents": n_res,
        "n_offenders": summary.get("n_offenders"),
        "n_officers": summary.get("n_officers"),
        "n_cameras": summary.get("n_cameras"),
        "incidents": summary.get("incidents", {}).get("incidents"),
        "event_log_bytes": summary.get("event_log_bytes"),
        "events_parquet_bytes": events_file_bytes,
        "timings_s": provenance.get("timings") or summary.get("timings_s"),
    }


# --- running the cases ------------------------------------------------------------------------


MEDIAN_KEYS = (
    "build_s",
    "simulate_s",
    "agent_steps_per_s",
    "ticks_per_s",
    "s_per_day",
    "rss_import_mib",
    "rss_peak_mib",
    "bytes_per_resident",
    "model_bytes_per_resident",
    "agent_bytes_per_resident",
    "wall_s",
    "max_rss_mib",
)


def run_case(
    case: dict[str, Any], repeats: int, env: dict[str, str], profile: bool = False
) -> dict[str, Any]:
    """Run a case ``repeats`` times (fewer if its time budget runs out); medians and all runs."""
    spec = {k: case[k] for k in ("name", "preset", "overrides", "days") if k in case}
    spec["profile"] = profile
    runs: list[dict[str, Any]] = []
    started = time.perf_counter()
    for i in range(repeats):
        t0 = time.perf_counter()
        res = cli_case(case, env) if case.get("kind") == "cli" else run_in_subprocess(spec, env)
        runs.append(res)
        took = time.perf_counter() - t0
        headline = res.get("simulate_s", res.get("wall_s"))
        print(f"  {case['name']} run {i + 1}/{repeats}: {headline:.3f} s", flush=True)
        budget = case.get("budget_s")
        if budget and time.perf_counter() - started + took > budget:
            break
    median = {
        k: statistics.median(r[k] for r in runs) for k in MEDIAN_KEYS if all(k in r for r in runs)
    }
    facts = {k: v for k, v in runs[0].items() if k not in MEDIAN_KEYS}
    return {
        **{k: v for k, v in case.items() if k not in ("repeats", "budget_s", "slow")},
        "n_runs": len(runs),
        "median": median,
        "facts": facts,
        "runs": runs,
    }


def machine() -> dict[str, Any]:
    """The machine and software the figures were measured on."""
    import numpy as np

    info: dict[str, Any] = {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
    }
    try:
        import mesa

        info["mesa"] = mesa.__version__
    except ImportError:
        pass
    lscpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
    m = re.search(r"Model name:\s*(.+)", lscpu)
    info["cpu"] = m.group(1).strip() if m else platform.processor()
    with open("/proc/meminfo") as f:
        kib = int(f.readline().split()[1])
    info["mem_total_gib"] = round(kib / 1024**2, 1)
    return info


def git_state(tree: Path) -> dict[str, Any]:
    """Commit of the measured tree and whether its ``sim/`` had uncommitted changes."""

    def git(*args: str) -> str:
        proc = subprocess.run(["git", "-C", str(tree), *args], capture_output=True, text=True)
        return proc.stdout.strip() if proc.returncode == 0 else ""

    changed = git("status", "--porcelain", "--", "sim", "configs", "experiments")
    digest = hashlib.sha256()
    for path in sorted((tree / "sim").rglob("*.py")):
        digest.update(path.relative_to(tree).as_posix().encode() + b"\0" + path.read_bytes())
    return {
        "tree": str(tree),
        "commit": git("rev-parse", "HEAD") or None,
        "uncommitted_files": changed.splitlines(),
        "sim_sha256": digest.hexdigest()[:16],
    }


# --- the scaling plot -------------------------------------------------------------------------


def loglog_slope(xs: list[float], ys: list[float]) -> float:
    """Least-squares slope of log y on log x."""
    import numpy as np

    return float(np.polyfit(np.log(xs), np.log(ys), 1)[0])


def scaling_summary(results: list[dict[str, Any]]) -> dict[str, Any]:
    """Points of the two scaling curves and their log-log slopes."""
    out: dict[str, Any] = {}
    for group, key in (("scale_residents", "n_residents"), ("scale_cameras", "n_cameras")):
        pts = sorted(
            (r["facts"][key], r["median"]["s_per_day"]) for r in results if r["group"] == group
        )
        if not pts:
            continue
        pos = [(x, y) for x, y in pts if x > 0]
        out[group] = {
            "x": [x for x, _ in pts],
            "s_per_day": [y for _, y in pts],
            "loglog_slope": loglog_slope(*zip(*pos, strict=True)) if len(pos) > 1 else None,
            "loglog_slope_top3": loglog_slope(*zip(*pos[-3:], strict=True))
            if len(pos) > 2
            else None,
        }
    res = sorted((r for r in results if r["group"] == "scale_residents"), key=_residents)
    if len(res) > 1:
        import numpy as np

        n = [_residents(r) for r in res]
        rss = [r["median"]["rss_peak_mib"] * 2**20 for r in res]
        model = [r["median"]["model_bytes_per_resident"] * _residents(r) for r in res]
        out["marginal_bytes_per_resident"] = {
            "definition": "least-squares slope over the scale_residents runs (3 days each) of "
            "bytes against resident agents",
            "peak_rss": float(np.polyfit(n, rss, 1)[0]),
            "model_data": float(np.polyfit(n, model, 1)[0]),
        }
    return out


def _residents(result: dict[str, Any]) -> int:
    return result["facts"]["n_residents"]


def plot_scaling(scaling: dict[str, Any], path: Path, title: str) -> None:
    """Time per simulated day against residents and against cameras, log-log, each with a
    linear-growth reference line through its largest point."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    panels = [
        ("scale_residents", "resident agents (lahore, varying agent_scale)"),
        ("scale_cameras", "cameras (lahore 1:100, varying sites_per_km2)"),
    ]
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.4))
    for ax, (group, xlabel) in zip(axes, panels, strict=True):
        data = scaling.get(group)
        if not data:
            ax.set_visible(False)
            continue
        x, y = np.array(data["x"], dtype=float), np.array(data["s_per_day"])
        pos = x > 0
        ax.loglog(x[pos], y[pos], "o-", label="measured (median)")
        xr = np.geomspace(x[pos].min(), x[pos].max(), 50)
        ax.loglog(xr, y[pos][-1] * xr / x[pos][-1], "--", color="grey", label="linear growth")
        if (~pos).any():
            ax.axhline(y[~pos][0], color="tab:green", ls=":", label="no cameras")
        slope, top = data["loglog_slope"], data.get("loglog_slope_top3")
        if slope is not None:
            ax.set_title(f"log-log slope {slope:.2f} (largest three points: {top:.2f})")
        ax.set_xlabel(xlabel)
        ax.set_ylabel("wall seconds per simulated day")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend()
    fig.suptitle(title)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


# --- main -------------------------------------------------------------------------------------


def print_table(results: list[dict[str, Any]]) -> None:
    """A compact table of the medians."""
    print(
        f"\n{'case':24} {'runs':>4} {'residents':>9} {'cams':>6} {'build s':>8} {'sim s':>8} "
        f"{'Magent-st/s':>11} {'ticks/s':>8} {'peak MiB':>8} {'B/res':>6} {'model B/res':>11} "
        f"{'events':>7}"
    )
    for r in results:
        m, f = r["median"], r["facts"]
        if r.get("kind") == "cli":
            print(
                f"{r['name']:24} {r['n_runs']:>4} {f['n_residents']:>9} {f['n_cameras']:>6} "
                f"{'':>8} {m['wall_s']:>8.2f} {'':>11} {'':>8} {m['max_rss_mib']:>8.0f} "
                f"{m['bytes_per_resident']:>6.0f} {'':>11} {f['incidents']:>7}"
            )
            continue
        print(
            f"{r['name']:24} {r['n_runs']:>4} {f['n_residents']:>9} {f['n_cameras']:>6} "
            f"{m['build_s']:>8.3f} {m['simulate_s']:>8.3f} {m['agent_steps_per_s'] / 1e6:>11.1f} "
            f"{m['ticks_per_s']:>8.0f} {m['rss_peak_mib']:>8.0f} {m['bytes_per_resident']:>6.0f} "
            f"{m['model_bytes_per_resident']:>11.0f} {f['events_rows']:>7}"
        )


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="one run per case, skip slow cases")
    ap.add_argument("--only", help="run cases whose name or group matches this glob")
    ap.add_argument("--repeats", type=int, help="runs per case (default: the case's own)")
    ap.add_argument("--tree", type=Path, default=ROOT, help="checkout to measure")
    ap.add_argument("--out", type=Path, help="results JSON (default: results/<date>.json)")
    ap.add_argument(
        "--profile", action="store_true", help="print a cProfile of each run (times inflated)"
    )
    ap.add_argument("--plot-only", type=Path, help="redraw scaling.png from a results JSON")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.worker:
        print(json.dumps(worker(json.loads(args.worker))))
        return
    if args.plot_only:
        data = json.loads(args.plot_only.read_text())
        plot_scaling(data["scaling"], HERE / "scaling.png", _plot_title(data))
        print(f"wrote {HERE / 'scaling.png'}")
        return

    tree = args.tree.resolve()
    env = dict(os.environ)
    if tree != ROOT:  # import sim/ and experiments/ of that checkout first
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(tree), env.get("PYTHONPATH")]))

    cases = make_cases(tree)
    if args.only:
        cases = [
            c
            for c in cases
            if fnmatch.fnmatch(c["name"], args.only) or fnmatch.fnmatch(c["group"], args.only)
        ]
    if args.quick:
        cases = [c for c in cases if not c.get("slow")]
    if not cases:
        sys.exit(f"no case matches {args.only!r}")

    code_at_start = git_state(tree)
    results = []
    for case in cases:
        repeats = args.repeats or (1 if args.quick else case["repeats"])
        print(f"{case['name']}: {repeats} run(s)", flush=True)
        results.append(run_case(case, repeats, env, args.profile))

    code = git_state(tree)
    if code["sim_sha256"] != code_at_start["sim_sha256"]:
        print("warning: sim/ changed while the benchmark ran", file=sys.stderr)
        code["sim_sha256_at_start"] = code_at_start["sim_sha256"]
    data = {
        "machine": machine(),
        "code": code,
        "partial": bool(args.quick or args.only),
        "cases": results,
        "scaling": scaling_summary(results),
    }
    date = dt.date.today().isoformat()
    out = args.out or HERE / "results" / f"{date}{'-partial' if data['partial'] else ''}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(data, indent=1) + "\n")
    print_table(results)
    marginal = data["scaling"].get("marginal_bytes_per_resident")
    if marginal:
        print(
            f"marginal bytes per resident: peak RSS {marginal['peak_rss']:.0f}, "
            f"model data {marginal['model_data']:.0f}"
        )
    print(f"\nwrote {out}")
    if {"scale_residents", "scale_cameras"} <= data["scaling"].keys():
        plot_scaling(data["scaling"], HERE / "scaling.png", _plot_title(data))
        print(f"wrote {HERE / 'scaling.png'}")


def _plot_title(data: dict[str, Any]) -> str:
    m = data["machine"]
    runs = {c["n_runs"] for c in data["cases"] if c["group"].startswith("scale_")}
    each = f"median of {max(runs)}" if len(runs) == 1 else "medians"
    return (
        f"safecity-sim, {SCALING_DAYS}-day runs, {each} "
        f"({m['cpu']}, {m['cpus']} cores, {m['date'][:10]})"
    )


if __name__ == "__main__":
    main()
