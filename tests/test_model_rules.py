"""Each hard rule, where it binds: the solver's plan honours it, and the independent checker agrees.

Every test solves a small scenario whose data make the rule matter (often shown by the same
scenario without that rule's data, where the plan does what the rule forbids).
"""

from __future__ import annotations

import itertools

from builders import (
    END,
    START,
    amend,
    closure,
    day,
    engine,
    engines_on,
    extend,
    factory,
    grounding,
    launch,
    shell_named_like_its_constellation,
    supply,
    tiny_scenario,
    window,
)

from planner.app import solve as api
from planner.check.measures import measure
from planner.domain.entities import Capacity, Milestone, Pad, PadRocket, Site
from planner.domain.scenario import Scenario
from planner.solve.solver import SolveOptions


def solved(s: Scenario):
    """The plan's launches; asserts the plan was written-worthy and its levels are the checker's."""
    outcome = api.plan_scenario(s, SolveOptions(3, 1, 0))
    assert outcome.exit_code == api.EXIT_OK, outcome.reasons
    assert outcome.check.ok, outcome.check.violations
    m, levels = measure(s, outcome.plan.launches), outcome.plan.report.levels
    assert (levels.milestone_shortfall, levels.satellite_days) == (m.milestone_shortfall, m.satellite_days)
    assert abs(levels.cost_mcny - m.cost_mcny) < 1e-6 and abs(levels.expected_lost - m.expected_lost) < 1e-6
    return outcome.plan.launches


def days_of(launches, **where) -> list[int]:
    return sorted((l.date - START).days for l in launches if all(getattr(l, k) == v for k, v in where.items()))


def test_rule_1_pad_compatibility():
    grounded = extend(tiny_scenario(), groundings=[grounding("CZ-12", START, END)])
    assert days_of(solved(grounded), pad="WC-2") == []
    allowed = extend(grounded, pad_rockets=[PadRocket(pad="WC-2", rocket="CZ-8A")])
    assert days_of(solved(allowed), pad="WC-2", rocket="CZ-8A")


def test_rule_2_pad_turnaround_depends_on_the_model_flown_first():
    launches = sorted((l for l in solved(tiny_scenario()) if l.pad == "WC-1"), key=lambda l: l.date)
    gaps = [((b.date - a.date).days, {"CZ-8A": 10, "CZ-12": 7}[a.rocket]) for a, b in itertools.pairwise(launches)]
    assert gaps and all(gap >= turnaround for gap, turnaround in gaps)
    assert any(gap == turnaround for gap, turnaround in gaps)  # launches come as soon as the pad allows


def test_rule_3_windows_and_closures():
    s = extend(tiny_scenario(), closures=[closure(day(0), day(9), site="WC")],
               pad_windows=[window("WC-2", day(30), day(60))])
    launches = solved(s)
    assert min(days_of(launches)) == 10  # the closure holds back what would fly on day 0
    assert all(30 <= d <= 60 for d in days_of(launches, pad="WC-2"))


def test_rule_4_site_separation():
    s = tiny_scenario(sites=(Site(id="WC", min_inclination_deg=19, max_inclination_deg=90,
                                  min_days_between_launches=4),))
    days = days_of(solved(s))
    gaps = [b - a for a, b in itertools.pairwise(days)]
    assert min(gaps) == 4


def test_rule_5_orbit_reachability():
    s = tiny_scenario(
        sites=(Site(id="WC", min_inclination_deg=19, max_inclination_deg=60),
               Site(id="HY", min_inclination_deg=80, max_inclination_deg=100)),
        pads=(Pad(id="WC-1", site="WC", turnaround_days=7), Pad(id="WC-2", site="WC", turnaround_days=5),
              Pad(id="HY-1", site="HY", turnaround_days=5)),
    )
    s = extend(s, pad_rockets=[PadRocket(pad="HY-1", rocket="CZ-12")])
    launches = solved(s)
    assert {l.site for l in launches if l.shell == "GW-B"} == {"HY"}
    assert {l.site for l in launches if l.shell == "GW-A"} == {"WC"}


