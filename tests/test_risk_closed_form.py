"""`planner risk` against answers known in closed form.

One pad, one rocket, one shell that holds exactly the milestone: each test draws futures of
one source of uncertainty and compares P(meet) with its exact value, within four standard
errors of the Monte Carlo estimate (a wrong simulation misses by far more). Every realised
manifest is checked against its realised scenario by the independent checker.
"""

from __future__ import annotations

from datetime import date
from math import comb, sqrt

import pytest
from builders import day, engine, engines_on, factory, launch, supply, tiny_scenario, with_settings

from planner.check.checker import check_plan
from planner.domain.entities import (
    Capacity,
    Milestone,
    Pad,
    PadRocket,
    Rocket,
    Shell,
    Site,
    Uncertainty,
)
from planner.risk.engine import Job, batches, run_here
from planner.risk.future import Future, World
from planner.risk.realised import realised_launches, realised_scenario
from planner.risk.sources import RELIABILITY, Uncertain, drivers, future_seed, sources
from planner.solve.solver import SolveOptions

FUTURES = 2000


def one_pad(*, reliability: float = 1.0, rtf: int = 0, turnaround: int = 10, per_launch: int = 10,
            required: int = 50, due: int = 79, **fields) -> object:
    """Pad P (turnaround `turnaround`) at site S; rocket R carries `per_launch` to shell A, which
    holds exactly the milestone's `required` satellites, due on day `due`."""
    return tiny_scenario(
        shells=(Shell(id="A", constellation="GW", altitude_km=550, inclination_deg=50, satellites=required),),
        milestones=(Milestone(constellation="GW", due_date=day(due), satellites_in_orbit=required),),
        rockets=(Rocket(id="R", reliability=reliability, return_to_flight_days=rtf),),
        capacities=(Capacity(rocket="R", shell="A", max_satellites=per_launch),),
        sites=(Site(id="S", min_inclination_deg=0, max_inclination_deg=90, min_days_between_launches=1),),
        pads=(Pad(id="P", site="S", turnaround_days=turnaround),),
        pad_rockets=(PadRocket(pad="P", rocket="R"),),
        **fields,
    )


def plan_every(n: int, step: int = 10, satellites: int = 10, first: int = 0) -> list:
    return [launch(f"GW-{i:02d}", day(first + i * step), "P", "R", "A", satellites, site="S", constellation="GW")
            for i in range(n)]


def p_meet(s, plan, futures: int = FUTURES, seed: int = 7, full: SolveOptions | None = None) -> float:
    records = run_here(Job("t", s, (tuple(plan),), seed, full=full), batches(0, frozenset(), futures)).of(0)
    need = s.milestones[0].satellites_in_orbit
    return sum(r.achieved[0] >= need for r in records) / len(records)


def close(estimate: float, exact: float, futures: int = FUTURES) -> bool:
    return abs(estimate - exact) <= 4 * sqrt(max(exact * (1 - exact), 1e-4) / futures) + 1e-9


def binomial_at_least(k: int, n: int, p: float) -> float:
    return sum(comb(n, j) * p ** j * (1 - p) ** (n - j) for j in range(k, n + 1))


def test_a_failure_is_replanned_into_the_next_free_turnaround_binomial_tail():
    # five launches on days 0..40, three spare turnarounds (50, 60, 70) before the due day 79:
    # met when at least 5 of the first 8 attempts succeed
    q = 0.8
    s = one_pad(reliability=q, rtf=1)
    assert close(p_meet(s, plan_every(5)), binomial_at_least(5, 8, q))


@pytest.mark.parametrize("every, exact", [
    (1, binomial_at_least(5, 8, 0.8)),  # a re-plan the day after each failure, as without a cadence
    (50, 0.8 ** 5 + sum(comb(5, f) * 0.8 ** (5 - f) * 0.2 ** f * 0.8 ** f for f in (1, 2, 3))),
    (200, 0.8 ** 5),  # the next re-plan is past the horizon: nothing lost is recovered
])
def test_on_a_cadence_lost_satellites_are_recovered_at_the_next_re_plan(every, exact):
    # five launches on days 0..40; re-planned every 50 days, the failures before day 50 are
    # recovered on days 50, 60 and 70, and those recoveries must all succeed (day 100 is too late)
    s = with_settings(one_pad(reliability=0.8, rtf=1), replan_every_days=every)
    assert close(p_meet(s, plan_every(5)), exact)


