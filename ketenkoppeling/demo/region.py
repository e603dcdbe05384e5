"""Reference data of the demo region (spec/reference-data.md): partners, regimes,
instruments, budgets and providers, plus the partner-specific names the exports use."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

# Partner code, name, kind, valid from, valid to (None: open) — the sample region.
PARTNERS: tuple[tuple[str, str, str], ...] = (
    ("UWV", "UWV", "UWV"),
    ("CWI", "CWI", "CWI"),
    ("WERKBEDRIJF", "WERKbedrijf", "WERKBEDRIJF"),
    ("GEM-0392", "Gemeente Haarlem", "GEMEENTE"),
    ("GEM-0473", "Gemeente Zandvoort", "GEMEENTE"),
    ("IASZ", "Intergemeentelijke Afdeling Sociale Zaken", "INTERGEMEENTELIJK"),
)
PARTNER_NAMES = {code: name for code, name, _ in PARTNERS}

GEMEENTEN = ("GEM-0392", "GEM-0473", "IASZ")
# Share of the region's clients living in each gemeente's area.
GEMEENTE_WEIGHTS = (74, 9, 17)
# Short names used in file names, references and internal invoice numbers.
SHORT = {"UWV": "UWV", "GEM-0392": "HLM", "GEM-0473": "ZVT", "IASZ": "IASZ"}
INVOICE_PREFIX = {"UWV": "UWV", "GEM-0392": "GEM-0392", "GEM-0473": "GEM-0473", "IASZ": "IASZ"}

REGIMES: tuple[tuple[str, str, str], ...] = (
    ("WW", "Werkloosheidswet", "UWV"),
    ("WIA", "Wet werk en inkomen naar arbeidsvermogen", "UWV"),
    ("WAO", "Wet op de arbeidsongeschiktheidsverzekering", "UWV"),
    ("WAJONG", "Wajong", "UWV"),
    ("WWB", "Wet werk en bijstand", "GEMEENTE"),
    ("IOAW", "IOAW", "GEMEENTE"),
    ("IOAZ", "IOAZ", "GEMEENTE"),
    ("ANW", "Algemene nabestaandenwet", "-"),
    ("NUG", "Niet-uitkeringsgerechtigd", "-"),
)
UWV_REGIMES = ("WW", "WIA", "WAO", "WAJONG")
GEMEENTE_REGIMES = ("WWB", "IOAW", "IOAZ")

INSTRUMENTS: tuple[tuple[str, str], ...] = (
    ("WF", "Work First"),
    ("IRO", "Individuele re-integratieovereenkomst"),
    ("SCH", "Scholing"),
    ("JC", "Jobcoaching"),
    ("LKS", "Loonkostensubsidie"),
    ("PP", "Proefplaatsing"),
    ("PPL", "Participatieplaats"),
    ("BB", "Brugbaan"),
    ("SOL", "Sollicitatietraining"),
    ("ZORG", "Zorgtraject"),
)
INSTRUMENT_CODES = tuple(code for code, _ in INSTRUMENTS)
INSTRUMENT_NAMES = dict(INSTRUMENTS)

UWV_PRODUCTS: dict[str, str] = {
    "Work First": "WF",
    "IRO-traject": "IRO",
    "Scholing/opleiding": "SCH",
    "Jobcoach": "JC",
    "Loonkostensubsidie": "LKS",
    "Proefplaatsing": "PP",
    "Participatieplaats": "PPL",
    "Brugbaan": "BB",
    "Sollicitatiecursus": "SOL",
    "Zorgtraject": "ZORG",
}
"""UWV's own product names (``Re-integratieproduct``) and the instrument code each maps to."""
UWV_PRODUCT_NAMES = {code: name for name, code in UWV_PRODUCTS.items()}

# Typical cost per 30 days of an instrument, in euro.
MONTHLY_RATE = {
    "WF": 650, "IRO": 1500, "SCH": 1250, "JC": 380, "LKS": 820,
    "PP": 320, "PPL": 260, "BB": 720, "SOL": 260, "ZORG": 540,
}  # fmt: skip

