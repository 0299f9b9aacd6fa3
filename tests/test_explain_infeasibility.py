"""When no valid plan exists: the conflicting rows, their values and a capacity bound, never a bare INFEASIBLE."""

from __future__ import annotations

from builders import amend, day, launch, tiny_scenario

from planner.app import solve as api
from planner.domain.entities import Launch, Milestone, Pad, PadRocket, Source
from planner.domain.scenario import Scenario
from planner.explain.capacity import paper_capacity
from planner.explain.infeasibility import explain_infeasibility
from planner.solve.solver import SolveOptions


def one_pad(*milestones: Milestone, **fields: object) -> Scenario:
    """Only pad WC-1 (turnaround 10), flying only CZ-8A: at most 10 satellites to GW-A every 10 days."""
    return tiny_scenario(
        pads=(Pad(id="WC-1", site="WC", turnaround_days=10),),
        pad_rockets=(PadRocket(pad="WC-1", rocket="CZ-8A"),),
        milestones=milestones,
        **fields,
    )


def hard(row: int, satellites: int, due: int, shell: str = "GW-A") -> Milestone:
    return Milestone(constellation="GW", shell=shell, due_date=day(due), satellites_in_orbit=satellites, hard=True,
                     source=Source(sheet="Milestones", row=row))


def fixed(row: int, *args: object, **kwargs: object) -> Launch:
    return launch(*args, **kwargs).model_copy(update={"source": Source(sheet="FixedLaunches", row=row)})


def test_a_hard_milestone_the_single_pad_cannot_meet_names_its_row_and_the_bound() -> None:
    s = one_pad(hard(4, 50, 29))  # launches on days 0, 10 and 20 carry 30 by 2027-01-30
    head, item, bound = explain_infeasibility(s, 20)
    assert head == "no valid plan: this hard requirement cannot be met:"
    assert item.strip() == "Milestones row 4 (hard) needs 50 GW-A satellites in orbit by 2027-01-30"
    assert "pad WC-1 with its windows and the available vehicles can carry at most 30 by then" in bound
    assert "limited by pad WC-1" in bound


def test_only_the_conflicting_milestone_is_named() -> None:
    s = one_pad(hard(2, 10, 59), hard(3, 50, 29), hard(5, 20, 89, shell="GW-B"))
    lines = explain_infeasibility(s, 20)
    assert any("Milestones row 3" in line for line in lines)
    assert not any("Milestones row 2" in line or "Milestones row 5" in line for line in lines)


def test_a_fixed_launch_taking_the_last_vehicle_conflicts_with_the_milestone() -> None:
    s = amend(one_pad(hard(2, 20, 59)), "rockets", "CZ-8A", initial_stock=2)
    s = s.model_copy(update={"fixed_launches": (fixed(7, "F1", day(30), "WC-1", "CZ-8A", "GW-B", 8, "frozen"),)})
    text = "\n".join(explain_infeasibility(s, 20))
    assert "these hard requirements conflict" in text
    assert "Milestones row 2 (hard) needs 20 GW-A satellites in orbit by 2027-03-01" in text
    assert "FixedLaunches row 7 keeps F1 (frozen) on 2027-01-31 from WC-1: CZ-8A with 8 satellites to GW-B" in text
    assert "can carry at most 10 by then with FixedLaunches row 7 (F1) kept" in text
    assert "vehicles CZ-8A (all 2 used" in text


def test_history_is_a_fact_not_a_requirement() -> None:
    s = amend(one_pad(hard(2, 20, 59)), "rockets", "CZ-8A", initial_stock=2)
    s = s.model_copy(update={"fixed_launches": (fixed(7, "H1", day(0), "WC-1", "CZ-8A", "GW-B", 8, "history"),)})
    text = "\n".join(explain_infeasibility(s, 20))
    assert "FixedLaunches" not in text.split("\n", 2)[1]
    assert "Milestones row 2" in text


def test_fixed_launches_that_break_a_rule_together_are_named_by_row() -> None:
    s = one_pad(fixed_launches=(fixed(2, "F1", day(10)), fixed(3, "F2", day(14))))
    outcome = api.plan_scenario(s, SolveOptions(5, 1, 0))
    assert outcome.exit_code == api.EXIT_NO_PLAN
    (reason,) = outcome.reasons
    assert reason.startswith("the fixed launches alone break a rule: rule 2, pad turnaround: WC-1:")
    assert reason.endswith("(FixedLaunches rows 2-3)")


def test_fixed_launches_that_run_a_stream_short_together_are_named_with_the_stream_rows() -> None:
    s = amend(one_pad(), "rockets", "CZ-8A", initial_stock=2, source=Source(sheet="Rockets", row=2))
    s = s.model_copy(update={"fixed_launches": (fixed(2, "F1", day(0)), fixed(3, "F2", day(20)),
                                                fixed(4, "F3", day(40)))})
    outcome = api.plan_scenario(s, SolveOptions(5, 1, 0))
    (reason,) = outcome.reasons
    assert reason.startswith("the fixed launches alone break a rule: rule 8, supply chains: vehicles CZ-8A: 3 needed")
    assert reason.endswith("(FixedLaunches rows 2-4; Rockets row 2)")  # F3 runs it short, F1 and F2 drew on it


def test_the_api_explains_an_infeasible_scenario() -> None:
    outcome = api.plan_scenario(one_pad(hard(4, 50, 29)), SolveOptions(10, 1, 0))
    assert outcome.exit_code == api.EXIT_NO_PLAN
    assert "INFEASIBLE" not in " ".join(outcome.reasons)
    assert any("Milestones row 4" in r for r in outcome.reasons)


def test_paper_capacity_counts_each_link_alone() -> None:
    s = amend(one_pad(), "rockets", "CZ-8A", initial_stock=2)
    paper = paper_capacity(s, hard(1, 50, 29))
    assert (paper.history, paper.pads, paper.vehicles, paper.satellites) == (0, 30, 20, None)
    assert paper.bound == 20