def test_rule_6_vehicle_capacity_and_site_specific_rows():
    s = extend(tiny_scenario(), capacities=[Capacity(rocket="CZ-12", shell="GW-A", max_satellites=6, site="WC")])
    launches = solved(s)
    loads = {(l.rocket, l.shell): l.satellites for l in launches}
    assert all(l.satellites <= 6 for l in launches if (l.rocket, l.shell) == ("CZ-12", "GW-A"))
    assert all(4 <= l.satellites <= 10 for l in launches if (l.rocket, l.shell) == ("CZ-12", "GW-B"))
    assert loads


def test_rule_7_availability_and_grounding():
    s = amend(tiny_scenario(), "rockets", "CZ-8A", available_from=day(20))
    s = extend(s, groundings=[grounding("CZ-12", day(0), day(14))])
    launches = solved(s)
    assert all(d >= 20 for d in days_of(launches, rocket="CZ-8A"))
    assert min(days_of(launches)) == 15  # nothing may fly before: CZ-12 goes as soon as its grounding ends


def test_rule_8_vehicles_with_reuse():
    s = amend(tiny_scenario(), "rockets", "CZ-12", initial_stock=1, flights_per_vehicle=2)
    s = extend(s, factories=[factory("CZ-8A", 1)])  # one a month, delivered on the month's last day
    launches = solved(s)
    assert len(days_of(launches, rocket="CZ-12")) == 2
    assert days_of(launches, rocket="CZ-8A") == [30, 58, 89]


def test_rule_8_engines():
    s = extend(tiny_scenario(groundings=(grounding("CZ-12", START, END),)),
               engines=[engine("YF", 10, initial_stock=10)], rocket_engines=[engines_on("CZ-8A", "YF", 10)])
    assert days_of(solved(s), rocket="CZ-8A")[:3] == [0, 30, 58]


def test_rule_8_satellites_with_lead_time():
    s = extend(tiny_scenario(), satellite_supply=[supply(START, 20), supply(day(40), 30, lead_days=5)])
    launches = solved(s)
    assert sum(l.satellites for l in launches if (l.date - START).days < 45) <= 20
    assert sum(l.satellites for l in launches) == 50


def test_rule_8_a_shell_named_like_its_constellation_has_its_own_satellites():
    s = extend(shell_named_like_its_constellation(),
               satellite_supply=[supply(START, 10, shell="GW"), supply(START, 100)])
    launches = solved(s)
    assert sum(l.satellites for l in launches if l.shell == "GW") == 10
    assert sum(l.satellites for l in launches if l.shell == "GW-A") == 60


def test_rule_9_fixed_launches_are_kept_and_kept_clear_of():
    fixed = launch("F1", day(3), "WC-1", "CZ-8A", "GW-A", 10, "frozen")
    launches = solved(tiny_scenario(fixed_launches=(fixed,)))
    assert fixed in launches
    assert all(d >= 13 or d < 3 - 7 for d in days_of(launches, pad="WC-1") if d != 3)


def test_shell_size():
    launches = solved(tiny_scenario())
    assert sum(l.satellites for l in launches if l.shell == "GW-A") == 60
    assert sum(l.satellites for l in launches if l.shell == "GW-B") == 40


def test_hard_milestone_is_met():
    hard = Milestone(constellation="GW", shell="GW-B", due_date=day(20), satellites_in_orbit=30, hard=True)
    launches = solved(extend(tiny_scenario(), milestones=[hard]))
    assert sum(l.satellites for l in launches if l.shell == "GW-B" and l.date <= day(20)) >= 30


def test_soft_milestone_shortfall_is_counted_when_capacity_falls_short():
    s = extend(tiny_scenario(), satellite_supply=[supply(START, 12)],
               milestones=[Milestone(constellation="GW", due_date=day(10), satellites_in_orbit=30, weight=3)])
    outcome = api.plan_scenario(s, SolveOptions(3, 1, 0))
    assert outcome.plan.report.levels.milestone_shortfall == 3 * 18 + 2 * 8 + 28  # 12 of 30, 12 of 20, 12 of 40
