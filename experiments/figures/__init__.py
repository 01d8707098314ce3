"""Figures of the displacement experiment, drawn from its result tables, one module per family.

Every function takes the experiment's DataFrames (``effects``, ``harms``, ``moved``; see
:func:`sim.analysis.twin.effects`, :func:`~sim.analysis.twin.harms`,
:func:`~sim.analysis.twin.moved`) and returns a :class:`matplotlib.figure.Figure`; none touches
a live model. Figures are built without pyplot (no global figure registry, no interactive
backend) and saved by the caller. They are meant for a projector: large type, labelled axes
with units, titles that say what to look at, and the colours of the policy registry
(:mod:`experiments.figures.style`). Every function draws a "not enough incidents" panel instead
of failing when its data are empty or all missing.

- :mod:`.wdq`: the field WDQ per policy (``wdq_by_policy``) and against the truth
  (``wdq_vs_truth``);
- :mod:`.effects`: incidents prevented (``tne_vs_truth``) and recorded crime
  (``recorded_vs_true``) against the truth;
- :mod:`.maps`: where incidents moved (``moved_map``, ``mean_moved``);
- :mod:`.harms`: trips forgone and wrongful stops by group (``harms_by_group``).
"""

from experiments.figures.effects import recorded_vs_true, tne_vs_truth
from experiments.figures.harms import harms_by_group
from experiments.figures.maps import mean_moved, moved_map
from experiments.figures.wdq import wdq_by_policy, wdq_vs_truth

__all__ = [
    "harms_by_group",
    "mean_moved",
    "moved_map",
    "recorded_vs_true",
    "tne_vs_truth",
    "wdq_by_policy",
    "wdq_vs_truth",
]
