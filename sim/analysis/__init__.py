"""Analysis of runs, above the model: field measures, the twin world, costs, outcomes, designs.

- :mod:`sim.analysis.field`: zones and the field measures of displacement (WDQ, TNE);
- :mod:`sim.analysis.twin`: a policy run against its no-policy twin on the same draws;
- :mod:`sim.analysis.costs`: what cameras and equal-budget alternatives cost, and what they cost
  per robbery, per harassment and per incident of each category prevented;
- :mod:`sim.analysis.outcomes`: every outcome's name, unit, definition and origin;
- :mod:`sim.analysis.evaluate`: :func:`evaluate`, a policy against its twin for one design point;
- :mod:`sim.analysis.design`: SALib designs as explicit point x replicate tables, their rows
  evaluated and their indices computed (the runner with files, chunks and Slurm is
  ``experiments.design_runner``);
- :mod:`sim.analysis.ema`: the model as an EMA Workbench model (optional extra ``ema``).
"""

from sim.analysis.evaluate import evaluate, evaluate_replicates

__all__ = ["evaluate", "evaluate_replicates"]
