"""What a run leaves: the event log, the per-tick series and the run's summary."""
