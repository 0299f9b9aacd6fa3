"""Random small scenarios, solved: every plan passes the independent check, and the objective
levels the solver reports are exactly the measures the checker recomputes."""

from __future__ import annotations

from builders import END, START, amend, closure, day, extend, grounding, supply, tiny_scenario
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from planner.app import solve as api
from planner.check.checker import check_plan
from planner.check.measures import measure
from planner.domain.entities import Capacity, Milestone, Pad, Site
from planner.domain.scenario import Scenario
from planner.model.relaxation import build_relaxation
from planner.solve.bound import relaxation_bound
from planner.solve.solver import SolveOptions


@st.composite
def scenarios(draw) -> Scenario:
    s = tiny_scenario(
        sites=(Site(id="WC", min_inclination_deg=19, max_inclination_deg=90,
                    min_days_between_launches=draw(st.integers(1, 6))),),
        pads=(Pad(id="WC-1", site="WC", turnaround_days=draw(st.integers(3, 15))),
              Pad(id="WC-2", site="WC", turnaround_days=draw(st.integers(3, 15)))),
        capacities=(
            Capacity(rocket="CZ-8A", shell="GW-A", max_satellites=draw(st.integers(4, 14))),
            Capacity(rocket="CZ-8A", shell="GW-B", max_satellites=8),
            Capacity(rocket="CZ-12", shell="GW-A", max_satellites=12, min_satellites=draw(st.integers(1, 12))),
            Capacity(rocket="CZ-12", shell="GW-B", max_satellites=10, min_satellites=4),
        ),
        milestones=(
            Milestone(constellation="GW", shell="GW-A", due_date=day(draw(st.integers(5, 89))),
                      satellites_in_orbit=draw(st.integers(0, 60)), weight=draw(st.integers(1, 3))),
            Milestone(constellation="GW", due_date=END, satellites_in_orbit=draw(st.integers(0, 100))),
        ),
    )
    if draw(st.booleans()):
        s = extend(s, satellite_supply=[supply(START, draw(st.integers(0, 40))),
                                        supply(day(draw(st.integers(1, 80))), draw(st.integers(0, 60)),
                                               lead_days=draw(st.integers(0, 10)))])
    if draw(st.booleans()):
        first = draw(st.integers(0, 80))
        s = extend(s, closures=[closure(day(first), day(first + draw(st.integers(0, 9))),
                                        pad=draw(st.sampled_from(["WC-1", "WC-2"])))])
    if draw(st.booleans()):
        first = draw(st.integers(0, 80))
        s = extend(s, groundings=[grounding(draw(st.sampled_from(["CZ-8A", "CZ-12"])), day(first),
                                            day(first + draw(st.integers(0, 20))))])
    if draw(st.booleans()):
        s = amend(s, "rockets", "CZ-12", initial_stock=draw(st.integers(0, 5)),
                  flights_per_vehicle=draw(st.integers(1, 3)))
    return s


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(scenarios())
def test_solved_plans_pass_the_check_and_report_the_checkers_measures(s: Scenario):
    outcome = api.plan_scenario(s, SolveOptions(2, 1, 0))
    assert outcome.exit_code == api.EXIT_OK, outcome.reasons
    assert check_plan(s, outcome.plan.launches).ok
    m, levels = measure(s, outcome.plan.launches), outcome.plan.report.levels
    assert levels.milestone_shortfall == m.milestone_shortfall
    assert levels.satellite_days == m.satellite_days
    assert abs(levels.cost_mcny - m.cost_mcny) < 1e-6
    assert abs(levels.expected_lost - m.expected_lost) < 1e-6


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(scenarios())
def test_the_undated_relaxation_admits_every_plan_and_bounds_it(s: Scenario):
    """Every plan of the model is a plan of the relaxation that scores no worse, so the
    relaxation's bound is below every plan: a rule the relaxation held too tightly would fail here."""
    outcome = api.plan_scenario(s, SolveOptions(2, 1, 0))
    assert outcome.exit_code == api.EXIT_OK, outcome.reasons
    weighted = outcome.plan.report.levels.total(s.settings.weights)
    r = build_relaxation(s)
    r.variables.hint(list(outcome.plan.launches))
    solver = cp_model.CpSolver()
    solver.parameters.fix_variables_to_their_hinted_value = True
    solver.parameters.num_workers = 1
    assert solver.solve(r.model) == cp_model.OPTIMAL
    assert solver.objective_value <= weighted + 1e-6
    bound = relaxation_bound(s)
    assert bound.total <= weighted + 1e-6
    assert bound.shortfall <= outcome.plan.report.levels.milestone_shortfall
    proven = outcome.plan.report.shortfall_bound
    assert proven is None or proven <= outcome.plan.report.levels.milestone_shortfall
