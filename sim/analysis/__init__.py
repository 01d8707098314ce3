"""Analysis of runs: the outcome registry and the evaluation of one design point.

- :mod:`sim.analysis.outcomes`: every outcome's name, unit, definition and origin;
- :mod:`sim.analysis.evaluate`: :func:`evaluate`, a policy against its twin for one design point.
"""

from sim.analysis.evaluate import evaluate, evaluate_replicates

__all__ = ["evaluate", "evaluate_replicates"]
