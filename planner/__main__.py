"""`python -m planner`: the planner's command line, as the `planner` command."""

from planner.cli import main

main(prog_name="planner")
