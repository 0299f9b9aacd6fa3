"""Build the demo scenario (Guowang and Qianfan, 2026-2030) and write inputs/demo.xlsx.

Run from the project root:  .venv/bin/python inputs/make_demo.py

Numbers without a mark are public facts (launch sites, pads, vehicles, constellations as
reported up to January 2026). Every other number is marked `# assumption` with its reason and
kept in the tables and constants below, so a planner can change it and regenerate.
"""

from __future__ import annotations

import calendar
from datetime import date
from pathlib import Path

from planner.domain import entities as E
from planner.domain.scenario import Scenario
from planner.workbook.export import write_scenario

OUTPUT = Path(__file__).with_name("demo.xlsx")

HORIZON_START = date(2026, 1, 1)
HORIZON_END = date(2030, 12, 31)
FREEZE_DAYS = 14  # assumption: re-plans keep the next two weeks' launches as they are
TIME_LIMIT_S = 60  # the demo is solved within 1 % of optimal; installs included, within two minutes on 2 cores
YEARS = range(HORIZON_START.year, HORIZON_END.year + 1)

# --- constellations and shells ---------------------------------------------------------------

# constellation, name, operator, filed satellites
CONSTELLATIONS = [
    ("GW", "Guowang", "China SatNet", 12992),
    ("QF", "Qianfan (Thousand Sails)", "Spacesail (SSST)", 14000),
]

# shell, constellation, altitude_km, inclination_deg, satellites the shell holds, satellite_mass_kg
SHELLS = [
    ("GW-LEO-A", "GW", 550, 50, 6080, 800),  # assumption: low shell of the ~500-600 km filing, mass unreported
    ("GW-LEO-B", "GW", 1145, 85, 6912, 500),  # assumption: altitude, inclination and split of 12,992; 500 kg reported
    ("QF-POLAR", "QF", 1060, 89, 1296, 300),  # phase one; 300 kg is an assumption (flat-panel satellites)
    ("QF-MID", "QF", 1060, 50, 12704, 300),  # assumption: later shells at lower inclination hold the rest
]

# Satellites launched before the horizon count towards milestones but are not in the plan.
GW_LAUNCHED_BEFORE_2026 = 141  # ~150 in orbit after the 9 launched on 2026-01-19
QF_LAUNCHED_BEFORE_2026 = 108  # all polar; assumption: no Qianfan launch between 2025-10-17 and 2026

# constellation or shell, due date, satellites in orbit required (launched before 2026 included), weight, label
MILESTONES = [
    ("GW", date(2027, 12, 31), 650, 1, "GW 5 % of filing"),  # assumption: interim operator target
    ("GW", date(2029, 9, 30), 1300, 3, "GW ITU 10 %"),  # assumption: bringing-into-use taken as 2027-09
    ("QF", date(2026, 12, 31), 648, 1, "QF 648 (missed in 2025)"),  # assumption: due a year later
    ("QF-POLAR", date(2028, 12, 31), 1296, 2, "QF phase one complete"),  # assumption: due date
    ("QF", date(2029, 12, 31), 1400, 3, "QF ITU 10 %"),  # assumption: bringing-into-use taken as 2027-12
]

# --- satellite supply ------------------------------------------------------------------------

SATELLITE_LEAD_DAYS = 30  # assumption: shipping, fuelling and dispenser integration at the site
# constellation -> satellites in stock on 2026-01-01
SATELLITE_STOCK = {"GW": 27, "QF": 36}  # assumption: three GW batches, two QF batches built
# constellation -> year -> satellites delivered each month (on the month's last day)
SATELLITES_PER_MONTH = {
    "GW": {2026: 30, 2027: 36, 2028: 40, 2029: 40, 2030: 40},  # assumption: several makers ramping up
    "QF": {2026: 40, 2027: 45, 2028: 50, 2029: 50, 2030: 50},  # assumption: one Shanghai line ramping up
}

# --- launch vehicles -------------------------------------------------------------------------

