"""Analysis of runs: the outcome registry and the evaluation of one design point.

- :mod:`sim.analysis.outcomes`: every outcome's name, unit, definition and origin;
- :mod:`sim.analysis.evaluate`: :func:`evaluate`, a policy against its twin for one design point;
- :mod:`sim.analysis.design`: SALib designs as explicit point x replicate tables, their rows
  evaluated and their indices computed (the runner with files, chunks and Slurm is
  ``experiments.design_runner``);
- :mod:`sim.analysis.ema`: the model as an EMA Workbench model (optional extra ``ema``).
"""

from sim.analysis.evaluate import evaluate, evaluate_replicates

__all__ = ["evaluate", "evaluate_replicates"]
