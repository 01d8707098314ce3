"""The Lahore year of two checkouts, run side by side: a before/after timing that the machine's
drift cannot bias.

    python benchmarks/paired_year.py --before /tmp/old --after . --pairs 3 \
        --out benchmarks/results/year-paired-<date>.json

Each pair starts the command of ``bench.py``'s headline case (``safecity-run city=lahore
policy=safe_city days=365 progress=false``) once from each checkout at the same moment, one per
core, with this interpreter and ``PYTHONPATH=<checkout>``, and reads each child's CPU time and
peak RSS from ``os.wait4``. On this shared 2-core machine the speed moves by a quarter between
minutes; two runs that share the same minutes see much the same machine, so the ratio of a pair
is far steadier than that of runs taken one after the other (not exact: the run that ends first
leaves the other its last minutes alone). Pair ``i`` runs seed ``i`` on both sides, so that the
medians average over workloads as well as over the machine; the sides swap places every pair.
Prints one line per run and the medians; ``--out`` also writes them as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUN = """
import sys
sys.argv = ["safecity-run", "city=lahore", "policy=safe_city", "days=365", "progress=false",
            "hydra.run.dir=" + sys.argv[1]] + sys.argv[2:]
import sim
import experiments
for module in (sim, experiments):
    assert module.__file__.startswith({tree!r} + "/"), module.__file__
from experiments.run import main
main()
"""


def start(tree: Path, out: Path, extra: list[str]) -> subprocess.Popen:
    """One year from ``tree`` (its ``sim`` first on the path), writing into ``out``; its
    standard error goes to ``<out>.stderr`` (a file, not a pipe: a full pipe would stall it)."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    code = RUN.format(tree=str(tree))
    with open(f"{out}.stderr", "w") as err:
        return subprocess.Popen(
            [sys.executable, "-c", code, str(out), *extra],
            env=env,
            cwd=out.parent,  # not the project folder: ``-c`` puts the working folder on the path
            stdout=subprocess.DEVNULL,
            stderr=err,
        )


def finish(procs: dict[str, subprocess.Popen], started: float) -> dict[str, dict]:
    """Wait for every run of ``procs`` (by side), in the order they end; each one's wall time
    from ``started``, CPU seconds (user and system) and peak RSS."""
    side_of = {proc.pid: side for side, proc in procs.items()}
    out = {}
    while side_of:
        pid, status, usage = os.wait4(-1, 0)
        if pid not in side_of:
            continue
        side = side_of.pop(pid)
        code = os.waitstatus_to_exitcode(status)
        procs[side].returncode = code
        if code != 0:
            for other in side_of.values():  # stop the other run before its folder goes
                procs[other].kill()
                procs[other].wait()
            err = Path(f"{procs[side].args[3]}.stderr").read_text()[-2000:]
            raise SystemExit(f"the {side} run failed (exit {code}): {err}")
        out[side] = {
            "wall_s": round(time.perf_counter() - started, 2),
            "user_s": round(usage.ru_utime, 2),
            "sys_s": round(usage.ru_stime, 2),
            "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        }
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--before", type=Path, required=True, help="checkout before the change")
    ap.add_argument("--after", type=Path, required=True, help="checkout after the change")
    ap.add_argument("--pairs", type=int, default=3, help="pairs of runs (default 3)")
    ap.add_argument("--out", type=Path, help="write the runs and medians as JSON here")
    ap.add_argument("overrides", nargs="*", help="extra overrides for both sides (after seed)")
    args = ap.parse_args()
    if args.pairs < 1:
        ap.error(f"--pairs {args.pairs}: expected 1 or more")
    trees = {"before": args.before.resolve(), "after": args.after.resolve()}
    for side, tree in trees.items():
        if not (tree / "sim" / "model.py").is_file():
            ap.error(f"--{side} {tree}: not a checkout of this project (no sim/model.py)")
    runs = []
    with tempfile.TemporaryDirectory(prefix="paired-year-") as tmp:
        for pair in range(args.pairs):
            order = ["before", "after"] if pair % 2 == 0 else ["after", "before"]
            load = os.getloadavg()[0]
            started = time.perf_counter()
            extra = [f"seed={pair}", *args.overrides]
            procs = {s: start(trees[s], Path(tmp) / f"{s}-{pair}", extra) for s in order}
            for side, measured in finish(procs, started).items():
                run = {"pair": pair, "side": side, "load_1min": round(load, 2), **measured}
                runs.append(run)
                print(json.dumps(run), flush=True)
    medians = {
        side: {
            k: round(statistics.median(r[k] for r in runs if r["side"] == side), 2)
            for k in ("wall_s", "user_s", "peak_rss_mb")
        }
        for side in trees
    }
    ratios = [
        a["user_s"] / b["user_s"]
        for a in runs
        for b in runs
        if a["side"] == "after" and b["side"] == "before" and a["pair"] == b["pair"]
    ]
    summary = {
        "medians": medians,
        "user_ratio_per_pair": [round(r, 3) for r in ratios],
        "user_ratio_of_medians": round(medians["after"]["user_s"] / medians["before"]["user_s"], 3),
    }
    print(json.dumps(summary))
    if args.out:
        machine = {"cpus": os.cpu_count(), "python": sys.version.split()[0]}
        record = {"date": time.strftime("%Y-%m-%d %H:%M:%S %Z"), "machine": machine}
        record.update(overrides=args.overrides, runs=runs, **summary)
        args.out.write_text(json.dumps(record, indent=1) + "\n")


if __name__ == "__main__":
    main()
