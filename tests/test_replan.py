"""Re-planning: as_of and the freeze, each event kind, stability, ids, changes, determinism and the command.

The scenario is the tiny one cut to 40 days with satellite supply, so that each re-plan is
solved in about a second. The baseline flies eight launches of 10 satellites, two pads taking
turns. Every re-plan must pass the independent checker.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from builders import START, amend, day, extend, factory, launch, supply, tiny_scenario
from click.testing import CliRunner
from openpyxl import load_workbook

from planner.app.outcome import Outcome
from planner.app.replan import replan_workbook
from planner.cli import main
from planner.domain.entities import Event, Launch, Milestone, Settings, Weights
from planner.domain.errors import InputErrors
from planner.domain.scenario import Scenario
from planner.report.tables import manifest_rows
from planner.workbook.export import write_scenario
from planner.workbook.schema import INPUT, OUTPUT
from planner.workbook.writer import add_table, new_book, save_atomic


def scenario(**settings: object) -> Scenario:
    """Tiny scenario over 40 days; 20 GW satellites every 10 days; a 5-day freeze."""
    s = tiny_scenario(
        settings=Settings(horizon_start=START, horizon_end=day(39), time_limit_s=20, workers=1,
                          freeze_days=5, **settings),
        milestones=(Milestone(constellation="GW", due_date=day(39), satellites_in_orbit=60),),
    )
    return extend(s, satellite_supply=[supply(day(d), 20) for d in (0, 10, 20, 30)])


def baseline() -> list[Launch]:
    return [
        launch("B1", day(1), "WC-1", "CZ-8A", "GW-A", 10),
        launch("B2", day(3), "WC-2", "CZ-12", "GW-A", 10),
        launch("B3", day(12), "WC-1", "CZ-8A", "GW-A", 10),
        launch("B4", day(14), "WC-2", "CZ-12", "GW-B", 10),
        launch("B5", day(22), "WC-1", "CZ-12", "GW-A", 10),
        launch("B6", day(24), "WC-2", "CZ-12", "GW-B", 10),
        launch("B7", day(32), "WC-1", "CZ-8A", "GW-A", 10),
        launch("B8", day(34), "WC-2", "CZ-12", "GW-A", 10),
    ]


def write_baseline(s: Scenario, launches: list[Launch], path: Path) -> Path:
    book = new_book()
    add_table(book, OUTPUT["Manifest"], manifest_rows(s, launches))
    save_atomic(book, path)
    return path


def write_events(events: list[dict[str, object]], path: Path) -> Path:
    book = new_book()
    add_table(book, INPUT["Events"], events)
    save_atomic(book, path)
    return path


def replan(tmp_path: Path, s: Scenario, as_of: date, *events: Event, name: str = "out") -> Outcome:
    """Re-plan the baseline in `s` with `events` on its Events sheet; the plan must pass the checker."""
    write_scenario(s.model_copy(update={"events": events}), tmp_path / "in.xlsx")
    base = write_baseline(s, baseline(), tmp_path / "base.xlsx")
    outcome = replan_workbook(tmp_path / "in.xlsx", base, as_of=as_of, output=tmp_path / f"{name}.xlsx")
    assert outcome.exit_code == 0, outcome.reasons
    assert outcome.check.ok, [str(v) for v in outcome.check.violations]
    return outcome


def by_id(outcome: Outcome) -> dict[str, Launch]:
    return {l.launch_id: l for l in outcome.plan.launches}


def change(outcome: Outcome, launch_id: str) -> dict[str, object]:
    return next(c for c in outcome.changes if c["launch_id"] == launch_id)


# --- as_of and the freeze ---------------------------------------------------------------------


def test_launches_before_as_of_are_history_and_the_freeze_holds(tmp_path):
    out = replan(tmp_path, scenario(), day(10))
    plan = by_id(out)
    assert [plan[i].status for i in ("B1", "B2")] == ["history", "history"]
    assert [(plan[i].status, plan[i].date) for i in ("B3", "B4")] == [("frozen", day(12)), ("frozen", day(14))]
    assert not [l for l in out.plan.launches if l.status == "planned" and l.date < day(15)]
    assert change(out, "B1")["change"] == "history"
    assert "taken as flown" in change(out, "B1")["reason"]
    assert change(out, "B3")["change"] == "frozen"


def test_a_replan_without_events_changes_nothing_whatever_the_stability_weight(tmp_path):
    out = replan(tmp_path, scenario(weights=Weights(stability=0)), day(10))
    plan = by_id(out)
    assert {"B5", "B6", "B7", "B8"} <= set(plan)
    assert [c["change"] for c in out.changes if c["launch_id"] in ("B5", "B6", "B7", "B8")] == []
    assert out.plan.report.levels.stability == 0


# --- one test per event kind --------------------------------------------------------------------


def test_launch_done_becomes_history_with_its_date_and_satellites(tmp_path):
    done = Event(event="launch_done", launch_id="B3", date=day(11), satellites=9)
    out = replan(tmp_path, scenario(), day(12), done)
    b3 = by_id(out)["B3"]
    assert (b3.status, b3.date, b3.satellites) == ("history", day(11), 9)
    row = change(out, "B3")
    assert row["change"] == "moved, satellites, history"
    assert "launch_done B3" in row["reason"]


def test_launch_done_beyond_the_satellites_supplied_names_its_events_row(tmp_path):
    s = scenario()
    done = Event(event="launch_done", launch_id="B5", date=day(9), satellites=17)  # 20 supplied by then, 20 flown
    write_scenario(s.model_copy(update={"events": (done,)}), tmp_path / "in.xlsx")
    write_baseline(s, baseline(), tmp_path / "base.xlsx")
    out = replan_workbook(tmp_path / "in.xlsx", tmp_path / "base.xlsx", as_of=day(10), output=tmp_path / "out.xlsx")
    assert out.exit_code == 1 and not (tmp_path / "out.xlsx").exists()
    (reason,) = out.reasons
    assert "(B5)" in reason and reason.endswith("(Manifest rows 2-3; Events row 2; SatelliteSupply rows 2-5)")


def test_launch_failed_loses_its_satellites_and_grounds_the_model(tmp_path):
    s = amend(scenario(), "rockets", "CZ-8A", return_to_flight_days=20)
    failed = Event(event="launch_failed", launch_id="B1")
    out = replan(tmp_path, s, day(2), failed)
    plan = by_id(out)
    assert plan["B1"].status == "failed"
    assert not [l for l in out.plan.launches if l.rocket == "CZ-8A" and l.status != "failed"
                and day(1) <= l.date <= day(21)]
    assert plan["B2"].status == "frozen"
    assert "launch_failed B1" in change(out, "B3")["reason"]
    assert sum(r.achieved for r in out.check.measures.milestones) <= 70  # B1's 10 satellites are lost


def test_a_rocket_grounded_row_replaces_the_return_to_flight(tmp_path):
    s = amend(scenario(), "rockets", "CZ-8A", return_to_flight_days=30)
    failed = Event(event="launch_failed", launch_id="B1")
    short = Event(event="rocket_grounded", rocket="CZ-8A", from_=day(1), to=day(5))
    out = replan(tmp_path, s, day(2), failed, short)
    cz8a = [l for l in out.plan.launches if l.rocket == "CZ-8A" and l.status != "failed"]
    assert all(not day(1) <= l.date <= day(5) for l in cz8a)
    assert any(day(5) < l.date <= day(31) for l in cz8a)  # flies again before the 30 days are over


def test_launch_slip_holds_the_launch_to_its_new_date_and_keeps_its_id(tmp_path):
    slip = Event(event="launch_slip", launch_id="B5", date=day(28))
    out = replan(tmp_path, scenario(), day(10), slip)
    assert by_id(out)["B5"].date >= day(28)
    row = change(out, "B5")
    assert row["change"].startswith("moved")
    assert "launch_slip B5 to 2027-01-29" in row["reason"]


def test_rocket_grounded_moves_the_launches_of_that_model(tmp_path):
    grounded = Event(event="rocket_grounded", rocket="CZ-12", from_=day(20), to=day(27), note="valve inspection")
    out = replan(tmp_path, scenario(), day(10), grounded)
    assert not [l for l in out.plan.launches if l.rocket == "CZ-12" and day(20) <= l.date <= day(27)]
    assert "rocket_grounded CZ-12" in change(out, "B6")["reason"]
    assert "valve inspection" in change(out, "B6")["reason"]


def test_pad_unavailable_closes_the_pad(tmp_path):
    closed = Event(event="pad_unavailable", pad="WC-1", from_=day(20), to=day(26))
    out = replan(tmp_path, scenario(), day(10), closed)
    assert not [l for l in out.plan.launches if l.pad == "WC-1" and day(20) <= l.date <= day(26)]
    assert "pad_unavailable WC-1" in change(out, "B5")["reason"]


def test_pad_unavailable_on_a_site_closes_every_pad(tmp_path):
    closed = Event(event="pad_unavailable", site="WC", from_=day(30), to=day(39))
    out = replan(tmp_path, scenario(), day(10), closed)
    assert not [l for l in out.plan.launches if l.date >= day(30)]
    assert "pad_unavailable WC" in change(out, "B8")["reason"]


def test_factory_slip_delays_the_vehicles(tmp_path):
    s = amend(extend(scenario(), factories=[factory("CZ-12", 3)]), "rockets", "CZ-12", initial_stock=4)
    slip = Event(event="factory_slip", factory="CZ-12 factory", from_=day(0), days=15)
    out = replan(tmp_path, s, day(10), slip)
    assert len([l for l in out.plan.launches if l.rocket == "CZ-12"]) <= 4  # January's output now comes in February
    given_way = [c for c in out.changes if c["launch_id"] in ("B5", "B6", "B8")]
    assert given_way
    for row in given_way:
        assert "factory_slip CZ-12 factory 15 days from 2027-01-01" in row["reason"]
        assert "vehicles CZ-12 short from 2027-02-04" in row["reason"]


def test_satellite_slip_delays_the_supply(tmp_path):
    slip = Event(event="satellite_slip", constellation="GW", from_=day(25), days=8)
    out = replan(tmp_path, scenario(), day(10), slip)
    assert sum(l.satellites for l in out.plan.launches if l.date < day(38)) <= 60
    assert "satellite_slip GW 8 days" in change(out, "B7")["reason"]


def test_a_replan_says_how_few_short_any_replan_can_be(tmp_path):
    """Supply from day 20 slips past the horizon: 40 satellites can fly by the due date, of the 60
    due, so no re-plan is under 20 short, and the relaxation beside the search proves it."""
    slip = Event(event="satellite_slip", constellation="GW", from_=day(20), days=30)
    out = replan(tmp_path, scenario(), day(10), slip)
    r = out.plan.report
    assert r.levels.milestone_shortfall == 20 and r.shortfall_bound == 20
    assert r.best_bound is not None and r.best_bound <= r.objective


# --- freeze, ids, determinism ---------------------------------------------------------------------


def test_a_frozen_launch_an_event_makes_impossible_moves_and_is_flagged(tmp_path):
    closed = Event(event="pad_unavailable", pad="WC-1", from_=day(11), to=day(13))
    out = replan(tmp_path, scenario(), day(10), closed)
    row = change(out, "B3")
    assert row["change"].startswith("unfrozen")
    assert "frozen, but made impossible" in row["reason"]
    assert by_id(out)["B4"].status == "frozen"
    moved = by_id(out).get("B3")
    assert moved is None or (moved.status == "planned" and moved.date >= day(15))


def test_a_frozen_launch_an_event_makes_impossible_and_that_is_dropped_is_flagged_too(tmp_path):
    closed = Event(event="pad_unavailable", pad="WC-1", from_=day(11))  # WC-1 never opens again
    out = replan(tmp_path, scenario(), day(10), closed)
    assert "B3" not in by_id(out)
    assert change(out, "B3")["change"] == "unfrozen, dropped"


def test_a_launch_frozen_before_and_after_the_freeze_now_says_why_it_may_move(tmp_path):
    s = scenario(weights=Weights(stability=100_000))
    write_scenario(s, tmp_path / "in.xlsx")
    frozen = [l.model_copy(update={"status": "frozen"}) if l.launch_id == "B5" else l for l in baseline()]
    write_baseline(s, frozen, tmp_path / "base.xlsx")
    out = replan_workbook(tmp_path / "in.xlsx", tmp_path / "base.xlsx", as_of=day(10), output=tmp_path / "out.xlsx")
    assert out.exit_code == 0 and out.check.ok
    row = change(out, "B5")
    assert row["change"] == "planned" and row["reason"] == "frozen before, movable now that it lies after the freeze"


def test_new_launches_get_ids_that_never_collide_with_the_baseline(tmp_path):
    s = amend(scenario(), "rockets", "CZ-8A", return_to_flight_days=20)
    s = extend(s.model_copy(update={"milestones": (Milestone(constellation="GW", due_date=day(39),
                                                             satellites_in_orbit=80),)}),
               satellite_supply=[supply(day(10), 30)])
    base = [l.model_copy(update={"launch_id": f"GW-{n:04d}"}) for n, l in enumerate(baseline(), start=1)]
    failed = Event(event="launch_failed", launch_id="GW-0003", date=day(12))  # its satellites are won back
    write_scenario(s.model_copy(update={"events": (failed,)}), tmp_path / "in.xlsx")
    write_baseline(s, base, tmp_path / "base.xlsx")
    out = replan_workbook(tmp_path / "in.xlsx", tmp_path / "base.xlsx", as_of=day(13), output=tmp_path / "out.xlsx")
    assert out.exit_code == 0 and out.check.ok
    new = [c["launch_id"] for c in out.changes if c["change"] == "new"]
    assert new and not set(new) & {l.launch_id for l in base}
    assert len({l.launch_id for l in out.plan.launches}) == len(out.plan.launches)


def manifest_cells(path: Path) -> list[tuple[object, ...]]:
    book = load_workbook(path, read_only=True)
    try:
        return list(book["Manifest"].iter_rows(values_only=True))
    finally:
        book.close()


def test_the_same_inputs_give_the_same_manifest(tmp_path):
    failed = Event(event="launch_failed", launch_id="B3", date=day(12))
    s = amend(scenario(), "rockets", "CZ-8A", return_to_flight_days=15)
    first = replan(tmp_path, s, day(13), failed, name="first")
    second = replan(tmp_path, s, day(13), failed, name="second")
    assert manifest_cells(tmp_path / "first.xlsx") == manifest_cells(tmp_path / "second.xlsx")
    assert first.changes == second.changes


def test_the_manifest_holds_a_changes_sheet_and_reads_back_as_a_baseline(tmp_path):
    slip = Event(event="launch_slip", launch_id="B5", date=day(28))
    replan(tmp_path, scenario(), day(10), slip)
    book = load_workbook(tmp_path / "out.xlsx", read_only=True)
    try:
        rows = list(book["Changes"].iter_rows(values_only=True))
        summary = {r[0]: r[1] for r in book["Summary"].iter_rows(min_row=2, values_only=True)}
    finally:
        book.close()
    assert rows[0] == ("launch_id", "change", "counts", "old_value", "new_value", "reason")
    assert summary["changes against the baseline (moved, re-assigned, dropped, new)"] == \
        sum(1 for row in rows[1:] if row[2] == "yes")
    timeline = load_workbook(tmp_path / "out.xlsx")["Timeline"]
    pads = [row for row in timeline.iter_rows(min_row=2) if row[0].value]  # the legend below has no site
    flown = [c for row in pads for c in row[2:] if c.value and c.font.i]
    assert flown  # the launches before as_of are history, marked on the Timeline
    again = replan_workbook(tmp_path / "in.xlsx", tmp_path / "out.xlsx", as_of=day(10),
                            output=tmp_path / "again.xlsx")
    assert again.exit_code == 0 and again.check.ok


# --- input errors and the command line ---------------------------------------------------------


def test_an_event_missing_a_column_its_kind_needs_is_an_input_error(tmp_path):
    s = scenario()
    write_scenario(s, tmp_path / "in.xlsx")
    write_baseline(s, baseline(), tmp_path / "base.xlsx")
    events = write_events([{"event": "launch_slip", "launch_id": "B5"}, {"event": "launch_done", "launch_id": "X9"}],
                          tmp_path / "events.xlsx")
    with pytest.raises(InputErrors) as caught:
        replan_workbook(tmp_path / "in.xlsx", tmp_path / "base.xlsx", events, day(10), tmp_path / "out.xlsx")
    shown = [str(e) for e in caught.value.errors]
    assert "events.xlsx: Events row 2, column date: expected a value: launch_slip needs it" in shown
    assert any(e.startswith("events.xlsx: Events row 3, column launch_id") and "X9" in e for e in shown)
    assert not (tmp_path / "out.xlsx").exists()


def test_the_reasons_name_the_events_workbook_an_event_comes_from(tmp_path):
    s = scenario()
    write_scenario(s, tmp_path / "in.xlsx")
    write_baseline(s, baseline(), tmp_path / "base.xlsx")
    events = write_events([{"event": "launch_slip", "launch_id": "B5", "date": day(28)}], tmp_path / "events.xlsx")
    out = replan_workbook(tmp_path / "in.xlsx", tmp_path / "base.xlsx", events, day(10), tmp_path / "out.xlsx")
    assert out.exit_code == 0
    assert change(out, "B5")["reason"].endswith("events.xlsx: Events row 2")


def test_an_as_of_outside_the_horizon_is_an_input_error(tmp_path):
    s = scenario()
    write_scenario(s, tmp_path / "in.xlsx")
    write_baseline(s, baseline(), tmp_path / "base.xlsx")
    with pytest.raises(InputErrors) as caught:
        replan_workbook(tmp_path / "in.xlsx", tmp_path / "base.xlsx", as_of=day(90), output=tmp_path / "out.xlsx")
    assert "--as-of" in str(caught.value)


def test_today_as_the_default_as_of_must_lie_in_the_horizon_too(tmp_path, monkeypatch):
    class Today(date):
        @classmethod
        def today(cls) -> date:
            return day(90)  # after the scenario's 40 days

    monkeypatch.setattr("planner.app.replan.date", Today)
    s = scenario()
    write_scenario(s, tmp_path / "in.xlsx")
    write_baseline(s, baseline(), tmp_path / "base.xlsx")
    with pytest.raises(InputErrors) as caught:
        replan_workbook(tmp_path / "in.xlsx", tmp_path / "base.xlsx", output=tmp_path / "out.xlsx")
    assert f"--as-of (none given, so today): found '{day(90)}'" in str(caught.value)
    assert not (tmp_path / "out.xlsx").exists()


def run_cli(*args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stderr.splitlines()


def test_the_command_writes_the_manifest_and_ends_with_one_log_line(tmp_path):
    s = scenario()
    write_scenario(s, tmp_path / "in.xlsx")
    write_baseline(s, baseline(), tmp_path / "base.xlsx")
    events = write_events([{"event": "launch_slip", "launch_id": "B5", "date": day(28)}], tmp_path / "events.xlsx")
    code, err = run_cli("replan", str(tmp_path / "in.xlsx"), "--baseline", str(tmp_path / "base.xlsx"),
                        "--events", str(events), "--as-of", "2027-01-11", "-o", str(tmp_path / "out.xlsx"),
                        "--gap-limit", "0.5")
    assert code == 0, err
    sheet = load_workbook(tmp_path / "out.xlsx", read_only=True)["Summary"]
    summary = {r[0]: r[1] for r in sheet.iter_rows(values_only=True)}
    assert summary["setting gap_limit_pct"] == 0.5
    log = err[-1]
    for part in (f"input={tmp_path / 'in.xlsx'}", f"baseline={tmp_path / 'base.xlsx'}", "as_of=2027-01-11",
                 "exit=0", f"output={tmp_path / 'out.xlsx'}"):
        assert part in log
    assert "status=" in log and "changes=" in log


def test_the_command_caps_the_changes_and_gives_the_tradeoff_in_json(tmp_path):
    s = amend(scenario(), "rockets", "CZ-8A", return_to_flight_days=20)
    write_scenario(s, tmp_path / "in.xlsx")
    write_baseline(s, baseline(), tmp_path / "base.xlsx")
    events = write_events([{"event": "launch_failed", "launch_id": "B1"}], tmp_path / "events.xlsx")
    args = ["replan", str(tmp_path / "in.xlsx"), "--baseline", str(tmp_path / "base.xlsx"), "--events", str(events),
            "--as-of", "2027-01-03", "--json"]
    free = json.loads(CliRunner().invoke(main, [*args, "-o", str(tmp_path / "free.xlsx")]).stdout)
    points = free["tradeoff"]
    assert points[0]["how"] == "kept baseline" and sum(p["chosen"] for p in points) == 1
    assert [p["changes"] for p in points] == sorted(p["changes"] for p in points)
    chosen = next(p for p in points if p["chosen"])
    cap = points[0]["changes"]
    capped = json.loads(CliRunner().invoke(main, [*args, "--max-changes", str(cap),
                                                  "-o", str(tmp_path / "capped.xlsx")]).stdout)
    assert next(p for p in capped["tradeoff"] if p["chosen"])["changes"] <= cap <= chosen["changes"]
    assert capped["check"]["ok"]
    assert "Trade-off" in load_workbook(tmp_path / "capped.xlsx", read_only=True).sheetnames


def test_the_command_never_overwrites_the_baseline(tmp_path):
    s = scenario()
    write_scenario(s, tmp_path / "in.xlsx")
    base = write_baseline(s, baseline(), tmp_path / "base.xlsx")
    before = base.read_bytes()
    code, err = run_cli("replan", str(tmp_path / "in.xlsx"), "--baseline", str(base), "--as-of", "2027-01-11",
                        "-o", str(base))
    assert code == 2
    assert base.read_bytes() == before
    assert "exit=2" in err[-1] and "status=INVALID_INPUT" in err[-1]


def test_the_check_command_checks_a_replan_against_the_input_after_its_events(tmp_path):
    s = scenario()
    contracted = launch("C1", day(12), "WC-1", "CZ-8A", "GW-A", 10, status="planned")
    s = s.model_copy(update={"fixed_launches": (contracted,)})
    write_scenario(s.model_copy(update={"events": (Event(event="launch_done", launch_id="C1", date=day(13)),)}),
                   tmp_path / "in.xlsx")
    write_baseline(s, [contracted, launch("B7", day(32), "WC-1", "CZ-8A", "GW-A", 10)], tmp_path / "base.xlsx")
    out = replan_workbook(tmp_path / "in.xlsx", tmp_path / "base.xlsx", as_of=day(20), output=tmp_path / "out.xlsx")
    assert out.exit_code == 0 and by_id(out)["C1"].date == day(13)
    replanned = ("--baseline", str(tmp_path / "base.xlsx"), "--as-of", "2027-01-21")
    assert run_cli("check", str(tmp_path / "in.xlsx"), str(tmp_path / "out.xlsx"))[0] == 1  # C1 moved, says INPUT
    assert run_cli("check", str(tmp_path / "in.xlsx"), str(tmp_path / "out.xlsx"), *replanned)[0] == 0
    assert any(l.rocket == "CZ-8A" and l.date >= day(25) for l in out.plan.launches)
    grounded = write_events([{"event": "launch_done", "launch_id": "C1", "date": day(13)},
                             {"event": "rocket_grounded", "rocket": "CZ-8A", "from": day(25)}], tmp_path / "ev.xlsx")
    result = CliRunner().invoke(main, ["check", str(tmp_path / "in.xlsx"), str(tmp_path / "out.xlsx"), *replanned,
                                       "--events", str(grounded)])
    assert result.exit_code == 1 and "rule 7, vehicle availability" in result.stdout
    assert "rule 9" not in result.stdout


def test_a_replan_and_its_check_hold_new_launches_out_of_the_freeze(tmp_path):
    out = replan(tmp_path, scenario(), day(10))
    assert out.check.ok and not [v for v in out.check.violations if v.rule == "replan_freeze"]
    s = scenario()
    inside = launch("N1", day(12), "WC-2", "CZ-12", "GW-A", 10)  # as of day 10 the freeze holds until day 15
    forced = [l for l in out.plan.launches if not (l.pad == "WC-2" and day(8) <= l.date <= day(17))] + [inside]
    write_baseline(s, forced, tmp_path / "forced.xlsx")
    result = CliRunner().invoke(main, ["check", str(tmp_path / "in.xlsx"), str(tmp_path / "forced.xlsx"),
                                       "--baseline", str(tmp_path / "base.xlsx"), "--as-of", str(day(10))])
    assert result.exit_code == 1 and "re-plan freeze: N1 is new on 2027-01-13" in result.stdout


def test_the_check_command_wants_a_baseline_with_events_or_as_of(tmp_path):
    s = scenario()
    write_scenario(s, tmp_path / "in.xlsx")
    write_baseline(s, baseline(), tmp_path / "base.xlsx")
    assert run_cli("check", str(tmp_path / "in.xlsx"), str(tmp_path / "base.xlsx"), "--as-of", "2027-01-11")[0] == 2


def test_a_change_that_recovers_a_milestone_says_so(tmp_path):
    s = scenario()
    s = s.model_copy(update={"milestones": (*s.milestones, Milestone(constellation="GW", shell="GW-A", due_date=day(20),
                                                                     satellites_in_orbit=30, label="GW-A 30"))})
    failed = Event(event="launch_failed", launch_id="B1")
    out = replan(tmp_path, s, day(2), failed)
    assert any("towards GW-A 30" in c["reason"] for c in out.changes)