# rocket, name, provider, available_from, cost_mcny, reliability, flights_per_vehicle, lead_days,
# return_to_flight_days, initial_stock
# assumption (all rows): cost, reliability, lead and return-to-flight days are not reported; lead
# days cover factory-to-pad shipping and integration; maturing models get lower reliability.
ROCKETS = [
    ("LM-8A", "Long March 8A", "CALT", None, 350, 0.96, 1, 40, 90, 2),  # flying since 2025
    ("LM-12", "Long March 12", "SAST", None, 450, 0.95, 1, 40, 90, 2),  # flying since 2024-11-30
    ("TL-3", "Tianlong-3", "Space Pioneer", date(2026, 6, 1), 250, 0.88, 2, 30, 120, None),  # maiden 2026 H1
    ("ZQ-3", "Zhuque-3", "LandSpace", date(2026, 4, 1), 250, 0.88, 2, 30, 120, None),  # maiden late 2025
    ("LJ-2", "Lijian-2 (Kinetica-2)", "CAS Space", date(2026, 5, 1), 300, 0.90, 1, 30, 120, None),
    ("G-2", "Gravity-2", "Orienspace", date(2026, 10, 1), 250, 0.85, 1, 15, 120, None),  # built at Haiyang
    ("HY-3", "Hyperbola-3", "iSpace", date(2026, 12, 1), 150, 0.85, 1, 30, 120, None),
    ("PL-1", "Pallas-1", "Galactic Energy", date(2026, 7, 1), 120, 0.87, 1, 30, 120, None),
    ("NB-1", "Nebula-1", "Deep Blue Aerospace", date(2026, 9, 1), 60, 0.85, 1, 30, 120, None),
    ("G-1", "Gravity-1 (solid, sea launch)", "Orienspace", None, 100, 0.95, 1, 15, 90, 1),  # flew 2025-10-11
]
# flights_per_vehicle 2 for Tianlong-3 and Zhuque-3: assumption, first-stage reuse averaged over
# the horizon (10-20 flights designed, reuse not yet proven); other reusable models fly once.

# rocket -> shell -> satellites per launch (max, min)
# assumption (all numbers but the facts noted): max scaled from each model's LEO mass; min half
# full for commercial models, whose operators do not fly a large vehicle mostly empty.
CAPACITY = {
    "LM-8A": {"QF-POLAR": (18, 1), "QF-MID": (18, 1), "GW-LEO-A": (10, 1), "GW-LEO-B": (9, 1)},  # 18 QF fact
    "LM-12": {"GW-LEO-A": (10, 1), "GW-LEO-B": (9, 1), "QF-POLAR": (18, 1), "QF-MID": (18, 1)},  # 9 GW fact
    "TL-3": {"QF-POLAR": (36, 18), "QF-MID": (36, 18), "GW-LEO-A": (16, 8), "GW-LEO-B": (14, 7)},  # 36 QF fact
    "ZQ-3": {"QF-POLAR": (30, 15), "QF-MID": (30, 15), "GW-LEO-A": (15, 8), "GW-LEO-B": (12, 6)},
    "LJ-2": {"QF-POLAR": (24, 12), "QF-MID": (24, 12), "GW-LEO-A": (11, 6), "GW-LEO-B": (10, 5)},
    "G-2": {"QF-POLAR": (30, 15), "QF-MID": (30, 15), "GW-LEO-A": (15, 8), "GW-LEO-B": (12, 6)},
    "HY-3": {"QF-POLAR": (12, 6), "QF-MID": (12, 6), "GW-LEO-A": (6, 3)},
    "PL-1": {"QF-POLAR": (8, 4), "QF-MID": (8, 4), "GW-LEO-A": (4, 2)},
    "NB-1": {"QF-POLAR": (3, 1), "QF-MID": (3, 1)},
    "G-1": {"QF-POLAR": (6, 3), "QF-MID": (6, 3)},
}
# rocket, shell, site, max, min: rows that hold at one site only
SITE_CAPACITY = [
    ("TL-3", "QF-POLAR", "HAIYANG", 30, 15),  # assumption: polar ascent from Haiyang doglegs to stay over sea
]

# --- factories and engines -------------------------------------------------------------------

