"""When no valid plan exists: the smallest set of conflicting hard requirements, in the workbook's terms.

The hard requirements a planner can give up are the hard milestones and the fixed launches that
are not facts (frozen or contracted; history cannot be undone). The model is built without them
and each is added back behind an assumption literal: a milestone as "its satellites are in orbit
by its due date", a fixed launch as "the slot holding its pad and day flies it as given". CP-SAT
with one worker returns a conflicting subset of the assumptions; a deletion filter shrinks it
while time allows. Each requirement left is phrased with its sheet, row and values, and each
milestone with a capacity bound: the most satellites the pads and vehicles can put in orbit by
its due date while the other requirements of the set hold, and the links that held that plan.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ortools.sat.python import cp_model

from planner.check.checker import Violation
from planner.domain.entities import Launch, Milestone
from planner.domain.measures import consumption, deliveries, in_orbit, uses
from planner.domain.scenario import Scenario
from planner.explain.capacity import paper_capacity
from planner.explain.changed import changed
from planner.explain.held import holds
from planner.explain.links import Link, rows_of, sources
from planner.manifest.extract import launches_from
from planner.model.builder import LaunchModel, build_model
from planner.model.variables import LinearExpr
from planner.solve.dispatch import dispatch


@dataclass(frozen=True)
class Requirement:
    """A hard milestone or a movable fixed launch, and the literal that enforces it."""

    entity: Milestone | Launch
    literal: cp_model.IntVar

    def __str__(self) -> str:
        e = self.entity
        if isinstance(e, Milestone):
            return (f"{_where(e, 'Milestones')} (hard) needs {e.satellites_in_orbit} {e.shell or e.constellation} "
                    f"satellites in orbit by {e.due_date}")
        return (f"{_where(e, 'FixedLaunches')} keeps {e.launch_id} ({e.status}) on {e.date} from {e.pad}: "
                f"{e.rocket} with {e.satellites} satellites to {e.shell}")


@dataclass
class _Conflict:
    """The model of the relaxed scenario with every requirement behind its literal."""

    original: Scenario
    scenario: Scenario  # without the requirements
    built: LaunchModel
    requirements: list[Requirement]
    achieved: dict[int, LinearExpr]  # literal index -> satellites in orbit by a milestone's due date


def explain_infeasibility(s: Scenario, time_limit_s: float = 60.0, seed: int = 0, workers: int = 1) -> list[str]:
    """Why `s` has no valid plan: the conflicting rows, each phrased for a planner. The core is
    searched with one solver thread; the bounds with `workers`."""
    deadline = time.monotonic() + time_limit_s
    conflict = _assumable(s)
    if not conflict.requirements:
        return ["no valid plan: the history launches and the rules leave no room, though no hard milestone "
                "or fixed launch asks for anything"]
    status, core = _solve(conflict, conflict.requirements, deadline - time.monotonic(), seed)
    if status != cp_model.INFEASIBLE:
        return ["no valid plan was proven within the time limit; the hard requirements are:"] + [
            f"  {r}" for r in conflict.requirements]
    core, minimal = _shrink(conflict, core, deadline, seed)
    lines = [f"no valid plan: {'these' if len(core) > 1 else 'this'} hard requirement"
             f"{'s conflict' if len(core) > 1 else ' cannot be met'}"
             f"{'' if minimal else ' (the smallest set found within the time limit)'}:"]
    for r in core:
        lines.append(f"  {r}")
        if isinstance(r.entity, Milestone):
            others = [o for o in core if o is not r]
            share = max(5.0, (deadline - time.monotonic()) / len(core))
            lines.append(f"    {_bound(conflict, r, others, share, workers, seed)}")
    return lines


def fixed_conflicts(s: Scenario, violations: Sequence[Violation]) -> list[str]:
    """Rule violations among the fixed launches themselves, with their FixedLaunches rows; for a
    supply stream run short, the rows of every fixed launch that drew on it by then, and the
    rows that set the stream."""
    rows = {f.launch_id: f for f in s.fixed_launches}
    drawn = uses(s, s.fixed_launches)
    out = []
    for v in violations:
        involved = [rows[i] for i in v.launch_ids if i in rows]
        where = sources(involved)
        if v.stream is not None and involved:
            by = max(l.date for l in involved)
            ids = {i for u in drawn.get(v.stream, ()) if u.day <= by for i in u.launch_ids}
            where = "; ".join(x for x in (sources([f for f in s.fixed_launches if f.launch_id in ids]),
                                          rows_of(s, Link.of_stream(v.stream))) if x)
        out.append(f"the fixed launches alone break a rule: {v}" + (f" ({where})" if where else ""))
    return out


# --- the model with assumptions ---------------------------------------------------------------


def _assumable(s: Scenario) -> _Conflict:
    """Build the relaxed model and put each requirement behind a literal.

    The hard milestones become soft ones, so the model states what each achieves; the objective
    is left out and the literal enforces the requirement.

    A fixed launch that no slot can fly as given (it should not happen once the fixed launches
    passed the checker) stays fixed in the relaxed scenario and is not assumable.
    """
    kept: list[Launch] = [f for f in s.fixed_launches if f.is_fact]
    hard = [m for m in s.milestones if m.hard]
    soft = tuple(m.model_copy(update={"hard": False}) for m in hard)  # the model's own "achieved", unenforced
    while True:
        relaxed = changed(s, milestones=soft, fixed_launches=tuple(kept))
        built = build_model(relaxed, minimise=None)
        movable = [f for f in s.fixed_launches if f not in kept]
        placed = {f.launch_id: _slot_of(built, relaxed, f) for f in movable}
        unplaced = [f for f in movable if placed[f.launch_id] is None]
        if not unplaced:
            break
        kept += unplaced
    m, v = built.model, built.variables
    requirements, achieved = [], {}
    for i, (ms, (_, expr)) in enumerate(zip(hard, built.milestones)):
        lit = m.new_bool_var(f"hard_milestone_{i}")
        achieved[lit.index] = expr
        m.add(expr >= ms.satellites_in_orbit).only_enforce_if(lit)
        requirements.append(Requirement(ms, lit))
    for f in movable:
        where = placed[f.launch_id]
        assert where is not None  # every movable launch has a slot, the loop above made sure
        k, j = where
        lit = m.new_bool_var(f"fixed_{f.launch_id}")
        m.add(v.pick[k][j] == 1).only_enforce_if(lit)
        m.add(v.day[k] == relaxed.day(f.date)).only_enforce_if(lit)
        m.add(v.sats[k][j] == f.satellites).only_enforce_if(lit)
        requirements.append(Requirement(f, lit))
    return _Conflict(s, relaxed, built, requirements, achieved)


def _slot_of(built: LaunchModel, s: Scenario, f: Launch) -> tuple[int, int] | None:
    """(slot, pair) that can fly fixed launch f exactly as given."""
    day = s.day(f.date)
    for slot in built.variables.slots:
        if slot.pad == f.pad and day in slot.rocket_days.get(f.rocket, ()):
            for j, p in enumerate(slot.pairs):
                if (p.rocket, p.shell) == (f.rocket, f.shell) and p.min_satellites <= f.satellites <= p.max_satellites:
                    return slot.index, j
    return None


def _solver(time_limit_s: float, seed: int, workers: int = 1) -> cp_model.CpSolver:
    """A solver; a core of assumptions comes only from a single worker."""
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers
    solver.parameters.max_time_in_seconds = max(0.1, time_limit_s)
    solver.parameters.random_seed = seed
    return solver


def _solve(c: _Conflict, assumed: Sequence[Requirement], time_limit_s: float,
           seed: int) -> tuple[cp_model.CpSolverStatus, list[Requirement]]:
    """Solve with `assumed` enforced; when infeasible, the subset of them the solver blames."""
    c.built.model.clear_assumptions()
    c.built.model.add_assumptions([r.literal for r in assumed])
    solver = _solver(time_limit_s, seed)
    status = solver.solve(c.built.model)
    if status != cp_model.INFEASIBLE:
        return status, []
    blamed = set(solver.sufficient_assumptions_for_infeasibility())
    return status, [r for r in assumed if r.literal.index in blamed]


def _shrink(c: _Conflict, core: list[Requirement], deadline: float, seed: int) -> tuple[list[Requirement], bool]:
    """Deletion filter: drop each requirement the rest still conflicts without. Returns the set
    and whether every requirement in it was shown necessary within the time."""
    minimal, i = True, 0
    while i < len(core):
        left = deadline - time.monotonic()
        if left <= 0:
            return core, False
        trial = core[:i] + core[i + 1:]
        status, blamed = _solve(c, trial, left, seed)
        if status == cp_model.INFEASIBLE:
            core = blamed or trial
        else:
            minimal = minimal and status in (cp_model.FEASIBLE, cp_model.OPTIMAL)
            i += 1
    return core, minimal


# --- the capacity bound -----------------------------------------------------------------------


def _bound(c: _Conflict, r: Requirement, others: list[Requirement], time_limit_s: float, workers: int,
           seed: int) -> str:
    """The most satellites the milestone's pads and vehicles can put in orbit by its due date
    while the other requirements hold, and the links that limit the best plan found.

    The conflict itself proves at most the requirement less one; a re-solve maximising what the
    milestone achieves (warm-started from the dispatch plan when nothing else is required)
    tightens that bound and finds the plan whose links are named.
    """
    ms = r.entity
    assert isinstance(ms, Milestone)
    s, m = c.scenario, c.built.model
    pads = _pads_for(c, ms)
    given = f" with {_and([_short(o) for o in others])}" if others else ""
    if not pads:
        return f"no pad can fly a listed rocket to {ms.shell or ms.constellation} by {ms.due_date}{given}"
    plans = [] if others else [dispatch(s)]
    if plans:
        c.built.variables.hint(plans[0])
    m.clear_assumptions()
    m.add_assumptions([o.literal for o in others])
    m.maximize(c.achieved[r.literal.index])
    solver = _solver(time_limit_s, seed, workers)
    status = solver.solve(m)
    m.clear_objective()
    m.clear_hints()
    paper = paper_capacity(c.original, ms)
    upper = min(ms.satellites_in_orbit - 1, paper.bound)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        upper = min(upper, int(solver.best_objective_bound))
        plans.append(launches_from(solver, c.built, frozenset()))
    named = f"pad{'s' if len(pads) > 1 else ''} {_and(pads)} with {'their' if len(pads) > 1 else 'its'} windows"
    carry = f"{named} and the available vehicles can carry at most {upper} by then{given}"
    best: list[Launch] = []
    if plans:
        reached = {id(p): in_orbit(s, p, ms.due_date, ms.constellation, ms.shell) for p in plans}
        best = max(plans, key=lambda p: reached[id(p)])
        if reached[id(best)] < upper:
            carry += f" (the best plan found carries {reached[id(best)]})"
    alone = [f"{what} {n}" for what, n in (("pads", paper.pads), ("vehicles", paper.vehicles),
                                           ("satellite supply", paper.satellites)) if n is not None]
    beyond = f", beyond the {paper.history} already in orbit" if paper.history else ""
    carry += f"; paper capacity of each link alone{beyond}: {', '.join(alone)}"
    limits = _limiting_links(s, [l for l in best if l.date <= ms.due_date], ms.due_date)
    return carry + (f"; limited by {limits}" if limits else "")


def _pads_for(c: _Conflict, ms: Milestone) -> list[str]:
    """Pads with a slot before the due date that can carry satellites towards the milestone."""
    s = c.scenario
    due = s.day(ms.due_date)
    shells = s.milestone_shells(ms)
    return sorted({slot.pad for slot in c.built.variables.slots
                   if slot.days[0] <= due and any(p.shell in shells for p in slot.pairs)})


def _limiting_links(s: Scenario, launches: list[Launch], due: date, top: int = 3) -> str:
    """The links holding most launches of a plan, then the supply streams it used up by `due`,
    each with its rows."""
    counted = Counter(link for h in holds(s, launches) for link in h.links)
    parts = [(link, f"held {n} launch{'es' if n > 1 else ''}") for link, n in counted.most_common(top)]
    used = consumption(s, launches)
    for stream, made in sorted(deliveries(s).items()):
        usable = sum(q for d, q in made if d <= due)
        taken = sum(q for d, q in used.get(stream, ()) if d <= due)
        link = Link.of_stream(stream)
        if taken and taken >= usable and link not in counted:
            parts.append((link, f"all {usable} used"))
    return ", ".join(f"{link} ({what}{'; ' + rows_of(s, link) if rows_of(s, link) else ''})" for link, what in parts)


def _short(r: Requirement) -> str:
    e = r.entity
    if isinstance(e, Milestone):
        return f"{_where(e, 'Milestones')} met"
    return f"{_where(e, 'FixedLaunches')} ({e.launch_id}) kept"


def _where(entity: Milestone | Launch, sheet: str) -> str:
    """"Milestones row 4", or the sheet and the row's name when it was not read from a workbook."""
    if entity.source:
        return str(entity.source)
    return f"{sheet} ({entity.launch_id if isinstance(entity, Launch) else entity.name})"


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
