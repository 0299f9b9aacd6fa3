"""`python -m planner.bench`: the benchmark table (see planner.bench.run)."""

from planner.bench.run import bench

bench(prog_name="python -m planner.bench")
