"""The benchmark: scaled scenarios, the dispatch baseline and the planner's search side by side."""
