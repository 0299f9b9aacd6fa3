"""Each rule module of the model on its own, on the tiny scenario's slots with the launches forced
onto them: feasible where the rule holds, infeasible where it does not."""

from __future__ import annotations

from builders import START, amend, day, extend, factory, launch, supply, tiny_scenario
from rule_verdicts import model_allows

from planner.domain.entities import Milestone, Pad, PadRocket, Site
from planner.model.rules import (
    hard_milestones,
    launch_campaign,
    pad_turnaround,
    shell_size,
    site_separation,
    supply_chains,
)


def test_pad_turnaround_alone() -> None:
    s = tiny_scenario()  # CZ-8A turns WC-1 around in 10 days
    first = launch("A", day(4), "WC-1", "CZ-8A")
    assert model_allows(s, [first, launch("B", day(14), "WC-1", "CZ-12")], [pad_turnaround])
    assert not model_allows(s, [first, launch("B", day(13), "WC-1", "CZ-12")], [pad_turnaround])
    assert model_allows(s, [launch("A", day(4), "WC-1", "CZ-12"), launch("B", day(11), "WC-1", "CZ-8A")],
                        [pad_turnaround])  # CZ-12 turns it around in the pad's 7


def test_site_separation_alone() -> None:
    s = tiny_scenario()  # site WC: two days between launches, whichever pad
    first = launch("A", day(4), "WC-1", "CZ-8A")
    assert model_allows(s, [first, launch("B", day(6), "WC-2", "CZ-12")], [site_separation])
    assert not model_allows(s, [first, launch("B", day(5), "WC-2", "CZ-12")], [site_separation])
    assert model_allows(s, [first, launch("B", day(5), "WC-2", "CZ-12")], [pad_turnaround])  # it is rule 4's


def test_supply_chains_alone() -> None:
    s = extend(amend(tiny_scenario(), "rockets", "CZ-8A", initial_stock=1), factories=[factory("CZ-8A", 1)],
               satellite_supply=[supply(START, 20)])
    two = [launch("A", day(4), "WC-1", "CZ-8A", satellites=10), launch("B", day(30), "WC-1", "CZ-8A", satellites=10)]
    assert model_allows(s, two, [supply_chains])  # the second vehicle is made at the end of January
    assert not model_allows(s, [two[0], launch("B", day(20), "WC-1", "CZ-8A", satellites=10)], [supply_chains])
    assert not model_allows(s, [*two, launch("C", day(40), "WC-2", "CZ-12", satellites=1)], [supply_chains])


def test_shell_size_alone() -> None:
    s = tiny_scenario()  # GW-B holds 40
    four = [launch(f"B{i}", day(1 + 10 * i), "WC-2", "CZ-12", "GW-B", 10) for i in range(4)]
    assert model_allows(s, four, [shell_size])
    assert not model_allows(s, [*four, launch("B4", day(50), "WC-2", "CZ-12", "GW-B", 4)], [shell_size])


def test_hard_milestones_alone() -> None:
    s = tiny_scenario(milestones=(Milestone(constellation="GW", due_date=day(30), satellites_in_orbit=18, hard=True),))
    one = [launch("A", day(4), "WC-1", "CZ-8A", satellites=10)]
    assert not model_allows(s, one, [hard_milestones])
    assert model_allows(s, [*one, launch("B", day(30), "WC-2", "CZ-12", satellites=8)], [hard_milestones])
    assert not model_allows(s, [*one, launch("B", day(31), "WC-2", "CZ-12", satellites=8)], [hard_milestones])


def test_launch_campaign_alone() -> None:
    s = extend(amend(tiny_scenario(), "rockets", "CZ-12", min_days_between_launches=6),
               sites=[Site(id="HY", min_inclination_deg=19, max_inclination_deg=90)],
               pads=[Pad(id="HY-1", site="HY", turnaround_days=3)], pad_rockets=[PadRocket(pad="HY-1", rocket="CZ-12")])
    first = launch("A", day(4), "WC-2", "CZ-12")
    assert model_allows(s, [first, launch("B", day(10), "HY-1", "CZ-12", site="HY")], [launch_campaign])
    assert not model_allows(s, [first, launch("B", day(9), "HY-1", "CZ-12", site="HY")], [launch_campaign])
    assert model_allows(s, [first, launch("B", day(5), "WC-1", "CZ-8A")], [launch_campaign])  # another model