# Instrument weights per kind of client (order of INSTRUMENT_CODES).
INSTRUMENT_WEIGHTS = {
    "WW": (14, 8, 14, 8, 6, 8, 0, 8, 16, 4),
    "AG": (4, 10, 10, 16, 12, 8, 0, 10, 6, 14),
    "GEM": (14, 6, 10, 10, 8, 6, 14, 10, 10, 12),
}

WERKCOACHES = {
    "UWV": ("m.bakker", "p.dijkman", "j.vos", "a.kramer", "s.el-amrani", "r.meijer", "h.kok"),
    "GEM-0392": ("l.smit", "k.visser", "d.yilmaz", "e.de.wit", "t.brouwer", "n.maas"),
    "GEM-0473": ("w.koster", "b.prins"),
    "IASZ": ("f.blom", "g.huisman", "c.peeters"),
}

_PROVIDER_NAMES = (
    "Werkplan BV", "Kansrijk Re-integratie", "Aan de Slag Kennemerland", "Opstap Advies",
    "JobTrack", "Leerwerk Haarlem", "Stap Verder", "Re-Start Noord-Holland",
    "Perspectief Plus", "Talentwerk", "Baanbrekers", "Route Werk",
)  # fmt: skip
_NAME_FIRST = (
    "Werk", "Kans", "Stap", "Koers", "Baan", "Talent", "Loopbaan", "Toekomst", "Duin",
    "Spaarne", "Kennemer", "Zuidkust", "Horizon", "Brug", "Start",
)  # fmt: skip
_NAME_SECOND = (
    "Re-integratie", "Advies", "Coaching", "Groep", "BV", "Partners", "Werkt", "& Co",
    "Academie", "Support",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class BudgetDef:
    code: str
    label: str
    owner: str
    regimes: tuple[str, ...]
    instruments: tuple[str, ...]  # empty: all instruments


def budgets(year: int) -> tuple[BudgetDef, ...]:
    """The budgets of the region for ``year`` (amounts are set after the spend is known)."""
    all_but_ppl = tuple(c for c in INSTRUMENT_CODES if c != "PPL")
    gem_regimes = ("WWB", "IOAW", "IOAZ", "NUG")
    return (
        BudgetDef(f"UWV-RIB-WW-{year}", f"Re-integratiebudget WW {year}", "UWV", ("WW",),
                  all_but_ppl),
        BudgetDef(f"UWV-RIB-AG-{year}", f"Re-integratiebudget arbeidsgehandicapten {year}",
                  "UWV", ("WIA", "WAO", "WAJONG"), ()),
        BudgetDef(f"GEM-0392-WD-{year}", f"Werkdeel WWB Haarlem {year}", "GEM-0392",
                  gem_regimes, ()),
        BudgetDef(f"GEM-0473-WD-{year}", f"Werkdeel WWB Zandvoort {year}", "GEM-0473",
                  gem_regimes, ()),
        BudgetDef(f"IASZ-WD-{year}", f"Werkdeel WWB IASZ {year}", "IASZ", gem_regimes, ()),
    )  # fmt: skip


def gemeente_budget(gemeente: str, year: int) -> str:
    return f"{gemeente}-WD-{year}"


def partner_validity(code: str, year: int) -> tuple[date, date | None]:
    if code == "CWI":
        return date(2002, 1, 1), date(year, 6, 30)
    if code == "WERKBEDRIJF":
        return date(year, 7, 1), None
    return date(2002, 1, 1), None


def provider_count(clients: int) -> int:
    """12 providers for a small region, up to 60 for a large one."""
    return min(60, 12 + clients // 5000)


def provider_names(count: int, seed: int) -> list[str]:
    names = list(_PROVIDER_NAMES[:count])
    rnd = random.Random(f"providers-{seed}")
    seen = set(names)
    while len(names) < count:
        name = f"{rnd.choice(_NAME_FIRST)} {rnd.choice(_NAME_SECOND)}"
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def provider_code(number: int) -> str:
    return f"RIB-{number:04d}"
