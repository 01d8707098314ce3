"""The world: the city, its residents, the clock, the offence vocabulary, the presets and the
random streams. Imports only :mod:`sim.params`."""
