"""The processes, one module each; each owns its state and returns what happened each step.

Imports only :mod:`sim.params` and :mod:`sim.world` (and, among processes, the ones it uses:
:mod:`~sim.processes.response` uses policing, reporting and face recognition).
"""