@pytest.mark.parametrize("rtf, exact", [(1, binomial_at_least(5, 8, 0.8)), (200, 0.8 ** 5)])
def test_the_full_re_plan_meets_the_same_closed_forms(rtf, exact):
    """The planner replan search in every future: a failure's satellites are flown again in the
    next free turnaround, or never when the model is grounded past the due date."""
    s = one_pad(reliability=0.8, rtf=rtf)
    futures = 120
    assert close(p_meet(s, plan_every(5), futures, full=SolveOptions.of(s, 1.0, workers=1)), exact, futures)


def test_a_full_re_plan_future_passes_the_independent_check():
    s = one_pad(reliability=0.8, rtf=1)
    plan = plan_every(5)
    w = World.of(s, full=SolveOptions.of(s, 1.0, workers=1))
    for i in range(10):
        out = Future(w, plan, Uncertain(s), i, future_seed(7, i)).run()
        real = realised_scenario(s, out)
        assert check_plan(real, realised_launches(s, out, plan)).ok


def test_a_return_to_flight_past_the_due_date_needs_every_flight_to_succeed():
    q = 0.9
    s = one_pad(reliability=q, rtf=200)
    assert close(p_meet(s, plan_every(5)), q ** 5)


def test_a_maturing_model_fails_its_first_flights_then_flies_at_its_reliability():
    # the first two flights fail with 0.5, later ones never; 3 needed, 3 planned + 3 spare slots
    rows = (Uncertainty(kind="launch_failure", subject="R", probability=0.5, flights=2),)
    s = one_pad(reliability=1.0, rtf=1, required=30, due=59, uncertainty=rows)
    # every future meets: at most two failures, and 6 slots (days 0..50) for 3 successes
    assert p_meet(s, plan_every(3), futures=200) == 1.0
    # with one spare slot only (due day 39), met when not both first flights fail
    s = one_pad(reliability=1.0, rtf=1, required=30, due=39, uncertainty=rows)
    assert close(p_meet(s, plan_every(3)), 1 - 0.25)


def test_flights_in_history_count_towards_a_maturing_model():
    rows = (Uncertainty(kind="launch_failure", subject="R", probability=1.0, flights=1),)
    s = one_pad(reliability=1.0, rtf=200, required=20, due=59, uncertainty=rows)
    flown = launch("GW-00", day(0), "P", "R", "A", 10, "history", site="S", constellation="GW")
    s = s.model_copy(update={"fixed_launches": (flown,)})
    later = [launch("GW-01", day(10), "P", "R", "A", 10, site="S", constellation="GW")]
    assert p_meet(s, [flown, *later], futures=50) == 1.0
    assert p_meet(one_pad(reliability=1.0, rtf=200, required=10, due=59, uncertainty=rows),
                  plan_every(1), futures=50) == 0.0


def test_a_future_with_nothing_uncertain_flies_the_plan_also_before_its_last_history_launch():
    # history on day 30 (no as_of): the plan's launches before it are still the future's to fly
    s = one_pad(reliability=1.0, required=50, due=79)
    flown = launch("GW-H", day(30), "P", "R", "A", 10, "history", site="S", constellation="GW")
    s = s.model_copy(update={"fixed_launches": (flown,)})
    plan = [p for p in plan_every(5) if p.date != day(30)] + [flown]
    assert p_meet(s, plan, futures=5) == 1.0