# factory, rocket, planned vehicles a month, start_date, location
# assumption: planned rates and start dates; the Zhangjiagang rate is reported (~30 a year)
FACTORIES = [
    ("CALT-BJ", "LM-8A", 1, None, "Beijing (CALT)"),
    ("SAST-SH", "LM-12", 1, None, "Shanghai (SAST)"),
    ("SP-ZJG", "TL-3", 3, date(2026, 4, 1), "Zhangjiagang (Space Pioneer)"),  # ~30 a year, rounded up
    ("LS-HZ", "ZQ-3", 1, None, "Huzhou (LandSpace)"),
    ("CAS-NS", "LJ-2", 1, date(2026, 3, 1), "Nansha, Guangzhou (CAS Space)"),
    ("OS-HY-2", "G-2", 1, date(2026, 7, 1), "Haiyang (Orienspace)"),
    ("IS-BJ", "HY-3", 1, date(2026, 9, 1), "Beijing (iSpace, location assumed)"),
    ("GE-BJ", "PL-1", 1, date(2026, 4, 1), "Beijing (Galactic Energy, location assumed)"),
    ("DB-NT", "NB-1", 1, date(2026, 6, 1), "Nantong (Deep Blue Aerospace, location assumed)"),
    ("OS-HY-1", "G-1", 1, None, "Haiyang (Orienspace)"),
]
# factory -> year -> vehicles actually delivered that year, spread evenly over its producing
# months (FactoryOutput rows). assumption: effective output during ramp-up is well below plan;
# years not listed deliver the planned monthly rate.
EFFECTIVE_PER_YEAR = {
    "CALT-BJ": {2026: 8, 2027: 10},
    "SAST-SH": {2026: 6, 2027: 9},
    "SP-ZJG": {2026: 4, 2027: 12, 2028: 20},
    "LS-HZ": {2026: 2, 2027: 6},
    "CAS-NS": {2026: 3, 2027: 6},
    "OS-HY-2": {2026: 1, 2027: 4, 2028: 8},
    "IS-BJ": {2026: 1, 2027: 4, 2028: 8},
    "GE-BJ": {2026: 2, 2027: 6, 2028: 8},
    "DB-NT": {2026: 1, 2027: 4, 2028: 6},
    "OS-HY-1": {2026: 4, 2027: 6, 2028: 8},
}

# Tianhuo-12: 41 built by mid-2024; the rate of 4-8 a month ramping up is an estimate.
TH12_PER_MONTH = 6  # assumption: middle of the 4-8 a month estimate
TH12_STOCK = 20  # assumption: engines left after test firings and the first vehicles
TH12_LEAD_DAYS = 30  # assumption: engine acceptance to vehicle integration
TH12_PER_TIANLONG3 = 10  # 9 on the first stage + 1 vacuum version (counted as TH-12)

# --- sites and pads --------------------------------------------------------------------------

# site, name, latitude_deg, min_inclination_deg, max_inclination_deg, min_days_between_launches
SITES = [
    # A site reaches inclinations from its latitude up; max 100 deg is an assumption (polar and SSO).
    ("HAINAN", "Hainan commercial spacecraft launch site", 19.6, 19.6, 100, 3),  # 2-3 days to switch pads
    ("HAIYANG", "Haiyang Oriental Spaceport (sea launch)", 36.7, 37, 100, 2),  # assumption: 2-day range reset
]

# pad, site, default turnaround_days
PADS = [
    ("HN-1", "HAINAN", 23),  # up to 16 launches a year per tower; Long March 8 family only
    ("HN-2", "HAINAN", 23),  # general-purpose liquid pad, 16 a year
    ("HN-3", "HAINAN", 14),  # assumption: new pad for reusable commercial models
    ("HN-4", "HAINAN", 14),  # assumption: as HN-3
    ("HY-S1", "HAIYANG", 5),  # 3-4 days ship loading to launch, + 1 day assumption
    ("HY-L1", "HAIYANG", 21),  # assumption: new offshore platform for reusable liquid rockets
]

