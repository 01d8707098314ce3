"""Overhead of ``sim.analysis.evaluate`` over the bare simulation it runs, on the town.

    python benchmarks/evaluate_overhead.py                 # default design: 56 + 84 days, 3 reps
    python benchmarks/evaluate_overhead.py --replicates 2 --before 14 --after 28

For each replicate ``evaluate`` builds and runs two models (the policy and its twin): that is
the bare simulation time (``timings["simulate_s"]``, the same ``SafeCityModel(params)`` and
``run_days()`` any runner pays). Everything else — the event-log frame, resident table, zones,
effects, harms, costs and the aggregation — is overhead. Prints the JSON of both times and the
overhead as a share of the simulation time; the design runner's budget is 5 %.
"""

from __future__ import annotations

import argparse
import json
import time

from sim.analysis import evaluate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicates", type=int, default=3)
    parser.add_argument("--before", type=int, default=56)
    parser.add_argument("--after", type=int, default=84)
    parser.add_argument("--policy", default="safe_city")
    args = parser.parse_args()
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    evaluate(
        city="town",
        policy=args.policy,
        before_days=args.before,
        after_days=args.after,
        replicates=args.replicates,
        root_seed=0,
        timings=timings,
    )
    wall = time.perf_counter() - t0
    overhead = wall - timings["simulate_s"]
    print(
        json.dumps(
            {
                "design": vars(args),
                "simulate_s": round(timings["simulate_s"], 3),
                "evaluate_wall_s": round(wall, 3),
                "overhead_s": round(overhead, 3),
                "overhead_share_of_simulation": round(overhead / timings["simulate_s"], 4),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
