"""The plan checker: each rule on a valid plan and on one mutation of it, the measures by hand."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
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
    tiny_manifest,
    tiny_scenario,
    window,
)

from planner.app.check import run_check
from planner.check.checker import check_plan
from planner.check.measures import (
    consumption,
    deliveries,
    expected_lost,
    in_orbit,
    launch_cost,
    measure,
    milestone_results,
    satellite_days,
)
from planner.domain.entities import Capacity, Factory, Launch, Milestone
from planner.domain.scenario import Scenario
from planner.workbook.export import write_scenario
from planner.workbook.schema import OUTPUT
from planner.workbook.writer import add_table, new_book, save_atomic


def changed(launches: list[Launch], launch_id: str, /, **fields: object) -> list[Launch]:
    """The manifest with one launch changed."""
    return [l.model_copy(update=fields) if l.launch_id == launch_id else l for l in launches]


def without(launches: list[Launch], *launch_ids: str) -> list[Launch]:
    return [l for l in launches if l.launch_id not in launch_ids]


def broken(s: Scenario, launches: list[Launch]) -> dict[str, set[str]]:
    """rule -> launch ids it names."""
    out: dict[str, set[str]] = {}
    for v in check_plan(s, launches).violations:
        out.setdefault(v.rule, set()).update(v.launch_ids)
    return out


def test_the_tiny_manifest_is_valid() -> None:
    result = check_plan(tiny_scenario(), tiny_manifest())
    assert result.ok, result.violations


def test_a_replan_plans_nothing_before_its_freeze_ends() -> None:
    """As of 2027-01-06 with a 5-day freeze: L01 has flown (history), L02 is in the freeze, and
    a re-plan may plan launches from 2027-01-11 on."""
    s = tiny_scenario()
    s = s.model_copy(update={"settings": s.settings.model_copy(update={"as_of": day(5), "freeze_days": 5})})
    plan = tiny_manifest()
    [v, w] = check_plan(s, plan, replan=True).violations
    assert (v.rule, v.launch_ids, w.rule, w.launch_ids) == ("replan_freeze", ("L01",), "replan_freeze", ("L02",))
    assert str(v) == ("re-plan freeze: L01 is new on 2027-01-05, before the freeze ends on 2027-01-11 "
                      "(as_of 2027-01-06 + 5 days)")
    settled = changed(changed(plan, "L01", status="history"), "L02", status="frozen")
    assert len(check_plan(s, settled, replan=True).violations) == 2  # labels alone do not make launches given
    given = s.model_copy(update={"fixed_launches": tuple(l for l in settled if l.launch_id in ("L01", "L02"))})
    assert check_plan(given, settled, replan=True).ok
    assert check_plan(s, plan).ok  # a fresh plan is not held to as_of
    contracted = s.model_copy(update={"fixed_launches": tuple(l for l in plan if l.launch_id == "L02")})
    assert [v.launch_ids for v in check_plan(contracted, plan, replan=True).violations] == [("L01",)]  # rule 9's


# --- rule 1 ----------------------------------------------------------------------------------


def test_pad_compatibility() -> None:
    plan = changed(tiny_manifest(), "L02", rocket="CZ-8A", satellites=8)
    assert broken(tiny_scenario(), plan) == {"pad_compatibility": {"L02"}}
    [v] = check_plan(tiny_scenario(), plan).violations
    assert v.message == "WC-2: L02 on 2027-01-07 flies CZ-8A; the pad launches only CZ-12"


# --- rule 2 ----------------------------------------------------------------------------------


def test_pad_turnaround_after_a_model_with_its_own_turnaround() -> None:
    s = tiny_scenario()
    assert check_plan(s, changed(tiny_manifest(), "L03", date=day(14))).ok  # 10 days after CZ-8A
    plan = changed(tiny_manifest(), "L03", date=day(12))
    assert broken(s, plan) == {"pad_turnaround": {"L01", "L03"}}
    [v] = check_plan(s, plan).violations
    assert v.message == "WC-1: L03 on 2027-01-13 is 8 days after L01 (CZ-8A); turnaround is 10"


def test_pad_turnaround_falls_back_to_the_pads_default() -> None:
    s = tiny_scenario()
    assert check_plan(s, changed(tiny_manifest(), "L06", date=day(37))).ok  # 7 days after CZ-12
    assert broken(s, changed(tiny_manifest(), "L06", date=day(36))) == {"pad_turnaround": {"L05", "L06"}}


def test_pad_turnaround_same_day_and_non_adjacent_pairs() -> None:
    s = tiny_scenario()
    plan = [launch("A", day(10), rocket="CZ-12", satellites=10, status="history"),
            launch("B", day(10), rocket="CZ-8A", status="history"),
            launch("C", day(19), rocket="CZ-12")]
    # A and B are facts; C is 9 days after A (CZ-12, 7: fine) but 9 after B (CZ-8A, 10).
    assert broken(s, plan) == {"pad_turnaround": {"B", "C"}}


def test_pairs_of_facts_are_not_judged_but_a_fact_and_a_decision_are() -> None:
    s = tiny_scenario()
    both = changed(changed(tiny_manifest(), "L01", status="history"), "L03", date=day(12), status="history")
    assert check_plan(s, both).ok
    one = changed(changed(tiny_manifest(), "L01", status="history"), "L03", date=day(12))
    assert broken(s, one) == {"pad_turnaround": {"L01", "L03"}}


# --- rule 3 ----------------------------------------------------------------------------------


def test_pad_windows() -> None:
    s = extend(tiny_scenario(), pad_windows=[window("WC-1", START, day(40)), window("WC-1", day(50), END)])
    assert check_plan(s, changed(tiny_manifest(), "L06", date=day(50))).ok
    assert broken(s, tiny_manifest()) == {"pad_windows": {"L06"}}


@pytest.mark.parametrize("where", [{"pad": "WC-2"}, {"site": "WC"}])
def test_closures_of_a_pad_or_its_site(where: dict[str, str]) -> None:
    s = extend(tiny_scenario(), closures=[closure(day(19), day(21), reason="range maintenance", **where)])
    assert broken(s, tiny_manifest()) == {"pad_windows": {"L04"}}
    [v] = check_plan(s, tiny_manifest()).violations
    assert "2027-01-20 .. 2027-01-22, range maintenance" in v.message


def test_a_closure_of_the_other_pad_does_not_matter() -> None:
    s = extend(tiny_scenario(), closures=[closure(day(19), day(21), pad="WC-1")])
    assert check_plan(s, tiny_manifest()).ok


def test_launch_outside_the_horizon() -> None:
    plan = changed(tiny_manifest(), "L06", date=date(2027, 4, 5))
    assert broken(tiny_scenario(), plan) == {"pad_windows": {"L06"}}


# --- rule 4 ----------------------------------------------------------------------------------


def test_site_separation() -> None:
    plan = changed(tiny_manifest(), "L02", date=day(5))
    assert broken(tiny_scenario(), plan) == {"site_separation": {"L01", "L02"}}
    [v] = check_plan(tiny_scenario(), plan).violations
    assert v.message == "WC: L02 on 2027-01-06 is 1 day after L01 (pads WC-1, WC-2); site separation is 2 days"


def test_site_separation_same_day() -> None:
    plan = changed(tiny_manifest(), "L02", date=day(4))
    assert broken(tiny_scenario(), plan) == {"site_separation": {"L01", "L02"}}


# --- rule 5 ----------------------------------------------------------------------------------


def test_orbit_reachability() -> None:
    s = amend(tiny_scenario(), "sites", "WC", max_inclination_deg=60)
    to_a = without(tiny_manifest(), "L02", "L05")
    assert check_plan(s, to_a).ok
    assert broken(s, changed(to_a, "L04", shell="GW-B", satellites=10)) == {"orbit_reachability": {"L04"}}


# --- rule 6 ----------------------------------------------------------------------------------


def test_vehicle_capacity_maximum() -> None:
    assert broken(tiny_scenario(), changed(tiny_manifest(), "L01", satellites=11)) == {"vehicle_capacity": {"L01"}}


def test_vehicle_capacity_minimum() -> None:
    assert broken(tiny_scenario(), changed(tiny_manifest(), "L05", satellites=3)) == {"vehicle_capacity": {"L05"}}


def test_a_pair_without_a_capacity_row() -> None:
    s = tiny_scenario()
    s = s.model_copy(update={"capacities": tuple(c for c in s.capacities if (c.rocket, c.shell) != ("CZ-12", "GW-B"))})
    assert broken(s, tiny_manifest()) == {"vehicle_capacity": {"L02", "L05"}}


def test_a_site_specific_capacity_row_wins() -> None:
    s = extend(tiny_scenario(), capacities=[Capacity(rocket="CZ-12", shell="GW-A", max_satellites=11, site="WC")])
    assert broken(s, tiny_manifest()) == {"vehicle_capacity": {"L04"}}


# --- rule 7 ----------------------------------------------------------------------------------


def test_vehicle_available_from() -> None:
    s = amend(tiny_scenario(), "rockets", "CZ-12", available_from=day(6))
    assert check_plan(s, tiny_manifest()).ok
    s = amend(tiny_scenario(), "rockets", "CZ-12", available_from=day(7))
    assert broken(s, tiny_manifest()) == {"vehicle_availability": {"L02"}}


def test_vehicle_grounding() -> None:
    s = extend(tiny_scenario(), groundings=[grounding("CZ-8A", day(40), day(45), "return to flight")])
    assert broken(s, tiny_manifest()) == {"vehicle_availability": {"L06"}}
    [v] = check_plan(s, tiny_manifest()).violations
    assert v.message == "L06 on 2027-02-15: CZ-8A is grounded 2027-02-10 .. 2027-02-15 (return to flight)"


# --- rule 8 ----------------------------------------------------------------------------------


def test_vehicles_from_initial_stock() -> None:
    s = amend(tiny_scenario(), "rockets", "CZ-8A", initial_stock=3)
    assert check_plan(s, tiny_manifest()).ok
    s = amend(tiny_scenario(), "rockets", "CZ-8A", initial_stock=2)
    assert broken(s, tiny_manifest()) == {"supply_chains": {"L06"}}
    [v] = check_plan(s, tiny_manifest()).violations
    assert v.message == "vehicles CZ-8A: 3 needed by 2027-02-15 (L06), 2 available"


def test_vehicles_fly_several_times() -> None:
    s = amend(tiny_scenario(), "rockets", "CZ-8A", initial_stock=2, flights_per_vehicle=2)
    assert check_plan(s, tiny_manifest()).ok


def test_factory_output_on_the_last_day_of_the_month_plus_lead_time() -> None:
    # 2 in stock, one more made on 2027-01-31: L06 on 2027-02-15 needs the third.
    s = extend(amend(tiny_scenario(), "rockets", "CZ-8A", initial_stock=2, lead_days=15),
               factories=[factory("CZ-8A", 1)])
    assert check_plan(s, tiny_manifest()).ok
    late = amend(s, "rockets", "CZ-8A", lead_days=16)
    assert broken(late, tiny_manifest()) == {"supply_chains": {"L06"}}


def test_factory_output_override_and_dates() -> None:
    def judged(line: Factory) -> dict[str, set[str]]:
        """Rule 8 on the tiny manifest, 2 CZ-8A in stock and one factory: L06 needs one made in January."""
        return broken(extend(amend(tiny_scenario(), "rockets", "CZ-8A", initial_stock=2), factories=[line]),
                      tiny_manifest())

    assert judged(factory("CZ-8A", 0, overrides=[(date(2027, 1, 10), 1)])) == {}
    assert judged(factory("CZ-8A", 1, overrides=[(date(2027, 1, 10), 0)])) == {"supply_chains": {"L06"}}
    assert judged(factory("CZ-8A", 1, start=date(2027, 1, 31))) == {}
    assert judged(factory("CZ-8A", 1, start=date(2027, 2, 1))) == {"supply_chains": {"L06"}}
    assert judged(factory("CZ-8A", 1, end=date(2027, 1, 30))) == {"supply_chains": {"L06"}}


def test_a_model_with_factories_and_no_stock_starts_from_nothing() -> None:
    s = extend(tiny_scenario(), factories=[factory("CZ-8A", 5)])
    assert broken(s, tiny_manifest()) == {"supply_chains": {"L01"}}
    [v] = check_plan(s, tiny_manifest()).violations
    assert v.message == "vehicles CZ-8A: 1 needed by 2027-01-05 (L01), 0 available; short through 2027-01-21"


def test_engines() -> None:
    # CZ-8A uses 2 YF-100 per vehicle, CZ-12 uses 1: by L06 the plan has used 3*2 + 3*1 = 9.
    s = extend(tiny_scenario(), engines=[engine("YF-100", 0, 9)],
               rocket_engines=[engines_on("CZ-8A", "YF-100", 2), engines_on("CZ-12", "YF-100", 1)])
    assert check_plan(s, tiny_manifest()).ok
    s = amend(s, "engines", "YF-100", initial_stock=8)
    assert broken(s, tiny_manifest()) == {"supply_chains": {"L06"}}
    [v] = check_plan(s, tiny_manifest()).violations
    assert v.message == "engines YF-100: 9 needed by 2027-02-15 (L06), 8 available"


def test_engine_line_output_with_lead_time() -> None:
    s = extend(tiny_scenario(), engines=[engine("YF-100", 1, 5, lead_days=15)],
               rocket_engines=[engines_on("CZ-8A", "YF-100", 2)])
    assert check_plan(s, tiny_manifest()).ok  # 5 in stock + 1 made 31 January, usable 15 February
    s = amend(s, "engines", "YF-100", lead_days=16)
    assert broken(s, tiny_manifest()) == {"supply_chains": {"L06"}}


def test_satellites_of_a_constellation() -> None:
    s = extend(tiny_scenario(), satellite_supply=[supply(START, 45), supply(day(25), 20)])
    assert check_plan(s, tiny_manifest()).ok
    late = amend_supply_lead(s, 1, 20)
    assert broken(late, tiny_manifest()) == {"supply_chains": {"L05"}}
    [v] = check_plan(late, tiny_manifest()).violations
    assert v.message == "satellites GW: 50 needed by 2027-01-31 (L05), 45 available"


def amend_supply_lead(s: Scenario, index: int, lead_days: int) -> Scenario:
    rows = list(s.satellite_supply)
    rows[index] = rows[index].model_copy(update={"lead_days": lead_days})
    return s.model_copy(update={"satellite_supply": tuple(rows)})


def test_a_shell_with_its_own_supply_draws_only_from_it() -> None:
    # GW-B has its own rows; GW-A draws from the constellation's rows (none here: unlimited).
    s = extend(tiny_scenario(), satellite_supply=[supply(START, 18, shell="GW-B")])
    assert check_plan(s, tiny_manifest()).ok
    s = extend(tiny_scenario(), satellite_supply=[supply(START, 15, shell="GW-B"), supply(START, 100)])
    assert broken(s, tiny_manifest()) == {"supply_chains": {"L05"}}


def test_a_shell_named_like_its_constellation_draws_only_from_its_own_rows() -> None:
    s = extend(shell_named_like_its_constellation(),
               satellite_supply=[supply(START, 10, shell="GW"), supply(START, 100)])
    plan = [l.model_copy(update={"shell": "GW"}) if l.shell == "GW-B" else l for l in tiny_manifest()]  # 18 to GW
    assert broken(s, plan) == {"supply_chains": {"L05"}}
    assert any(v.message.startswith("satellites shell GW: 18 needed") for v in check_plan(s, plan).violations)


def test_failed_launches_consume_supply() -> None:
    s = extend(tiny_scenario(), satellite_supply=[supply(START, 58)])
    plan = changed(tiny_manifest(), "L01", status="failed")
    assert broken(s, plan) == {"supply_chains": {"L06"}}


def test_history_counts_against_supply_too() -> None:
    s = amend(tiny_scenario(), "rockets", "CZ-8A", initial_stock=0)
    facts = [l.model_copy(update={"status": "history"}) for l in tiny_manifest()]
    assert broken(s, facts) == {"supply_chains": {"L01"}}


# --- rule 9 ----------------------------------------------------------------------------------


def test_fixed_launches() -> None:
    plan = changed(tiny_manifest(), "L01", status="frozen")
    s = extend(tiny_scenario(), fixed_launches=[plan[0]])
    assert check_plan(s, plan).ok
    moved = changed(plan, "L01", date=day(3))
    assert broken(s, moved) == {"fixed_launches": {"L01"}}
    [v] = check_plan(s, moved).violations
    assert v.message == "L01 has date 2027-01-04; fixed as date 2027-01-05"
    assert broken(s, without(plan, "L01")) == {"fixed_launches": {"L01"}}


def test_a_fixed_launch_may_since_have_flown_but_history_stays_history() -> None:
    plan = changed(tiny_manifest(), "L01", status="frozen")
    s = extend(tiny_scenario(), fixed_launches=[plan[0]])
    assert check_plan(s, changed(plan, "L01", status="history")).ok
    assert check_plan(s, changed(plan, "L01", status="failed")).ok
    flown = extend(tiny_scenario(), fixed_launches=[changed(plan, "L01", status="history")[0]])
    assert broken(flown, changed(plan, "L01", status="planned")) == {"fixed_launches": {"L01"}}


# --- rule 10 and hard milestones -------------------------------------------------------------


def test_shell_size() -> None:
    s = amend(tiny_scenario(), "shells", "GW-B", satellites=18)
    assert check_plan(s, tiny_manifest()).ok
    assert broken(s, changed(tiny_manifest(), "L05", satellites=9)) == {"shell_size": {"L05"}}


def test_failed_launches_leave_room_in_the_shell() -> None:
    s = amend(tiny_scenario(), "shells", "GW-B", satellites=10)
    assert check_plan(s, changed(tiny_manifest(), "L02", status="failed")).ok


def test_hard_milestones() -> None:
    hard = Milestone(constellation="GW", shell="GW-A", due_date=day(59), satellites_in_orbit=41, hard=True)
    s = tiny_scenario(milestones=(hard,))
    assert check_plan(s, tiny_manifest()).ok
    [v] = check_plan(s, changed(tiny_manifest(), "L06", satellites=8)).violations
    assert v.rule == "hard_milestones"
    assert v.message == "GW-A 41 by 2027-03-01: 40 in orbit by 2027-03-01, 41 required"


# --- consistency -----------------------------------------------------------------------------


def test_duplicate_launch_ids() -> None:
    assert broken(tiny_scenario(), changed(tiny_manifest(), "L02", launch_id="L01")) == {"consistency": {"L01"}}


def test_site_and_constellation_must_match_pad_and_shell() -> None:
    s = tiny_scenario()
    assert broken(s, changed(tiny_manifest(), "L01", constellation="QF")) == {"consistency": {"L01"}}
    assert broken(s, changed(tiny_manifest(), "L01", site="JQ")) == {"consistency": {"L01"}}


def test_unknown_identifiers_are_reported_and_not_judged_further() -> None:
    plan = changed(tiny_manifest(), "L01", pad="HN-1", rocket="ZQ-3")
    result = check_plan(tiny_scenario(), plan)
    assert [v.rule for v in result.violations] == ["consistency"]
    assert result.violations[0].message == "L01: unknown pad 'HN-1', rocket 'ZQ-3'"


# --- measures --------------------------------------------------------------------------------


def test_measures_of_the_tiny_manifest() -> None:
    m = measure(tiny_scenario(), tiny_manifest())
    # sum of satellites x (2027-03-31 - date + 1): 10*86 + 10*84 + 10*76 + 12*70 + 8*60 + 9*45
    assert m.satellite_days == 4185
    assert m.cost_mcny == 3 * 350 + 3 * 420
    assert m.expected_lost == pytest.approx(29 * 0.05 + 30 * 0.10)
    assert [(r.achieved, r.shortfall, r.met) for r in m.milestones] == [(41, 0, True), (59, 0, True)]
    assert m.milestone_shortfall == 0


def test_failed_launches_are_not_in_orbit_and_history_costs_nothing() -> None:
    s = tiny_scenario()
    plan = changed(changed(tiny_manifest(), "L01", status="failed"), "L04", status="history")
    assert in_orbit(s, plan, day(20), "GW") == 10 + 10 + 12
    assert in_orbit(s, plan, day(20), "GW", "GW-A") == 10 + 12
    assert in_orbit(s, plan, day(19), "GW", "GW-A") == 10
    assert satellite_days(s, plan) == 4185 - 860
    assert launch_cost(s, plan) == 2 * 350 + 2 * 420  # L01 failed and L04 flown: spent already
    assert expected_lost(s, plan) == pytest.approx(19 * 0.05 + 18 * 0.10)


def test_milestone_shortfall_is_weighted() -> None:
    plan = without(tiny_manifest(), "L03", "L04", "L06")  # GW-A: 10 by 2027-03-01; GW: 28 by 2027-03-31
    results = milestone_results(tiny_scenario(), plan)
    assert [(r.achieved, r.shortfall, r.weighted, r.met) for r in results] == [(10, 10, 20, False), (28, 12, 12, False)]
    assert measure(tiny_scenario(), plan).milestone_shortfall == 32


def test_deliveries_by_stream() -> None:
    s = extend(
        amend(tiny_scenario(), "rockets", "CZ-8A", initial_stock=1, lead_days=3),
        factories=[factory("CZ-8A", 2, "F1", overrides=[(date(2027, 2, 14), 5)]),
                   factory("CZ-8A", 1, "F2", start=date(2027, 2, 10), end=date(2027, 3, 30))],
        engines=[engine("YF-100", 3, 4, start=date(2027, 2, 1))],
        satellite_supply=[supply(day(10), 20, lead_days=5), supply(day(12), 6, shell="GW-B")],
    )
    assert deliveries(s) == {
        "vehicles CZ-8A": [(START, 1), (date(2027, 2, 3), 2), (date(2027, 3, 3), 5 + 1), (date(2027, 4, 3), 2)],
        "engines YF-100": [(START, 4), (date(2027, 2, 28), 3), (date(2027, 3, 31), 3)],
        "satellites GW": [(day(15), 20)],
        "satellites shell GW-B": [(day(12), 6)],
    }


def test_consumption_by_stream() -> None:
    s = extend(
        amend(tiny_scenario(), "rockets", "CZ-8A", initial_stock=5, flights_per_vehicle=2),
        engines=[engine("YF-100", 0, 10)],
        rocket_engines=[engines_on("CZ-8A", "YF-100", 2), engines_on("CZ-12", "YF-100", 1)],
        satellite_supply=[supply(START, 20, shell="GW-B")],
    )
    assert consumption(s, tiny_manifest()) == {
        "vehicles CZ-8A": [(day(4), 1), (day(45), 1)],
        "engines YF-100": [(day(4), 2), (day(6), 1), (day(20), 1), (day(30), 1), (day(45), 2)],
        "satellites shell GW-B": [(day(6), 10), (day(30), 8)],
    }


# --- planner check INPUT MANIFEST --------------------------------------------------------------


def write_manifest(launches: list[Launch], path: Path) -> Path:
    book = new_book()
    add_table(book, OUTPUT["Manifest"], [l.model_dump() for l in launches])
    save_atomic(book, path)
    return path


def test_run_check_clean(tmp_path: Path) -> None:
    out = io.StringIO()
    code = run_check(write_scenario(tiny_scenario(), tmp_path / "in.xlsx"),
                     write_manifest(tiny_manifest(), tmp_path / "plan.xlsx"), False, out)
    assert code == 0
    assert out.getvalue().startswith("no violations\n")
    assert "satellite-days in orbit: 4185" in out.getvalue()


def test_run_check_violations_as_json(tmp_path: Path) -> None:
    out = io.StringIO()
    code = run_check(write_scenario(tiny_scenario(), tmp_path / "in.xlsx"),
                     write_manifest(changed(tiny_manifest(), "L01", satellites=11), tmp_path / "plan.xlsx"), True, out)
    assert code == 1
    summary = json.loads(out.getvalue())
    assert summary["ok"] is False
    assert [(v["rule"], v["launch_ids"]) for v in summary["violations"]] == [("vehicle_capacity", ["L01"])]
    assert summary["measures"]["satellite_days"] == 4185 + 86


def test_run_check_unreadable_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manifest = write_manifest(tiny_manifest(), tmp_path / "plan.xlsx")
    out = io.StringIO()
    assert run_check(tmp_path / "missing.xlsx", manifest, False, out) == 2
    assert capsys.readouterr().err == "missing.xlsx: expected an existing workbook file\n"
    bad = changed(tiny_manifest(), "L01", status="done", satellites=0)
    code = run_check(write_scenario(tiny_scenario(), tmp_path / "in.xlsx"),
                     write_manifest(bad, tmp_path / "bad.xlsx"), False, out)
    assert code == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 2 and all(line.startswith("bad.xlsx: Manifest row 2") for line in lines)
    assert out.getvalue() == ""  # the report's stream holds reports only


def test_the_models_supply_streams_agree_with_the_checkers() -> None:
    from planner.domain import supply as model_supply

    s = extend(
        amend(tiny_scenario(), "rockets", "CZ-8A", initial_stock=1, lead_days=3),
        factories=[factory("CZ-8A", 2, "F1", overrides=[(date(2027, 2, 14), 5)]),
                   factory("CZ-8A", 1, "F2", start=date(2027, 2, 10), end=date(2027, 3, 30))],
        engines=[engine("YF-100", 3, 4, start=date(2027, 2, 1), lead_days=2)],
        satellite_supply=[supply(day(10), 20, lead_days=5), supply(day(12), 6, shell="GW-B")],
    )
    theirs = {
        model_supply.vehicle_stream(s, "CZ-8A").name: model_supply.vehicle_stream(s, "CZ-8A").deliveries,
        model_supply.engine_stream(s, "YF-100").name: model_supply.engine_stream(s, "YF-100").deliveries,
        **{stream.name: stream.deliveries for stream in model_supply.satellite_streams(s).values()},
    }
    assert {name: tuple(rows) for name, rows in deliveries(s).items()} == theirs
