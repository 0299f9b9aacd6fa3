"""The benchmark: scaled scenarios, the dispatch baseline and CP-SAT side by side."""
