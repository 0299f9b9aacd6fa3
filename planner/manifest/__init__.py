"""The plan: launches read back from the solver, with the solve report."""
