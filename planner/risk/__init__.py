"""`planner risk`: what a manifest is worth when rockets fail, slip and arrive late.

sources (what may go wrong, and one future's draws) -> deliveries (supply as drawn and as
known) -> board (the rules on day-indexed arrays) -> policy (the quick re-plan) -> future (one
future, day by day) -> engine (many futures on Dask) -> summary (the figures) -> api.
"""
