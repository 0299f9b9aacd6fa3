"""Build the Qianfan backtest (the world as a planner knew it on 2024-08-06) and write
inputs/backtest-qianfan-2024.xlsx.

Run from the project root:  .venv/bin/python inputs/make_backtest.py

2024-08-06 is the day of Qianfan's first launch: 18 satellites on a Long March 6A from Taiyuan.
Only sources dated on or before that day set a figure here; each table names its source and
the source's date. Every other number is marked `# assumption` with its reason. What happened
afterwards (the last table of /work/shared/reference/facts.md) is the outcome this backtest is
compared with, and sets nothing here. docs/backtest-inputs.md lists every figure with its source.

The Uncertainty sheet holds the demo's priors as they are: each row is looked up in
make_demo.UNCERTAINTY by the demo row it comes from (named beside it), so a change of the demo's
priors flows into the backtest when this script is run again. The state-model rows that copy
the demo's Rockets figures (cost, reliability, lead and return-to-flight days) are taken from
make_demo.ROCKETS the same way.
"""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path
from types import ModuleType

from planner.domain import entities as E
from planner.domain.scenario import Scenario
from planner.workbook.export import write_scenario


def _demo_generator() -> ModuleType:
    """inputs/make_demo.py, beside this file, read as a module (as tests/test_demo.py reads it)."""
    spec = importlib.util.spec_from_file_location("make_demo", Path(__file__).with_name("make_demo.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


demo = _demo_generator()

OUTPUT = Path(__file__).with_name("backtest-qianfan-2024.xlsx")

HORIZON_START = date(2024, 8, 6)  # Qianfan's first launch (Xinhua via chinascope.org/archives/35679; UPI 2024-08-06)
# assumption: to the end of 2028, not 2026, so that the phase-one milestone (due end-2027, below)
# is in the plan and every milestone has a year or more after its due date in which risk can
# report the date it is met (P50/P90 date met), to compare with the dates it was met, if ever
HORIZON_END = date(2028, 12, 31)
FREEZE_DAYS = demo.FREEZE_DAYS  # as the demo (assumption there: two weeks kept at a re-plan)
TIME_LIMIT_S = 60  # as the demo; the checks run it with --time-limit 20
YEARS = range(HORIZON_START.year, HORIZON_END.year + 1)

# --- constellation and shells ----------------------------------------------------------------

# constellation, name, operator, filed satellites
# "more than 14,000 low-orbit broadband satellites" (UPI 2024-08-06); Reuters 2024-08-05 says
# "more than 15,000", SCMP 2023-12-29 "12,000": 14,000 as the demo
CONSTELLATIONS = [
    ("QF", "Qianfan (Thousand Sails)", "Spacesail (SSST)", 14000),
]

# The demo's Qianfan shells, read from make_demo.SHELLS (shell, constellation, altitude_km,
# inclination_deg, satellites, satellite_mass_kg). On 2024-08-06:
# - QF-POLAR: "polar" is stated (the first batch is the "Polar Orbit 01 group", Xinhua
#   2024-08-07 via chinascope; UPI 2024-08-06); 1,296 satellites is phase one (UPI 2024-08-06)
#   and the ITU filing of April 2023, 36 polar planes of 36 (tickernews.co, after SpaceNews, Dec 2023).
#   assumption: 1,060 km and 89 deg are the demo's (from tracking after 2024-08-06); no rule
#   reads the altitude, and any polar inclination is reached from Taiyuan and Hainan alike.
#   assumption: 300 kg a satellite, the demo's (unreported then as now).
# - QF-MID: assumption, the demo's: later shells at a lower inclination hold the rest of 14,000.
SHELLS = [row for row in demo.SHELLS if row[1] == "QF"]

# constellation or shell, due date, satellites in orbit required, weight, label
# Nothing of Qianfan was launched before the horizon: the first launch is the horizon's first day,
# a FixedLaunches history row below, so the totals are the stated ones.
MILESTONES = [
    # "at least 108 satellites" by 2024 (Songjiang district, SCMP 2023-12-29); "108 satellites this
    # year" (Reuters 2024-08-05; Xinhua 2024-08-07 via chinascope)
    ("QF", date(2024, 12, 31), 108, 1, "QF 108 in 2024"),
    # "648 satellites by the end of 2025" (Reuters 2024-08-05; UPI 2024-08-06)
    ("QF", date(2025, 12, 31), 648, 1, "QF 648 by end-2025"),
    # phase one, 1,296 (UPI 2024-08-06); no date stated for it. assumption: due end-2027, reading
    # "global network coverage by 2027" (Reuters 2024-08-05) as phase one complete
    ("QF-POLAR", date(2027, 12, 31), 1296, 2, "QF phase one (1,296)"),
]
# weights: assumption, as the demo (interim targets 1, phase one complete 2)

# --- what happened (the Actuals sheet: set beside the futures, never read by the plan) --------

# constellation, date, satellites launched and not lost at launch (as the milestones count them),
# source. Qianfan's launches: 2024-08-06, 2024-10-15, 2024-12-05, 2025-01-23 (LM-6A, Taiyuan, 18
# each), 2025-03-11 (LM-8, Hainan pad No. 1, 18), 2025-10-17 (LM-6A, 18). Of the 108 about 94
# were healthy at end-2025 (14 decaying or never raised): the milestones count launches, not health.
ACTUALS = [
    ("QF", date(2024, 12, 31), 54, "three launches of 18 in 2024 (news.qq.com 2024-12-27; chinadaily 2024-12-05)"),
    ("QF", date(2025, 3, 31), 90, "fourth launch 2025-01-23, fifth 2025-03-11 on LM-8 (en.wikipedia.org/wiki/Qianfan)"),
    ("QF", date(2025, 10, 31), 108, "sixth launch 2025-10-17 (installsat.tv; orbita.zenite.nu)"),
    ("QF", date(2025, 12, 31), 108, "no further launch in 2025; about 94 healthy (orbita.zenite.nu)"),
]

# --- satellite supply ------------------------------------------------------------------------

# satellites on hand on 2024-08-06: the first batch of 18, flown that day (fact)
SATELLITE_STOCK = 18
# as the demo (assumption there); SpaceNews 2024-06-27 bears it out: the first satellites were to
# leave the Shanghai factory "in the coming days" for a 5 August launch, about 30-35 days
SATELLITE_LEAD_DAYS = demo.SATELLITE_LEAD_DAYS
# Genesat (Shanghai Gesi, the G60 satellite factory in Songjiang), its general manager Cao Jin on
# 2024-06-22 ("未来两年,我们计划制造 300 颗卫星", a Shanghai newspaper's series on local firms,
# reposted at gp.lawyerwh.com/26147.html): 300 satellites in the next two years. Spread over the months from
# the horizon to June 2026 (12-13 a month).
GENESAT_PLANNED = 300
GENESAT_PLAN_END = date(2026, 6, 30)
# then the factory's design capacity, 300 a year (China News Service 2021-11-27 via tellerreport;
# Cao Jin in SCMP 2023-12-29)
GENESAT_PER_YEAR_AFTER = 300
# The CAS Innovation Academy for Microsatellites (SECM, Genesat's parent) also builds and
# integrates Qianfan satellites (Global Times 2024-08-06, reposted at dzqcj.com/?id=2753); its
# output was not stated. assumption: one batch of 18 a quarter, 6 a month.
SECM_PER_MONTH = 6

# --- launch vehicles -------------------------------------------------------------------------

# rocket, name, provider, the demo row whose cost_mcny, reliability, flights_per_vehicle,
# lead_days and return_to_flight_days it takes, initial_stock
# assumption (all but the names): the demo's state-model figures (make_demo.ROCKETS, assumptions
# there), LM-6A from SAST's LM-12 row, LM-8 from CALT's LM-8A row.
ROCKETS = [
    # flying since 2022; the first Qianfan batch flew on it (fact); stock 1: the vehicle of
    # 2024-08-06, which the history launch uses (fact)
    ("LM-6A", "Long March 6A", "SAST", "LM-12", 1),
    # flying since 2020, third flight 2024-03-20 (Queqiao-2; ecns 2024-03-20). assumption: stock 1,
    # the vehicle for pad No. 1's first launch, then planned for June 2024 (CGTN 2023-12-30)
    ("LM-8", "Long March 8", "CALT", "LM-8A", 1),
]
# 2020-12-22, 2022-02-27, 2024-03-20 (SCMP 2023-05-25: two; chinadaily 2024-02-22: Y3; ecns 2024-03-20)
LM8_FLIGHTS_BEFORE = 3

# rocket -> shell -> satellites per launch (max, min); min 1 as the demo's state models
CAPACITY = {
    "LM-6A": {"QF-POLAR": (18, 1), "QF-MID": (18, 1)},  # 18 flew on 2024-08-06 (fact); QF-MID assumption
    # assumption: 18 as LM-6A, the same stack; LM-8 lifts 3-5 t to SSO (chinadaily 2024-02-22)
    # against LM-6A's 4.5 t to 700 km SSO, and "more than 20 Starlink-sized satellites" (SCMP 2023-05-25)
    "LM-8": {"QF-POLAR": (18, 1), "QF-MID": (18, 1)},
}

# --- factories -------------------------------------------------------------------------------

LM8_PLANT_PER_YEAR = 50  # the Hainan Long March 8 plant, "50 rockets a year" once completed in 2024 (SCMP 2023-05-25)
QF_SHARE_OF_LM8_PLANT = 0.5  # assumption: the plant serves Guowang and other customers too; half for Qianfan
# factory, rocket, vehicles a month for Qianfan, start_date, location
FACTORIES = [
    # assumption: output for Qianfan not stated; the operator's plan of 108 in 2024 (five more launches
    # in the five months left, LM-6A the only model then flying Qianfan) needs one a month
    ("SAST-6A", "LM-6A", 1, None, "Shanghai (SAST)"),
    # 50 a year (fact) x the share (assumption), from 2025 (assumption: the plant was to be completed in
    # 2024, SCMP 2023-05-25; its first vehicles taken from the new year)
    ("HN-LM8", "LM-8", round(LM8_PLANT_PER_YEAR * QF_SHARE_OF_LM8_PLANT / 12), date(2025, 1, 1),
     "Wenchang, Hainan (Long March 8 plant)"),
]

# --- sites and pads --------------------------------------------------------------------------

# site, name, latitude_deg, min_inclination_deg, max_inclination_deg, min_days_between_launches
# latitudes: geography. Reachable inclinations: assumption, the demo's rule, from the latitude up to
# 100 deg (polar and SSO); 89 deg is inside both. Separation: assumption, 1 day; each site has one
# Qianfan pad, so it binds nothing.
SITES = [
    ("TAIYUAN", "Taiyuan Satellite Launch Center", 38.8, 38.8, 100, 1),
    ("HAINAN", "Hainan commercial spacecraft launch site", 19.6, 19.6, 100, 1),
]

# pad, site, default turnaround_days
PADS = [
    # the Long March 6A pad built for its first flight (2022); "reduce the preparation time for
    # launches to 14 days" (SpaceNews via scitecheuropa.eu, 2022)
    ("TY-9A", "TAIYUAN", 14),
    # No. 1, completed 2023-12-29, dedicated to Long March 8 (Xinhua via people.cn 2023-12-29);
    # "16 launches a year" from the pad (CGTN Türk, undated; its content is the pad's completion of
    # 2023-12-29): 365 / 16 = 23 days
    ("HN-1", "HAINAN", 23),
    # No. 2, completed June 2024 (ecns via people.cn 2024-06-07), for over 10 rocket types, with
    # Long March 8A and 12 to come for facility tests; no Qianfan model was announced for it, so it
    # takes none here (PadRockets). assumption: turnaround as No. 1.
    ("HN-2", "HAINAN", 23),
]

# pad, rocket, turnaround_days (None: the pad's default)
PAD_ROCKETS = [
    ("TY-9A", "LM-6A", None),
    ("HN-1", "LM-8", None),
]

# pad -> first day it can launch, as then planned (PadWindows to the horizon's end; a planned day
# before the horizon opens the pad on its first day)
PAD_OPENS = {
    # first launch "in June next year" (CGTN 2023-12-30), "first half of 2024" (SpaceNews 2023-12-29).
    # That day had passed unflown on 2024-08-06 and no new one was stated; the slip is left to the
    # Uncertainty sheet (the workbook has no kind for a pad opening late).
    "HN-1": date(2024, 6, 1),
}

# assumption: the demo's typhoon closures at Hainan (month, day, days), every year of the horizon
TYPHOON_CLOSURES = demo.TYPHOON_CLOSURES

# --- the launch of the day -------------------------------------------------------------------

# launch_id, date, pad, rocket, shell, satellites, status, note
FIXED_LAUNCHES = [
    ("QF-01", date(2024, 8, 6), "TY-9A", "LM-6A", "QF-POLAR", 18, "history",
     "Qianfan Polar Orbit 01 group, 18 satellites, Long March 6A from Taiyuan (Xinhua; UPI 2024-08-06)"),
]

# --- what may go wrong (the Uncertainty sheet): the demo's priors as they are ------------------

# Categories, as the demo's:
# - state model: LM-6A. Flying since 2022, SAST's state line.
# - maturing model: LM-8. Three flights in three and a half years, never two in one year; every
#   Qianfan LM-8 would fly from a pad that had not yet launched (No. 1), with vehicles from a plant
#   not yet finished (Hainan). That is the demo's "maturing" (a model still in reliability
#   verification and finalisation), not its state models, which fly from proven pads and lines.
#   Its early-flight failure rows count flights from the first (history included), and its three
#   flights were all flown before the horizon, so none of the demo's three early flights is left:
#   LM-8 flies at its Rockets reliability; its maturity is in the slips, the return to flight and
#   its plant (yield and delay, as the demo's new lines).
STATE_ROCKETS = ("LM-6A",)
MATURING_ROCKETS = {"LM-8": LM8_FLIGHTS_BEFORE}  # rocket -> its flights before the horizon
DEMO_STATE = "LM-8A"  # the demo's state-model rows are those of LM-8A (LM-12's are the same)
DEMO_MATURING = demo.MATURING[0]  # TL-3: the demo's maturing-model rows (all of MATURING share them)

# kind, subject, (demo kind, demo subject): the demo row (make_demo.UNCERTAINTY) whose numbers it takes
UNCERTAINTY_FROM_DEMO = [
    ("launch_slip", None, ("launch_slip", None)),  # the generic hold at the pad, every launch
    *[("return_to_flight", r, ("return_to_flight", DEMO_STATE)) for r in STATE_ROCKETS],
    *[("launch_failure", r, ("launch_failure", DEMO_MATURING)) for r in MATURING_ROCKETS],  # early flights left
    *[("return_to_flight", r, ("return_to_flight", DEMO_MATURING)) for r in MATURING_ROCKETS],
    *[("launch_slip", r, ("launch_slip", DEMO_MATURING)) for r in MATURING_ROCKETS],
    ("factory_yield", "SAST-6A", ("factory_yield", "SAST-SH")),  # an established state line
    # a new plant beside the launch site, as Orienspace's Haiyang line (OS-HY-2) in the demo
    ("factory_yield", "HN-LM8", ("factory_yield", "OS-HY-2")),
    ("factory_delay", "HN-LM8", ("factory_delay", "OS-HY-2")),
    ("satellite_slip", "QF", ("satellite_slip", "QF")),
    ("weather", "HAINAN", ("weather", "HAINAN")),  # typhoon season, beyond the closures
]


# --- building the scenario from the tables ---------------------------------------------------


def build_scenario() -> Scenario:
    """The backtest scenario, from the tables above."""
    return Scenario(
        settings=E.Settings(horizon_start=HORIZON_START, horizon_end=HORIZON_END, freeze_days=FREEZE_DAYS,
                            time_limit_s=TIME_LIMIT_S),
        constellations=demo.constellations(CONSTELLATIONS),
        shells=demo.shells(SHELLS),
        milestones=milestones(),
        satellite_supply=satellite_supply(),
        rockets=rockets(),
        capacities=tuple(
            E.Capacity(rocket=rocket, shell=shell, max_satellites=hi, min_satellites=lo)
            for rocket, shells in CAPACITY.items()
            for shell, (hi, lo) in shells.items()
        ),
        factories=tuple(
            E.Factory(id=f, rocket=r, monthly_output=n, start_date=start, location=where)
            for f, r, n, start, where in FACTORIES
        ),
        sites=demo.sites(SITES),
        pads=tuple(E.Pad(id=p, site=s, turnaround_days=t) for p, s, t in PADS),
        pad_rockets=tuple(E.PadRocket(pad=p, rocket=r, turnaround_days=t) for p, r, t in PAD_ROCKETS),
        pad_windows=tuple(
            E.Window(pad=pad, start=max(start, HORIZON_START), end=HORIZON_END) for pad, start in PAD_OPENS.items()
        ),
        closures=closures(),
        fixed_launches=fixed_launches(),
        uncertainty=uncertainty(),
        actuals=tuple(E.Actual(constellation=c, date=day, satellites_in_orbit=n, note=note)
                      for c, day, n, note in ACTUALS),
    )


def milestones() -> tuple[E.Milestone, ...]:
    shells = {s[0]: s[1] for s in SHELLS}
    rows = []
    for where, due, total, weight, label in MILESTONES:
        constellation, shell = (shells[where], where) if where in shells else (where, None)
        rows.append(E.Milestone(constellation=constellation, shell=shell, due_date=due, satellites_in_orbit=total,
                                weight=weight, label=f"{label}: {total:,} in orbit (stated target as of 2024-08-06)"))
    return tuple(rows)


def satellite_supply() -> tuple[E.SatelliteDelivery, ...]:
    """The stock on the first day, then each maker's delivery at the end of every month."""
    months = [demo.month_end(y, m) for y in YEARS for m in range(1, 13)
              if HORIZON_START <= demo.month_end(y, m) <= HORIZON_END]
    planned = [d for d in months if d <= GENESAT_PLAN_END]
    genesat = [demo.spread(GENESAT_PLANNED, len(planned), i) for i in range(len(planned))]
    genesat += [demo.spread(GENESAT_PER_YEAR_AFTER, 12, d.month - 1) for d in months[len(planned):]]
    rows = [E.SatelliteDelivery(constellation="QF", date=HORIZON_START, satellites=SATELLITE_STOCK)]
    for day, n in zip(months, genesat):
        rows.append(E.SatelliteDelivery(constellation="QF", date=day, satellites=n, lead_days=SATELLITE_LEAD_DAYS))
        rows.append(E.SatelliteDelivery(constellation="QF", date=day, satellites=SECM_PER_MONTH,
                                        lead_days=SATELLITE_LEAD_DAYS))
    return tuple(rows)


def rockets() -> tuple[E.Rocket, ...]:
    as_demo = {row[0]: row for row in demo.ROCKETS}
    rows = []
    for rocket, name, provider, like, stock in ROCKETS:
        _, _, _, _, cost, rel, fpv, lead, rtf, _ = as_demo[like]
        rows.append(E.Rocket(id=rocket, name=name, provider=provider, cost_mcny=cost, reliability=rel,
                             flights_per_vehicle=fpv, lead_days=lead, return_to_flight_days=rtf, initial_stock=stock))
    return tuple(rows)


def closures() -> tuple[E.Window, ...]:
    return tuple(
        E.Window(site="HAINAN", start=date(y, m, d), end=date(y, m, d + days - 1), reason="typhoon (assumed)")
        for y in YEARS
        for m, d, days in TYPHOON_CLOSURES
        if date(y, m, d + days - 1) >= HORIZON_START
    )


def fixed_launches() -> tuple[E.Launch, ...]:
    pads = {p: s for p, s, _ in PADS}
    shells = {s[0]: s[1] for s in SHELLS}
    return tuple(
        E.Launch(launch_id=lid, date=day, site=pads[pad], pad=pad, rocket=rocket, constellation=shells[shell],
                 shell=shell, satellites=n, status=status, note=note)
        for lid, day, pad, rocket, shell, n, status, note in FIXED_LAUNCHES
    )


def demo_prior(kind: str, subject: str | None) -> tuple:
    """The numbers (probability, days, season, flights) of a row of the demo's Uncertainty table."""
    rows = [row for row in demo.UNCERTAINTY if row[0] == kind and row[1] == subject]
    if len(rows) != 1:
        raise LookupError(f"make_demo.UNCERTAINTY has {len(rows)} rows ({kind}, {subject}); expected one")
    return rows[0][2:6]


def uncertainty() -> tuple[E.Uncertainty, ...]:
    rows = []
    for kind, subject, (demo_kind, demo_subject) in UNCERTAINTY_FROM_DEMO:
        probability, days, season, flights = demo_prior(demo_kind, demo_subject)
        if flights is not None and subject in MATURING_ROCKETS:
            flights -= MATURING_ROCKETS[subject]  # the early flights flown before the horizon are spent
            if flights <= 0:
                continue
        low, mode, high = days or (None, None, None)
        start, end = season or (None, None)
        note = (f"demo prior, as it is: make_demo UNCERTAINTY row ({demo_kind}, {demo_subject or 'all'}); "
                "assumption there, not tuned to what happened after 2024-08-06")
        rows.append(E.Uncertainty(kind=kind, subject=subject, probability=probability, min_days=low, mode_days=mode,
                                  max_days=high, from_=start, to=end, flights=flights, note=note))
    return tuple(rows)


def main() -> None:
    write_scenario(build_scenario(), OUTPUT)
    print(f"wrote {OUTPUT}")


if __name__ == "__main__":
    main()
