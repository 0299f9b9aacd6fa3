"""The parts of re-planning on their own: events on the scenario, the freeze, and launch identity."""

from __future__ import annotations

from datetime import date

from builders import day, factory, launch, tiny_scenario, with_settings

from planner.check.measures import deliveries
from planner.domain.entities import Event
from planner.manifest.extract import NewIds
from planner.model.stability import Anchor
from planner.replan.events import apply_events, check_events, slip_factory
from planner.replan.freeze import split
from planner.replan.identify import identify


def test_a_factory_slip_moves_each_month_from_its_date_to_the_month_it_then_ends_in():
    s = tiny_scenario(factories=(factory("CZ-12", 2, overrides=[(date(2027, 2, 1), 5)]),))
    slipped = s.model_copy(update={"factories": (slip_factory(s, s.factories[0], date(2027, 2, 1), 20),)})
    assert deliveries(slipped)["vehicles CZ-12"] == [(date(2027, 1, 31), 2), (date(2027, 3, 31), 5)]


def test_a_failure_grounds_its_model_for_the_return_to_flight_days():
    s = tiny_scenario(rockets=tuple(r.model_copy(update={"return_to_flight_days": 20})
                                    for r in tiny_scenario().rockets))
    applied = apply_events(s, (launch("L1", day(4)),), (Event(event="launch_failed", launch_id="L1", satellites=6),))
    assert applied.launches[0].status == "failed" and applied.launches[0].satellites == 6
    (g,) = applied.scenario.groundings
    assert (g.rocket, g.start, g.end) == ("CZ-8A", day(4), day(24))


def test_a_site_closure_closes_every_pad_of_the_site():
    applied = apply_events(tiny_scenario(), (), (Event(event="pad_unavailable", site="WC", from_=day(3)),))
    (c,) = applied.scenario.closures
    assert (c.site, c.pad, c.start, c.end) == ("WC", None, day(3), applied.scenario.settings.horizon_end)


def test_the_freeze_pins_its_launches_and_leaves_the_rest_movable():
    s = with_settings(tiny_scenario(), freeze_days=7)
    launches = (launch("A", day(2)), launch("B", day(12)), launch("C", day(30)))
    parts = split(apply_events(s, launches, ()), set(), day(10))
    assert [(l.launch_id, l.status) for l in parts.fixed] == [("A", "history"), ("B", "frozen")]
    assert [a.launch.launch_id for a in parts.anchors] == ["C"]
    assert parts.plan_from == day(17)


def test_kept_launches_keep_their_ids_and_new_ones_skip_every_old_id():
    anchors = (Anchor(launch("GW-0001", day(10))), Anchor(launch("GW-0002", day(40))))
    planned = [launch("x", day(12)), launch("y", day(30), "WC-2", "CZ-12"), launch("z", day(41))]
    kept = identify(planned, anchors, {"GW-0003"})
    assert [(l.launch_id, l.date) for l in kept.launches] == [("GW-0001", day(12)), ("GW-0004", day(30)),
                                                               ("GW-0002", day(41))]
    assert (kept.moved, kept.reassigned, kept.dropped, kept.new, kept.changes) == (2, 0, 0, 1, 3)


def test_a_launch_kept_elsewhere_counts_as_a_reassignment():
    anchors = (Anchor(launch("L1", day(10))),)
    kept = identify([launch("x", day(11), "WC-2", "CZ-12")], anchors, set())
    assert [l.launch_id for l in kept.launches] == ["L1"]
    assert (kept.moved, kept.reassigned, kept.dropped, kept.new, kept.changes) == (0, 1, 0, 0, 1)


def test_a_launch_kept_as_it_was_is_no_change_and_one_carrying_other_satellites_is_one():
    anchors = (Anchor(launch("L1", day(10))), Anchor(launch("L2", day(30))))
    same = identify([launch("x", day(10)), launch("y", day(30), satellites=6)], anchors, set())
    assert [l.launch_id for l in same.launches] == ["L1", "L2"]
    assert (same.moved, same.reassigned, same.dropped, same.new) == (0, 1, 0, 0)


def test_a_slipped_launch_is_not_kept_before_its_date():
    anchors = (Anchor(launch("L1", day(20)), not_before=day(20)),)
    kept = identify([launch("x", day(15)), launch("y", day(35))], anchors, set())
    assert {l.launch_id: l.date for l in kept.launches}["L1"] == day(35)


def test_new_ids_take_the_lowest_free_number_of_each_constellation_and_record_it():
    taken = {"GW-0001", "GW-0003", "QF-0001"}
    new_id = NewIds(taken)
    assert [new_id("GW"), new_id("GW"), new_id("QF"), new_id("GW")] == ["GW-0002", "GW-0004", "QF-0002", "GW-0005"]
    taken.add("GW-0006")  # taken elsewhere in the meantime
    assert new_id("GW") == "GW-0007" and {"GW-0002", "GW-0007", "QF-0002"} <= taken


def test_an_event_error_shows_a_date_as_the_workbook_does():
    grounded = Event(event="rocket_grounded", rocket="CZ-8A", from_=day(9), to=day(5))
    (error,) = check_events((grounded,), tiny_scenario(), {})
    assert str(error) == f"Events, column to: found '{day(5)}'; expected a date on or after from ({day(9)})"
