"""Finding plans: the dispatch baseline, the monthly flow plan that guides it, CP-SAT and its time
limits, and the bound."""