# pad, rocket, turnaround_days (None: the pad's default)
# assumption: which commercial models each pad takes (pad No. 2 serves 19 liquid models, unnamed);
# reported: LM-8 family on HN-1, LM-12 on HN-2, Gravity-1 at sea, Tianlong-3 tested on HY-L1.
PAD_ROCKETS = [
    ("HN-1", "LM-8A", None),
    ("HN-2", "LM-12", None),
    ("HN-2", "TL-3", None),
    ("HN-2", "ZQ-3", 30),  # assumption: methane lines to reconfigure on a kerosene/hydrogen pad
    ("HN-2", "LJ-2", None),
    ("HN-2", "PL-1", None),
    ("HN-3", "TL-3", 10),  # assumption: Space Pioneer targets >30 launches a year
    ("HN-3", "ZQ-3", None),
    ("HN-3", "HY-3", None),
    ("HN-3", "PL-1", None),
    ("HN-3", "NB-1", None),
    ("HN-4", "ZQ-3", 12),  # assumption: LandSpace's own processing flow
    ("HN-4", "TL-3", None),
    ("HN-4", "LJ-2", None),
    ("HN-4", "G-2", None),
    ("HN-4", "HY-3", None),
    ("HY-S1", "G-1", None),
    ("HY-L1", "G-2", None),
    ("HY-L1", "TL-3", 28),  # assumption: first campaigns on a new platform (TL-3 static fire held there)
    ("HY-L1", "NB-1", None),
]

# pad -> first day it can launch (PadWindows to horizon end)
PAD_OPENS = {
    "HN-3": date(2027, 1, 1),  # assumption: third pad from 2027
    "HN-4": date(2027, 7, 1),  # assumption: fourth pad half a year later
    "HY-L1": date(2026, 3, 1),  # assumption: first flights a month after trials start (early Feb 2026)
}
SEA_SEASON = ((3, 1), (11, 30))  # assumption: HY-S1 idle December-February (winter storms)

# assumption: typhoon closures at Hainan, same calendar every year (month, day, days closed)
TYPHOON_CLOSURES = [(7, 20, 4), (8, 24, 3), (9, 14, 4), (10, 8, 3)]
# pad, start, end, reason
PAD_CLOSURES = [
    ("HN-2", date(2026, 6, 1), date(2026, 6, 14), "maintenance (assumed)"),  # assumption: two-week pad overhaul
    ("HN-2", date(2028, 6, 1), date(2028, 6, 14), "maintenance (assumed)"),  # assumption: two-week pad overhaul
]

# --- launches already flown or contracted ----------------------------------------------------

# launch_id, date, pad, rocket, shell, satellites, status
FIXED_LAUNCHES = [
    ("GW-19", date(2026, 1, 19), "HN-2", "LM-12", "GW-LEO-B", 9, "history"),  # shell is an assumption
    ("QF-07", date(2026, 2, 12), "HN-1", "LM-8A", "QF-POLAR", 18, "frozen"),  # assumption: date
    ("GW-20", date(2026, 3, 5), "HN-2", "LM-12", "GW-LEO-B", 9, "frozen"),  # assumption: contracted
]


# --- what may go wrong (the Uncertainty sheet, for planner risk) -------------------------------