def test_a_triangular_return_to_flight_grounds_the_model_for_its_drawn_days():
    # one failure-prone first flight, then a return to flight of exactly 25 days: the second
    # attempt moves from day 10 to day 26 and the milestone due day 30 is met; due 20 is not
    rows = (Uncertainty(kind="launch_failure", subject="R", probability=1.0, flights=1),
            Uncertainty(kind="return_to_flight", subject="R", min_days=25, mode_days=25, max_days=25))
    met = one_pad(reliability=1.0, rtf=1, required=10, due=30, uncertainty=rows)
    assert p_meet(met, plan_every(2), futures=50) == 1.0
    missed = one_pad(reliability=1.0, rtf=1, required=10, due=20, uncertainty=rows)
    assert p_meet(missed, plan_every(2), futures=50) == 0.0


def test_slips_of_ten_days_miss_a_milestone_25_days_away_after_three_slips():
    ps = 0.5
    rows = (Uncertainty(kind="launch_slip", probability=ps, min_days=10, mode_days=10, max_days=10),)
    s = one_pad(required=10, due=25, turnaround=1, uncertainty=rows)
    assert close(p_meet(s, plan_every(1)), 1 - ps ** 3)


def test_weather_scrubs_retry_the_next_day():
    pw = 0.6
    rows = (Uncertainty(kind="weather", subject="S", probability=pw, from_=date(2027, 1, 1), to=date(2027, 12, 31)),)
    s = one_pad(required=10, due=2, turnaround=1, uncertainty=rows)
    assert close(p_meet(s, plan_every(1)), 1 - pw ** 3)


def test_weather_outside_its_season_never_scrubs():
    rows = (Uncertainty(kind="weather", subject="S", probability=1.0, from_=date(2027, 6, 1), to=date(2027, 9, 30)),)
    s = one_pad(required=10, due=2, turnaround=1, uncertainty=rows)
    assert p_meet(s, plan_every(1), futures=50) == 1.0


def test_a_factory_yield_delivers_each_vehicle_with_its_probability():
    # one vehicle made at the end of January, the only one: the launch on day 40 flies if it came
    py = 0.7
    rows = (Uncertainty(kind="factory_yield", subject="F", probability=py),)
    s = one_pad(required=10, due=80, uncertainty=rows,
                factories=(factory("R", 1, "F", end=date(2027, 1, 31)),))
    s = s.model_copy(update={"rockets": (s.rockets[0].model_copy(update={"initial_stock": 0}),)})
    assert close(p_meet(s, plan_every(1, first=40)), py)


def test_an_engine_yield_delivers_each_engine_with_its_probability():
    py = 0.4
    rows = (Uncertainty(kind="engine_yield", subject="E", probability=py),)
    s = one_pad(required=10, due=80, uncertainty=rows, engines=(engine("E", 1, end=date(2027, 1, 31)),),
                rocket_engines=(engines_on("R", "E", 1),))
    assert close(p_meet(s, plan_every(1, first=40)), py)


def test_a_factory_delay_past_the_due_date_misses_it_with_its_probability():
    pd_ = 0.3
    rows = (Uncertainty(kind="factory_delay", subject="F", probability=pd_, min_days=60, mode_days=60, max_days=60),)
    s = one_pad(required=10, due=50, uncertainty=rows,
                factories=(factory("R", 1, "F", start=date(2027, 1, 15), end=date(2027, 1, 31)),))
    s = s.model_copy(update={"rockets": (s.rockets[0].model_copy(update={"initial_stock": 0}),)})
    assert close(p_meet(s, plan_every(1, first=40)), 1 - pd_)


def test_a_late_satellite_delivery_moves_its_launch_past_the_due_date():
    ps = 0.35
    rows = (Uncertainty(kind="satellite_slip", subject="GW", probability=ps, min_days=30, mode_days=30, max_days=30),)
    s = one_pad(required=10, due=40, uncertainty=rows, satellite_supply=(supply(day(20), 10),))
    assert close(p_meet(s, plan_every(1, first=25)), 1 - ps)


