"""The planner's evaluator (domain/measures.py) and the checker's own copy agree on every measure and stream."""

from __future__ import annotations

from dataclasses import asdict

import pytest
from builders import (
    engine,
    engines_on,
    extend,
    factory,
    shell_named_like_its_constellation,
    supply,
    tiny_manifest,
    tiny_scenario,
)

from planner.bench.scenarios import demo
from planner.check import measures as checker
from planner.domain import measures as evaluator
from planner.domain.entities import Launch
from planner.domain.scenario import Scenario
from planner.solve.dispatch import dispatch


def with_supply() -> tuple[Scenario, list[Launch]]:
    s = extend(tiny_scenario(), factories=[factory("CZ-8", 2)], engines=[engine("YF-100", 4)],
               rocket_engines=[engines_on("CZ-8", "YF-100", 2)], satellite_supply=[supply(tiny_manifest()[0].date, 30)])
    return s, tiny_manifest()


def shell_named_like_constellation() -> tuple[Scenario, list[Launch]]:
    """Supply rows for the constellation GW and for its shell named GW: two streams."""
    first = tiny_manifest()[0].date
    s = extend(shell_named_like_its_constellation(),
               satellite_supply=[supply(first, 20), supply(first, 15, shell="GW")])
    return s, [l.model_copy(update={"shell": "GW"}) if l.shell == "GW-B" else l for l in tiny_manifest()]


def demo_dispatched() -> tuple[Scenario, list[Launch]]:
    s = demo()
    return s, dispatch(s)


@pytest.mark.parametrize("case", [with_supply, shell_named_like_constellation,
                                  demo_dispatched], ids=["supply", "shell named like its constellation", "demo"])
def test_the_evaluator_and_the_checker_agree(case) -> None:
    s, launches = case()
    assert asdict(evaluator.measure(s, launches)) == asdict(checker.measure(s, launches))
    assert evaluator.deliveries(s) == checker.deliveries(s)
    as_rows = lambda uses: {name: [asdict(u) for u in us] for name, us in uses.items()}  # noqa: E731
    assert as_rows(evaluator.uses(s, launches)) == as_rows(checker.uses(s, launches))
    assert list(evaluator.deliveries(s)) == list(checker.deliveries(s))  # the same names in the same order
