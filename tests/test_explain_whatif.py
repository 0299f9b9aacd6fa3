"""What-if pricing: one more unit of the link that binds by construction buys the most."""

from __future__ import annotations

from datetime import date

from builders import END, day, factory, launch, supply, tiny_scenario

from planner.check.checker import check_plan
from planner.domain.entities import Milestone, Pad, PadRocket
from planner.domain.scenario import Scenario
from planner.explain.bottlenecks import bottlenecks
from planner.explain.links import Link
from planner.explain.whatif import changes, price


def one_pad(turnaround: int, **fields: object) -> Scenario:
    """Only pad WC-1 flying only CZ-8A (10 to GW-A, 8 to GW-B); GW wants 100 in orbit by the end."""
    return tiny_scenario(
        pads=(Pad(id="WC-1", site="WC", turnaround_days=turnaround),),
        pad_rockets=(PadRocket(pad="WC-1", rocket="CZ-8A"),),
        milestones=(Milestone(constellation="GW", due_date=END, satellites_in_orbit=100),),
        **fields,
    )


LINKS = [Link("pad", "WC-1"), Link("site", "WC"), Link("vehicles", "CZ-8A")]


def test_one_more_vehicle_a_month_ranks_first_when_the_factory_binds() -> None:
    s = one_pad(3, factories=(factory("CZ-8A", 1),))
    ends = [date(2027, 1, 31), date(2027, 2, 28), date(2027, 3, 31)]
    plan = [launch(f"L{i}", d, satellites=10) for i, d in enumerate(ends)]
    found = bottlenecks(s, plan)
    assert found.links() == [Link("vehicles", "CZ-8A")]
    gains, reference = price(s, plan, changes(s, found, LINKS), time_limit_s=5, jobs=2)
    assert reference.found and reference.weighted == 70
    best = gains[0]
    assert best.change.link == Link("vehicles", "CZ-8A")
    assert best.change.description == "one more CZ-8A a month from 2027-01-01"
    # two vehicles a month: the second of March's would fly after the horizon
    assert (best.milestone_satellites, best.weighted) == (20, 20)
    assert best.best_milestone.startswith("+20 GW by 2027-03-31")
    assert all(not g.gains for g in gains[1:])


def test_one_more_pad_month_ranks_first_when_turnaround_binds() -> None:
    s = one_pad(10)
    plan = [launch(f"L{i}", day(10 * i), satellites=10) for i in range(6)] + [
        launch(f"L{i}", day(10 * i), shell="GW-B", satellites=8) for i in range(6, 9)]
    assert check_plan(s, plan).ok
    found = bottlenecks(s, plan)
    assert found.links()[0] == Link("pad", "WC-1")
    gains, _ = price(s, plan, changes(s, found, LINKS), time_limit_s=5, jobs=1)
    assert gains[0].change.link == Link("pad", "WC-1")
    assert gains[0].change.description == "one more pad-month like WC-1 in 2027-01"
    assert gains[0].weighted > 0
    assert not any(g.gains for g in gains if g.change.link != Link("pad", "WC-1"))


def test_each_link_has_its_unit() -> None:
    s = one_pad(10, satellite_supply=(supply(day(0), 20), supply(day(45), 20)))
    plan = [launch("L0", day(0), satellites=10)]
    found = bottlenecks(s, plan)
    priced = {str(c.link): c for c in changes(s, found, [*LINKS, Link("satellites", "GW")])}
    assert priced["site WC"].description == "site separation at WC 1 day instead of 2 days"
    assert priced["site WC"].scenario.site["WC"].min_days_between_launches == 1
    assert priced["satellites GW"].description == "10 more GW satellites a month from 2027-01-01"
    extra = priced["satellites GW"].scenario.satellite_supply[2:]
    assert [(d.date, d.satellites) for d in extra] == [
        (date(2027, 1, 31), 10), (date(2027, 2, 28), 10), (date(2027, 3, 31), 10)]
    twin = priced["pad WC-1"].scenario
    assert twin.pad["WC-1+"].site == "WC" and twin.pad_turnaround["WC-1+"] == {"CZ-8A": 10}
    assert twin.pad_open_days("WC-1+") == list(range(31))  # January, the pad's first open month


def test_one_more_launch_of_satellites_a_month_goes_to_the_shell_whose_own_stream_binds() -> None:
    s = one_pad(10, satellite_supply=(supply(day(0), 8, shell="GW-B"), supply(day(0), 50)))
    plan = [launch("L0", day(0), shell="GW-B", satellites=8)]
    link = Link.of_stream("satellites shell GW-B")
    (change,) = changes(s, bottlenecks(s, plan), [link])
    assert change.description == "8 more GW-B satellites a month from 2027-01-01"
    extra = change.scenario.satellite_supply[2:]
    assert {(d.shell, d.constellation, d.satellites) for d in extra} == {("GW-B", "GW", 8)}


def test_one_more_launch_of_a_constellations_satellites_counts_only_the_shells_its_stream_feeds() -> None:
    s = tiny_scenario(satellite_supply=(supply(day(0), 12), supply(day(0), 40, shell="GW-B")))  # GW-B: its own
    s = s.model_copy(update={"capacities": tuple(c.model_copy(update={"max_satellites": 20})
                                                 if (c.rocket, c.shell) == ("CZ-12", "GW-B") else c
                                                 for c in s.capacities)})
    plan = [launch("L1", day(0), "WC-2", "CZ-12", "GW-A", 12)]
    (change,) = changes(s, bottlenecks(s, plan), [Link("satellites", "GW")])
    assert change.description == "12 more GW satellites a month from 2027-01-01"  # CZ-12's 12 to GW-A, not 20 to GW-B