MATURING = ("TL-3", "ZQ-3", "LJ-2", "G-2", "HY-3", "PL-1", "NB-1")  # the seed article's models still maturing
SEASON = date(2026, 1, 1).replace  # weather rows are read as month and day, every year
# kind, subject, probability, (min, mode, max) days, (from, to), flights, note; each note says
# whether the figure is a fact or an assumption
UNCERTAINTY = [
    *[("launch_failure", r, 0.25, None, None, 3, "assumption (facts): 20-30 % on a new liquid model's first "
       "three flights; later flights at the Rockets reliability") for r in MATURING if r != "ZQ-3"],
    ("launch_failure", "ZQ-3", 0.25, None, None, 2, "assumption: as the other maturing models; the maiden flight "
     "of late 2025 (fact) is before the horizon, so two early flights are left"),
    ("return_to_flight", "LM-8A", None, (30, 90, 365), None, None, "assumption: a state model returns in "
     "months; Long March 5 took 2.5 years (fact), a tail cut at a year"),
    ("return_to_flight", "LM-12", None, (30, 90, 365), None, None, "assumption: as LM-8A"),
    *[("return_to_flight", r, None, (60, 120, 240), None, None, "assumption, on an estimate of the facts: "
       "commercial models typically return in 3-6 months") for r in MATURING],
    ("launch_slip", None, 0.15, (1, 3, 14), None, None, "assumption: a technical hold at the pad; slips "
     "seen months ahead (ISS cargo within 90 days: on time 14 %, mean 22 days, fact) are re-planned, not drawn"),
    *[("launch_slip", r, 0.15, (3, 10, 45), None, None, "assumption: vehicle readiness of a maturing model; "
       "34 % of rideshare delays were the launch vehicle (fact)") for r in MATURING],
    *[("factory_yield", f, y, None, None, None, "assumption: effective output is 40-70 % of plan on maturing "
       "lines (facts); FactoryOutput already holds the expected ramp-up, this is the spread around it")
      for f, y in (("SP-ZJG", 0.85), ("LS-HZ", 0.85), ("CAS-NS", 0.9), ("OS-HY-2", 0.85), ("IS-BJ", 0.8),
                   ("GE-BJ", 0.85), ("DB-NT", 0.8))],
    *[("factory_yield", f, 0.97, None, None, None, "assumption: established state lines") for f in ("CALT-BJ",
                                                                                                    "SAST-SH")],
    ("engine_yield", "TH-12", 0.9, None, None, None, "assumption: 3D-printed thrust chambers in new batch "
     "production (facts: engines are the first bottleneck)"),
    ("factory_delay", "SP-ZJG", 0.5, (30, 90, 180), None, None, "assumption: the Zhangjiagang base is planned, "
     "not yet verified (fact)"),
    ("factory_delay", "OS-HY-2", 0.4, (30, 60, 180), None, None, "assumption: a new line"),
    ("factory_delay", "IS-BJ", 0.4, (30, 90, 240), None, None, "assumption: a new line"),
    ("factory_delay", "DB-NT", 0.4, (30, 90, 240), None, None, "assumption: a new line"),
    ("satellite_slip", "GW", 0.2, (7, 20, 60), None, None, "assumption: 40 % of rideshare delays were the "
     "payload, median delay 128 days (facts); several GW makers spread the risk"),
    ("satellite_slip", "QF", 0.3, (7, 30, 90), None, None, "assumption: one Shanghai line; Qianfan had about "
     "90 satellites in orbit in July 2025 against 648 due by end-2025 (fact)"),
    ("weather", "HAINAN", 0.15, None, (SEASON(month=7, day=1), SEASON(month=10, day=31)), None, "assumption: "
     "typhoon season July-October (facts) scrubs beyond the closures of the Closures sheet"),
    ("weather", "HAIYANG", 0.25, None, (SEASON(month=11, day=15), SEASON(month=3, day=15)), None, "assumption: "
     "winter sea storms (facts: sea pads out December-February), wrapping the year end"),
]


# --- what an investment could change (the Levers sheet, for planner risk --levers) ---------------

# lever, kind, subject, amount, from, cost_mcny, note. No public source prices a pad, a line or a
# model's qualification, so every cost is an assumption, said so in its note.
LEVERS = [
    ("third Hainan liquid pad (twin of HN-2)", "pad", "HN-2", None, date(2026, 7, 1), 1500,
     "assumption: a general-purpose liquid pad and tower, about 1.5 billion yuan; open mid-2026"),
    ("second LM-8 pad (twin of HN-1)", "pad", "HN-1", None, date(2026, 7, 1), 1200,
     "assumption: a hydrogen pad for the Long March 8 family, about 1.2 billion yuan"),
    ("second sea-launch ship (twin of HY-S1)", "pad", "HY-S1", None, date(2026, 7, 1), 400,
     "assumption: a converted launch ship and its range, about 0.4 billion yuan"),
    ("Tianhuo-12 line at twice the rate", "engine", "TH-12", 6, date(2026, 7, 1), 600,
     "assumption: a second 3D-printing and test line for TH-12 (facts: engines are the first bottleneck)"),
    ("Zhangjiagang +1 Tianlong-3 a month", "factory", "SP-ZJG", 1, date(2026, 7, 1), 800,
     "assumption: a second final-assembly bay at the Zhangjiagang base"),
    ("SAST +1 Long March 12 a month", "factory", "SAST-SH", 1, date(2026, 7, 1), 1000,
     "assumption: a state line's expansion"),
    ("Qianfan satellites +20 a month", "satellites", "QF", 20, date(2026, 7, 1), 1500,
     "assumption: a second satellite line in Shanghai"),
    ("Hainan pads switched in 2 days", "separation", "HAINAN", 1, None, 200,
     "assumption: separate propellant lines, so switching between pads takes two days, not three (fact: 2-3)"),
    ("Tianlong-3 matured", "maturity", "TL-3", None, None, 800,
     "assumption: qualification flights and fixes before the constellation campaign"),
    ("Zhuque-3 matured", "maturity", "ZQ-3", None, None, 800,
     "assumption: as Tianlong-3"),
]


