"""The launch campaign: two launches of one model, whichever pads and sites, at least its
`min_days_between_launches` apart (Rockets): the model, the board and the checker hold it, and
an explanation names it."""

from __future__ import annotations

from itertools import combinations, pairwise
from pathlib import Path

import pytest
from builders import START, amend, day, extend, launch, tiny_scenario

from planner.app import solve as api
from planner.board.board import Board, Placed
from planner.check.checker import check_plan
from planner.domain.entities import Launch, Milestone, Pad, PadRocket, Site
from planner.domain.errors import InputErrors
from planner.domain.scenario import Scenario
from planner.explain.held import holds
from planner.explain.links import Link
from planner.risk.engine import Job, batches, run_here
from planner.risk.future import Future, World
from planner.risk.realised import realised_launches, realised_scenario
from planner.risk.sources import Uncertain
from planner.solve.dispatch import dispatch
from planner.solve.solver import SolveOptions
from planner.workbook.export import write_scenario
from planner.workbook.loader import load_scenario

GAP = 7


def two_sites(gap: int | None = GAP) -> Scenario:
    """CZ-12 flies from WC-2 and from a second site's pad HY-1, five days' turnaround each; the
    milestones ask for more than either pad alone can fly."""
    s = extend(tiny_scenario(), sites=[Site(id="HY", min_inclination_deg=19, max_inclination_deg=90)],
               pads=[Pad(id="HY-1", site="HY", turnaround_days=5)], pad_rockets=[PadRocket(pad="HY-1", rocket="CZ-12")])
    s = s.model_copy(update={"milestones": (Milestone(constellation="GW", due_date=day(89), satellites_in_orbit=100),)})
    return amend(s, "rockets", "CZ-12", min_days_between_launches=gap)


def closest(launches: list[Launch] | tuple[Launch, ...], rocket: str = "CZ-12") -> int:
    """The fewest days between two launches of `rocket`."""
    dates = sorted(l.date for l in launches if l.rocket == rocket)
    return min((b - a).days for a, b in pairwise(dates))


def solved(s: Scenario) -> tuple[Launch, ...]:
    outcome = api.plan_scenario(s, SolveOptions(3, 1, 0))
    assert outcome.exit_code == api.EXIT_OK, outcome.reasons
    return outcome.plan.launches


def test_the_plan_keeps_the_campaign_where_the_plan_without_it_breaks_it() -> None:
    free = solved(two_sites(None))
    assert closest(free) < GAP  # both sites fly CZ-12 within a week of each other
    held = solved(two_sites())
    assert closest(held) >= GAP
    assert check_plan(two_sites(), held).ok


def test_the_checker_rejects_a_plan_that_breaks_the_campaign() -> None:
    free = solved(two_sites(None))
    found = list(check_plan(two_sites(), free).violations)
    assert found and {v.rule for v in found} == {"launch_campaign"}
    assert all(len(v.launch_ids) == 2 and "its launch campaign is 7 days" in v.message for v in found)


def test_history_launches_are_never_a_violation_between_themselves() -> None:
    s = two_sites()
    flown = [launch("H1", day(1), "WC-2", "CZ-12", "GW-A", 10, "history"),
             launch("H2", day(3), "HY-1", "CZ-12", "GW-A", 10, "history", site="HY")]
    assert check_plan(s, flown).ok
    planned = launch("P1", day(6), "WC-2", "CZ-12", "GW-A", 10)
    assert {v.rule for v in check_plan(s, [*flown, planned]).violations} == {"launch_campaign"}


def test_the_board_refuses_a_launch_of_the_model_too_close_at_another_site_and_says_why() -> None:
    s = two_sites()
    board = Board.of(s)
    board.add(Placed(10, "HY-1", "CZ-12", "GW-A", 10, "HY-FIRST"))
    option = board.option("WC-2", "CZ-12", "GW-A")
    assert board.load(10 + GAP - 1, "WC-2", option, "GW-A", 10) is None
    assert board.load(10 + GAP, "WC-2", option, "GW-A", 10) == 10
    assert board.load(13, "WC-1", board.option("WC-1", "CZ-8A", "GW-A"), "GW-A", 10) == 10  # another model flies
    (refusal,) = board.refusals(13, "WC-2", "CZ-12", "GW-A", 10)
    assert (refusal.rule, refusal.link) == ("launch_campaign", ("campaign", "CZ-12"))
    assert str(refusal) == "CZ-12 one campaign at a time: HY-FIRST is within 7 days"


def test_dispatch_and_the_futures_keep_the_campaign() -> None:
    s = two_sites()
    plan = dispatch(s)
    assert check_plan(s, plan).ok and closest(plan) >= GAP
    job = Job("campaign", s, (tuple(plan),), 0)
    assert run_here(job, batches(0, frozenset(), 5)).of(0)
    w = World.of(s)
    for i in range(5):
        out = Future(w, plan, Uncertain(s), i, i).run()
        assert check_plan(realised_scenario(s, out), realised_launches(s, out, plan)).ok


def test_a_launch_held_by_the_campaign_says_so() -> None:
    s = two_sites()
    plan = [launch("A", day(10), "HY-1", "CZ-12", "GW-A", 10, site="HY"),
            launch("B", day(17), "WC-2", "CZ-12", "GW-A", 10)]
    (first, second) = holds(s, plan)
    assert first.free
    assert second.links == {Link("campaign", "CZ-12"): "one campaign at a time: A is within 7 days"}


@pytest.mark.parametrize("value", [0, -3])
def test_a_campaign_shorter_than_a_day_is_an_input_error(tmp_path: Path, value: int) -> None:
    path = write_scenario(two_sites(value), tmp_path / "in.xlsx")
    with pytest.raises(InputErrors) as caught:
        load_scenario(path)
    (error,) = caught.value.errors
    assert (error.sheet, error.column, error.value) == ("Rockets", "min_days_between_launches", value)


def test_pairs_of_the_model_in_every_solved_plan_are_apart() -> None:
    held = solved(two_sites(3))
    days = sorted((l.date - START).days for l in held if l.rocket == "CZ-12")
    assert all(b - a >= 3 for a, b in combinations(days, 2))
