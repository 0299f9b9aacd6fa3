"""Re-planning after delays: events, as_of and the freeze, stability against the baseline, changes."""