# --- building the scenario from the tables ---------------------------------------------------


def build_scenario() -> Scenario:
    """The demo scenario, from the tables above."""
    return Scenario(
        settings=E.Settings(horizon_start=HORIZON_START, horizon_end=HORIZON_END, freeze_days=FREEZE_DAYS,
                            time_limit_s=TIME_LIMIT_S),
        constellations=constellations(CONSTELLATIONS),
        shells=shells(SHELLS),
        milestones=milestones(),
        satellite_supply=satellite_supply(),
        rockets=rockets(),
        capacities=capacities(),
        factories=factories(),
        engines=(
            E.Engine(id="TH-12", monthly_output=TH12_PER_MONTH, initial_stock=TH12_STOCK, lead_days=TH12_LEAD_DAYS),
        ),
        rocket_engines=(E.RocketEngine(rocket="TL-3", engine="TH-12", per_vehicle=TH12_PER_TIANLONG3),),
        sites=sites(SITES),
        pads=tuple(E.Pad(id=p, site=s, turnaround_days=t) for p, s, t in PADS),
        pad_rockets=tuple(E.PadRocket(pad=p, rocket=r, turnaround_days=t) for p, r, t in PAD_ROCKETS),
        pad_windows=pad_windows(),
        closures=closures(),
        fixed_launches=fixed_launches(),
        uncertainty=uncertainty(),
        levers=tuple(E.Lever(lever=name, kind=kind, subject=subject, amount=amount, from_=since, cost_mcny=cost,
                             note=note) for name, kind, subject, amount, since, cost, note in LEVERS),
    )


def constellations(rows: list[tuple]) -> tuple[E.Constellation, ...]:
    return tuple(E.Constellation(id=c, name=n, operator=o, filed_satellites=f) for c, n, o, f in rows)


def shells(rows: list[tuple]) -> tuple[E.Shell, ...]:
    return tuple(E.Shell(id=s, constellation=c, altitude_km=a, inclination_deg=i, satellites=n, satellite_mass_kg=m)
                 for s, c, a, i, n, m in rows)


def sites(rows: list[tuple]) -> tuple[E.Site, ...]:
    return tuple(E.Site(id=s, name=n, latitude_deg=lat, min_inclination_deg=lo, max_inclination_deg=hi,
                        min_days_between_launches=gap) for s, n, lat, lo, hi, gap in rows)


def milestones() -> tuple[E.Milestone, ...]:
    """Milestones net of the satellites launched before the horizon."""
    shells = {s[0]: s[1] for s in SHELLS}
    before = {"GW": GW_LAUNCHED_BEFORE_2026, "QF": QF_LAUNCHED_BEFORE_2026, "QF-POLAR": QF_LAUNCHED_BEFORE_2026}
    rows = []
    for where, due, total, weight, label in MILESTONES:
        constellation, shell = (shells[where], where) if where in shells else (where, None)
        rows.append(
            E.Milestone(constellation=constellation, shell=shell, due_date=due,
                        satellites_in_orbit=total - before.get(where, 0), weight=weight,
                        label=f"{label}: {total} in orbit ({before.get(where, 0)} launched before 2026)")
        )
    return tuple(rows)


def satellite_supply() -> tuple[E.SatelliteDelivery, ...]:
    """Initial stock on the first day, then one delivery at the end of every month."""
    rows = [E.SatelliteDelivery(constellation=c, date=HORIZON_START, satellites=n) for c, n in SATELLITE_STOCK.items()]
    for constellation, per_year in SATELLITES_PER_MONTH.items():
        rows += [
            E.SatelliteDelivery(constellation=constellation, date=month_end(year, month), satellites=per_year[year],
                                lead_days=SATELLITE_LEAD_DAYS)
            for year in YEARS
            for month in range(1, 13)
        ]
    return tuple(rows)


