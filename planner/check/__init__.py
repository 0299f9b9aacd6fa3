"""The independent plan checker: hard rules and measures recomputed from the scenario, never from the solver."""
