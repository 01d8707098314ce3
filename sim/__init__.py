"""safecity-sim: an agent-based model of camera surveillance, crime and women's safety in a city.

The package in layers, bottom to top; a module imports only its own layer and those below
(``tests/test_architecture.py`` checks it):

- :mod:`sim.params`: the parameter declarations (:mod:`sim.params.declare`), one frozen
  dataclass per group (world, offending, everyday, behaviour, surveillance, policing,
  alternatives, costs, experiment) and the policy registry (:mod:`sim.params.policies`).
- :mod:`sim.world`: the city (:mod:`~sim.world.city`), the residents and their day
  (:mod:`~sim.world.residents`), the clock (:mod:`~sim.world.clock`), the offence vocabulary
  (:mod:`~sim.world.offences`), the city presets (:mod:`~sim.world.presets`) and the named
  random streams (:mod:`~sim.world.streams`).
- :mod:`sim.processes`: one module per process, each owning its state and returning what
  happened: street offending, harassment, domestic violence, travel (fear and the daily
  routine), policing and dispatch, cameras, face recognition, reporting and trust, victim
  choice, and the response to every incident.
- :mod:`sim.outputs`: the event log, the per-tick series and the run's summary.
- :mod:`sim.model`: :class:`~sim.model.SafeCityModel`, the Mesa shell that builds the world and
  the processes; its ``step`` runs them in the order of the ODD's schedule.
- :mod:`sim.analysis`: field measures of displacement (:mod:`~sim.analysis.field`), the
  twin-world comparison (:mod:`~sim.analysis.twin`) and costs (:mod:`~sim.analysis.costs`).

The public names below are imported on first use, so that ``import sim.params`` stays light.

Example:
    >>> from sim import SafeCityModel, load_policy, make_params
    >>> model = SafeCityModel(make_params("town", load_policy("safe_city")), seed=1)
    >>> model.run_days(1)
"""

from __future__ import annotations

import importlib
from typing import Any

_PUBLIC = {
    "SafeCityModel": "sim.model",
    "SimParams": "sim.params",
    "ParamError": "sim.params",
    "make_params": "sim.world.presets",
    "preset_names": "sim.world.presets",
    "load_policy": "sim.params.policies",
    "policy_names": "sim.params.policies",
    "summarise": "sim.outputs.summary",
}
"""Each public name and the module that defines it."""

__all__ = sorted(_PUBLIC)


def __getattr__(name: str) -> Any:
    """Import a public name from its module on first use."""
    if name not in _PUBLIC:
        raise AttributeError(f"module 'sim' has no attribute {name!r}")
    value = getattr(importlib.import_module(_PUBLIC[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_PUBLIC])