def rockets() -> tuple[E.Rocket, ...]:
    return tuple(
        E.Rocket(id=r, name=n, provider=p, available_from=af, cost_mcny=cost, reliability=rel,
                 flights_per_vehicle=fpv, lead_days=lead, return_to_flight_days=rtf, initial_stock=stock)
        for r, n, p, af, cost, rel, fpv, lead, rtf, stock in ROCKETS
    )


def capacities() -> tuple[E.Capacity, ...]:
    general = [
        E.Capacity(rocket=rocket, shell=shell, max_satellites=hi, min_satellites=lo)
        for rocket, shells in CAPACITY.items()
        for shell, (hi, lo) in shells.items()
    ]
    at_site = [
        E.Capacity(rocket=rocket, shell=shell, site=site, max_satellites=hi, min_satellites=lo)
        for rocket, shell, site, hi, lo in SITE_CAPACITY
    ]
    return tuple(general + at_site)


def factories() -> tuple[E.Factory, ...]:
    return tuple(
        E.Factory(id=f, rocket=r, monthly_output=n, start_date=start, location=where,
                  overrides=ramp_up(start or HORIZON_START, EFFECTIVE_PER_YEAR.get(f, {})))
        for f, r, n, start, where in FACTORIES
    )


def ramp_up(start: date, per_year: dict[int, int]) -> tuple[tuple[date, int], ...]:
    """(month, vehicles) overrides spreading each year's total evenly over its producing months."""
    overrides: list[tuple[date, int]] = []
    for year, total in sorted(per_year.items()):
        months = [date(year, m, 1) for m in range(1, 13) if month_end(year, m) >= start]
        overrides += [(month, spread(total, len(months), i)) for i, month in enumerate(months)]
    return tuple(overrides)


def spread(total: int, parts: int, i: int) -> int:
    """The i-th of `parts` whole shares of `total`, spread as evenly as possible."""
    return total * (i + 1) // parts - total * i // parts


def pad_windows() -> tuple[E.Window, ...]:
    opening = [E.Window(pad=pad, start=start, end=HORIZON_END) for pad, start in PAD_OPENS.items()]
    (m0, d0), (m1, d1) = SEA_SEASON
    sea = [E.Window(pad="HY-S1", start=date(y, m0, d0), end=date(y, m1, d1)) for y in YEARS]
    return tuple(opening + sea)


def closures() -> tuple[E.Window, ...]:
    typhoons = [
        E.Window(site="HAINAN", start=date(y, m, d), end=date(y, m, d + days - 1), reason="typhoon (assumed)")
        for y in YEARS
        for m, d, days in TYPHOON_CLOSURES
    ]
    pads = [E.Window(pad=p, start=start, end=end, reason=why) for p, start, end, why in PAD_CLOSURES]
    return tuple(typhoons + pads)


def fixed_launches() -> tuple[E.Launch, ...]:
    pads = {p: s for p, s, _ in PADS}
    shells = {s[0]: s[1] for s in SHELLS}
    return tuple(
        E.Launch(launch_id=lid, date=day, site=pads[pad], pad=pad, rocket=rocket, constellation=shells[shell],
                 shell=shell, satellites=n, status=status)
        for lid, day, pad, rocket, shell, n, status in FIXED_LAUNCHES
    )


def uncertainty() -> tuple[E.Uncertainty, ...]:
    rows = []
    for kind, subject, probability, days, season, flights, note in UNCERTAINTY:
        low, mode, high = days or (None, None, None)
        start, end = season or (None, None)
        rows.append(E.Uncertainty(kind=kind, subject=subject, probability=probability, min_days=low, mode_days=mode,
                                  max_days=high, from_=start, to=end, flights=flights, note=note))
    return tuple(rows)


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def main() -> None:
    write_scenario(build_scenario(), OUTPUT)
    print(f"wrote {OUTPUT}")


if __name__ == "__main__":
    main()
