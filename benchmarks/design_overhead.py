"""Overhead of the design runner over the bare simulation it runs, on the town.

    python benchmarks/design_overhead.py                  # 6 rows of 7 + 28 days, 1 process
    python benchmarks/design_overhead.py --rows 12 --after 56 --chunk-size 4

Runs a small Latin-hypercube design of the town through ``experiments.design_runner`` in this
process (``n_jobs=1``: no worker start-up, the same code a worker or a Slurm task runs) and
compares the wall time of preparing, running and collecting it with the seconds of bare
simulation (building and running each model, ``timings["simulate_s"]`` of
``sim.analysis.evaluate``). Everything else — reading the design, the twin comparison,
outcomes, writing chunks with fsync, markers, collecting — is overhead; the budget is 5 %.
Prints JSON: the whole overhead, and the runner's alone (beyond ``evaluate``'s own work).
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

from experiments import design_runner as runner
from sim.analysis.design import Settings, design_table, problem, sample


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=6)
    parser.add_argument("--before", type=int, default=7)
    parser.add_argument("--after", type=int, default=28)
    parser.add_argument("--chunk-size", type=int, default=3)
    args = parser.parse_args()
    prob = problem(["offending.k_camera", "surveillance.p_detect_lit", "policing.block_cells"])
    design = design_table(sample("lhs", prob, args.rows, seed=0), prob["names"])
    settings = Settings(city="town", before_days=args.before, after_days=args.after)
    load = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        runner.prepare(folder, design, settings, args.chunk_size)
        runner.run_local(folder, n_jobs=1, progress=False)
        runner.collect(folder)
        wall = time.perf_counter() - t0
        spent = runner.timings(folder)
    sim_s = spent["simulate_s"]
    print(
        json.dumps(
            {
                "design": vars(args),
                "simulate_s": round(sim_s, 3),
                "evaluate_s": round(spent["evaluate_s"], 3),
                "runner_wall_s": round(wall, 3),
                "overhead_s": round(wall - sim_s, 3),
                "overhead_share_of_simulation": round((wall - sim_s) / sim_s, 4),
                "runner_only_share_of_simulation": round((wall - spent["evaluate_s"]) / sim_s, 4),
                "load_average_1min": round(load[0], 2),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