@pytest.mark.parametrize("rows", [
    (Uncertainty(kind="launch_slip", probability=0.3, min_days=1, mode_days=4, max_days=15),
     Uncertainty(kind="weather", probability=0.3, from_=date(2027, 1, 1), to=date(2027, 2, 15))),
    (Uncertainty(kind="satellite_slip", probability=0.5, min_days=5, mode_days=10, max_days=30),
     Uncertainty(kind="return_to_flight", min_days=3, mode_days=9, max_days=20)),
])
def test_every_realised_manifest_passes_the_independent_checker(rows):
    s = extend_tiny(rows)
    plan = list(__import__("builders").tiny_manifest())
    w = World.of(s)
    for i in range(40):
        out = Future(w, plan, Uncertain(s), i, future_seed(3, i)).run()
        real = realised_scenario(s, out)
        result = check_plan(real, realised_launches(s, out, plan))
        assert result.ok, [str(v) for v in result.violations]


def extend_tiny(rows) -> object:
    """The tiny scenario with supply, a factory and an engine line limited, and `rows`."""
    s = tiny_scenario(satellite_supply=(supply(day(0), 30), supply(day(10), 30), supply(day(30), 40)),
                      factories=(factory("CZ-8A", 2, "F8"),), engines=(engine("YF", 3, 2),),
                      rocket_engines=(engines_on("CZ-12", "YF", 1),), uncertainty=tuple(rows))
    s = s.model_copy(update={"rockets": tuple(r.model_copy(update={"return_to_flight_days": 5, "initial_stock": 3})
                                              if r.id == "CZ-8A" else r.model_copy(update={"return_to_flight_days": 5})
                                              for r in s.rockets)})
    return with_settings(s, freeze_days=3)


def test_the_same_seed_gives_the_same_futures_and_another_seed_others():
    s = extend_tiny([Uncertainty(kind="launch_slip", probability=0.3, min_days=1, mode_days=4, max_days=15)])
    plan = __import__("builders").tiny_manifest()
    a = run_here(Job("a", s, (tuple(plan),), 11), batches(0, frozenset(), 30)).of(0)
    b = run_here(Job("b", s, (tuple(plan),), 11), batches(0, frozenset(), 30)).of(0)
    c = run_here(Job("c", s, (tuple(plan),), 12), batches(0, frozenset(), 30)).of(0)
    assert a == b
    assert a != c


def test_a_future_does_not_depend_on_the_batch_it_runs_in():
    s = extend_tiny([Uncertainty(kind="weather", probability=0.4, from_=date(2027, 1, 1), to=date(2027, 3, 1))])
    plan = __import__("builders").tiny_manifest()
    whole = run_here(Job("w", s, (tuple(plan),), 5), batches(0, frozenset(), 25)).of(0)
    from planner.risk.engine import Batch, simulate
    alone = simulate(Job("w2", s, (tuple(plan),), 5), Batch(0, frozenset(), (17,)))
    assert alone == [whole[17]]


def test_wilson_interval_of_known_proportions():
    from planner.risk.summary import wilson

    low, high = wilson(8, 10)
    assert round(low, 4) == 0.4902 and round(high, 4) == 0.9433
    assert wilson(0, 20)[0] == 0.0 and wilson(20, 20)[1] == 1.0
    assert round(wilson(20, 20)[0], 4) == 0.8389


def test_drivers_switch_off_each_kind_at_once_or_each_row():
    rows = (Uncertainty(kind="launch_slip", probability=0.5, min_days=1, mode_days=2, max_days=3),
            Uncertainty(kind="launch_slip", subject="R", probability=0.5, min_days=1, mode_days=2, max_days=3),
            Uncertainty(kind="weather", probability=0.5, from_=day(0), to=day(30)))
    s = one_pad(reliability=0.9, uncertainty=rows)
    found = sources(s)
    by_kind = drivers(found, "kind")
    assert [d.label for d in by_kind] == [RELIABILITY, "launch_slip (2 rows)", found[3].label]
    assert by_kind[1].off == {found[1].label, found[2].label}
    assert Uncertain(s, by_kind[1].off).rows == [rows[2]]
    assert [d.off for d in drivers(found, "row")] == [{x.label} for x in found]
