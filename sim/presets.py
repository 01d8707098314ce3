"""Re-export of :mod:`sim.world.presets` (the public ``from sim.presets import make_params``)."""

from sim.world.presets import PRESETS, make_params, preset_names

__all__ = ["PRESETS", "make_params", "preset_names"]
