"""Bottlenecks: which link holds each launch a day later than it could be, per quarter, by construction."""

from __future__ import annotations

from datetime import date

from builders import (
    END,
    closure,
    day,
    engine,
    engines_on,
    extend,
    factory,
    launch,
    supply,
    tiny_scenario,
)

from planner.domain.entities import Pad, PadRocket, Rocket
from planner.domain.scenario import Scenario
from planner.explain.bottlenecks import bottleneck_rows, bottlenecks, quarters
from planner.explain.held import holds
from planner.explain.links import Link


def one_pad(turnaround: int = 10, **fields: object) -> Scenario:
    """Only pad WC-1, flying only CZ-8A with the given turnaround; nothing else limits."""
    return tiny_scenario(
        pads=(Pad(id="WC-1", site="WC", turnaround_days=turnaround),),
        pad_rockets=(PadRocket(pad="WC-1", rocket="CZ-8A"),),
        **fields,
    )


def held(s: Scenario, launches: list) -> dict[str, set[str]]:
    """launch id -> the links holding it."""
    return {h.launch.launch_id: {str(link) for link in h.links} for h in holds(s, launches)}


def test_vehicles_bind_when_the_factory_makes_one_a_month() -> None:
    s = one_pad(turnaround=3, factories=(factory("CZ-8A", 1),))
    plan = [launch(f"L{i}", d) for i, d in enumerate([date(2027, 1, 31), date(2027, 2, 28), date(2027, 3, 31)])]
    assert held(s, plan) == {"L0": {"vehicles CZ-8A"}, "L1": {"vehicles CZ-8A"}, "L2": {"vehicles CZ-8A"}}
    found = bottlenecks(s, plan)
    (q1,) = found.quarters
    top = found.binding(q1)[0]
    assert (str(top.link), top.held, top.used, top.available, top.exhausted) == ("vehicles CZ-8A", 3, 3, 3, True)
    assert found.links() == [Link("vehicles", "CZ-8A")]


def test_pad_turnaround_binds_when_launches_follow_each_other_at_turnaround() -> None:
    s = one_pad(turnaround=10)
    plan = [launch(f"L{i}", day(10 * i)) for i in range(9)]
    hs = {h.launch.launch_id: h for h in holds(s, plan)}
    assert hs["L0"].at_start and not hs["L0"].links
    assert all(hs[f"L{i}"].links == {Link("pad", "WC-1"): f"turnaround after L{i - 1}"} for i in range(1, 9))
    found = bottlenecks(s, plan)
    pad = next(u for u in found.uses if u.link == Link("pad", "WC-1"))
    assert (pad.held, pad.used, pad.available) == (8, 90, 90)
    assert pad.utilisation_pct == 100
    assert found.binding(found.quarters[0])[0].link == Link("pad", "WC-1")


def test_a_closure_holds_the_launch_right_after_it() -> None:
    s = extend(one_pad(), closures=[closure(day(5), day(9), pad="WC-1", reason="typhoon")])
    (h,) = holds(s, [launch("L1", day(10))])
    assert h.links == {Link("pad", "WC-1"): f"closed {day(5)} .. {day(9)} (typhoon)"}


def test_site_separation_holds_a_launch_from_the_other_pad() -> None:
    s = tiny_scenario()  # WC launches at least 2 days apart
    plan = [launch("A", day(3), "WC-1", "CZ-12"), launch("B", day(5), "WC-2", "CZ-12")]
    assert held(s, plan)["B"] == {"site WC"}


def test_a_model_not_yet_available_holds_its_first_launch() -> None:
    s = one_pad(rockets=(Rocket(id="CZ-8A", available_from=day(20)), Rocket(id="CZ-12")))
    assert held(s, [launch("L1", day(20))]) == {"L1": {"availability CZ-8A"}}


def test_engines_and_satellites_hold_launches_when_they_run_out() -> None:
    s = extend(one_pad(turnaround=3), engines=[engine("YF-100", 20, 10)],
               rocket_engines=[engines_on("CZ-8A", "YF-100", 10)],
               satellite_supply=[supply(day(0), 15), supply(day(40), 10)])
    plan = [launch("L1", day(0), satellites=10), launch("L2", day(30), satellites=5),
            launch("L3", day(40), satellites=5)]
    found = held(s, plan)
    assert found["L2"] == {"engines YF-100"}  # the second vehicle's engines come on 2027-01-31
    assert found["L3"] == {"satellites GW"}


def test_a_launch_that_could_be_earlier_is_free() -> None:
    (h,) = holds(one_pad(), [launch("L1", day(30))])
    assert h.free


def test_fixed_launches_are_not_judged() -> None:
    fixed = launch("F1", day(10), status="frozen")
    s = one_pad(fixed_launches=(fixed,))
    assert held(s, [fixed, launch("L1", day(20))]) == {"L1": {"pad WC-1"}}


def test_quarters_are_clipped_to_the_horizon() -> None:
    s = tiny_scenario()
    s = s.model_copy(update={"settings": s.settings.model_copy(update={"horizon_start": date(2027, 2, 15),
                                                                          "horizon_end": date(2027, 7, 10)})})
    assert [(q.label, q.first, q.last) for q in quarters(s)] == [
        ("2027-Q1", date(2027, 2, 15), date(2027, 3, 31)),
        ("2027-Q2", date(2027, 4, 1), date(2027, 6, 30)),
        ("2027-Q3", date(2027, 7, 1), date(2027, 7, 10)),
    ]


def test_rows_name_every_link_with_its_unit() -> None:
    s = one_pad(turnaround=3, factories=(factory("CZ-8A", 1),))
    rows = bottleneck_rows(s, [launch("L1", date(2027, 1, 31))])
    by_link = {r["link"]: r for r in rows}
    assert set(by_link) == {"pad WC-1", "site WC", "vehicles CZ-8A"}
    assert by_link["vehicles CZ-8A"] == {
        "quarter": "2027-Q1", "link": "vehicles CZ-8A", "kind": "vehicles", "unit": "vehicles", "used": 1,
        "available": 3, "utilisation_pct": 100 / 3, "binds": True, "launches_held": 1,
        "note": "short 1, stock 0 on 2027-01-31",
    }
    assert by_link["pad WC-1"]["binds"] is False
    assert by_link["pad WC-1"]["available"] == (END - s.settings.horizon_start).days + 1


def test_a_model_available_from_a_quarters_first_day_binds_in_that_quarter() -> None:
    s = one_pad(settings=tiny_scenario().settings.model_copy(update={"horizon_end": date(2027, 6, 30)}))
    s = s.model_copy(update={"rockets": tuple(r.model_copy(update={"available_from": date(2027, 4, 1)})
                                              if r.id == "CZ-8A" else r for r in s.rockets)})
    plan = [launch("L1", date(2027, 4, 1)), launch("L2", date(2027, 5, 20))]
    assert held(s, plan) == {"L1": {"availability CZ-8A"}, "L2": set()}
    found = bottlenecks(s, plan)
    q2 = found.quarters[1]
    assert [(str(u.link), u.held) for u in found.binding(q2)] == [("availability CZ-8A", 1)]
    assert found.links() == [Link("availability", "CZ-8A")]
