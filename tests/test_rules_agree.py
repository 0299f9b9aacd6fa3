"""The three homes of every rule agree: on random small scenarios, a valid plan and one more
random launch, the model (its slots and each rule module alone), the board and the checker
give the same verdict, rule by rule."""

from __future__ import annotations

from builders import START, amend, closure, day, extend, factory, grounding, supply, tiny_scenario, window
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rule_verdicts import MODULE_RULES, SLOT_RULES, board_refuses, checker_finds, model_allows, placed

from planner.domain.entities import Capacity, Launch, Pad, PadRocket, Settings, Site
from planner.domain.scenario import Scenario
from planner.solve.dispatch import dispatch

PADS = ("WC-1", "WC-2", "HY-1")
SITE_OF = {"WC-1": "WC", "WC-2": "WC", "HY-1": "HY"}


@st.composite
def scenarios(draw) -> Scenario:
    """Forty days, two sites (HY reaches only the polar shell), three pads, two models; every
    spacing, capacity, window, closure, grounding and supply row drawn."""
    turn = st.integers(1, 9)
    s = tiny_scenario(
        settings=Settings(horizon_start=START, horizon_end=day(39), workers=1),
        sites=(Site(id="WC", min_inclination_deg=19, max_inclination_deg=90,
                    min_days_between_launches=draw(st.integers(1, 5))),
               Site(id="HY", min_inclination_deg=draw(st.sampled_from([19, 50, 60])), max_inclination_deg=90,
                    min_days_between_launches=draw(st.integers(1, 5)))),
        pads=tuple(Pad(id=p, site=SITE_OF[p], turnaround_days=draw(turn)) for p in PADS),
        pad_rockets=(PadRocket(pad="WC-1", rocket="CZ-8A", turnaround_days=draw(st.none() | turn)),
                     PadRocket(pad="WC-1", rocket="CZ-12"), PadRocket(pad="WC-2", rocket="CZ-12"),
                     PadRocket(pad="HY-1", rocket=draw(st.sampled_from(["CZ-8A", "CZ-12"])))),
        capacities=(Capacity(rocket="CZ-8A", shell="GW-A", max_satellites=draw(st.integers(2, 12))),
                    Capacity(rocket="CZ-8A", shell="GW-B", max_satellites=8, min_satellites=draw(st.integers(1, 8))),
                    Capacity(rocket="CZ-12", shell="GW-A", max_satellites=12),
                    Capacity(rocket="CZ-12", shell="GW-B", max_satellites=10,
                             site=draw(st.sampled_from([None, "HY"])))),
    )
    s = s.model_copy(update={"shells": tuple(sh.model_copy(update={"satellites": draw(st.integers(10, 80))})
                                             for sh in s.shells)})
    for rocket in ("CZ-8A", "CZ-12"):
        s = amend(s, "rockets", rocket, min_days_between_launches=draw(st.none() | st.integers(1, 8)),
                  available_from=draw(st.none() | st.sampled_from([day(3), day(12)])),
                  flights_per_vehicle=draw(st.integers(1, 2)), initial_stock=draw(st.none() | st.integers(0, 3)))
    if draw(st.booleans()):
        s = extend(s, factories=[factory("CZ-8A", draw(st.integers(0, 3)))])
    if draw(st.booleans()):
        s = extend(s, satellite_supply=[supply(START, draw(st.integers(0, 40))),
                                        supply(day(20), draw(st.integers(0, 40)))])
    if draw(st.booleans()):
        first = draw(st.integers(0, 35))
        s = extend(s, closures=[closure(day(first), day(first + draw(st.integers(0, 6))),
                                        pad=draw(st.sampled_from(PADS)))])
    if draw(st.booleans()):
        first = draw(st.integers(0, 30))
        s = extend(s, pad_windows=[window(draw(st.sampled_from(PADS)), day(first),
                                          day(first + draw(st.integers(3, 20))))])
    if draw(st.booleans()):
        first = draw(st.integers(0, 35))
        s = extend(s, groundings=[grounding(draw(st.sampled_from(["CZ-8A", "CZ-12"])), day(first),
                                            day(first + draw(st.integers(0, 8))))])
    return s


@st.composite
def cases(draw) -> tuple[Scenario, list[Launch], Launch]:
    """A scenario, a valid plan in it (some of its dispatch plan) and one more launch anywhere."""
    s = draw(scenarios())
    plan = [l for l in dispatch(s) if draw(st.booleans())]
    pad = draw(st.sampled_from(PADS))
    shell = draw(st.sampled_from(["GW-A", "GW-B"]))
    one = Launch(launch_id="NEW", date=day(draw(st.integers(0, 39))), site=SITE_OF[pad], pad=pad,
                 rocket=draw(st.sampled_from(["CZ-8A", "CZ-12"])), constellation="GW", shell=shell,
                 satellites=draw(st.integers(1, 13)))
    return s, plan, one


@settings(max_examples=200, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(cases())
def test_the_model_the_board_and_the_checker_give_the_same_verdict_for_every_rule(case) -> None:
    s, plan, one = case
    assert not checker_finds(s, plan)  # the plan the launch joins is valid
    found = checker_finds(s, [*plan, one])
    assert board_refuses(s, plan, one) == found
    *where, mine = placed(s, [*plan, one])
    assert (mine is not None) == (not found & set(SLOT_RULES))  # the slots let through what rules 1, 3, 5-7 allow
    if mine is not None and mine[0] in {w[0] for w in where if w}:
        assert "pad_turnaround" in found  # one slot, one launch: a bucket is shorter than any turnaround
    elif mine is not None:
        for rule, module in MODULE_RULES.items():
            if rule != "hard_milestones":
                assert model_allows(s, [*plan, one], [module]) == (rule not in found), rule
