"""The common model's entities and fields a mapping can fill, and the transforms it can apply,
described for the mapping workbench (Dutch labels).

The fields are those ``mapping/build.py`` reads (a test checks that they stay in step); the
transforms and their parameters are read from ``schemas/mapping-v1.xsd`` itself, so that a new
transform or choice in the schema shows up here without a second list to maintain.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from lxml import etree

from ketenkoppeling.mapping.loader import SCHEMAS

XS = "{http://www.w3.org/2001/XMLSchema}"


@dataclass(frozen=True)
class FieldInfo:
    name: str
    label: str  # Dutch
    required: bool
    lookup: str | None = None  # reference code list: partner, instrument, regime, budget, provider
    attribution: bool = False  # a field inside <attribution> (budget, percentage)
    type: str = "text"  # text | code | bsn | date | amount | percentage: the value expected


@dataclass(frozen=True)
class EntityInfo:
    name: str
    label: str  # Dutch
    fields: list[FieldInfo]

    def field(self, name: str) -> FieldInfo | None:
        return next((f for f in self.fields if f.name == name), None)


def _f(
    name: str,
    label: str,
    required: bool = False,
    lookup: str | None = None,
    type: str = "text",
    attribution: bool = False,
) -> FieldInfo:
    return FieldInfo(name, label, required, lookup, attribution, type)


_BSN = _f("bsn", "BSN", True, type="bsn")

ENTITIES: dict[str, EntityInfo] = {
    e.name: e
    for e in [
        EntityInfo(
            "client",
            "Klant",
            [
                _BSN,
                _f("birth_date", "geboortedatum", type="date"),
                _f("surname", "achternaam"),
                _f("initials", "voorletters"),
                _f("postcode", "postcode"),
            ],
        ),
        EntityInfo(
            "deployment",
            "Inzet van een instrument",
            [
                _f("partner", "registrerende ketenpartner", True, "partner", "code"),
                _f("reference", "referentie (trajectnummer)", True),
                _BSN,
                _f("instrument", "instrument", True, "instrument", "code"),
                _f("start", "startdatum", True, type="date"),
                _f("end", "einddatum", type="date"),
                _f("provider", "aanbieder", lookup="provider", type="code"),
                _f("werkcoach", "werkcoach"),
            ],
        ),
        EntityInfo(
            "spend",
            "Besteding (factuurregel)",
            [
                _f("partner", "registrerende ketenpartner", True, "partner", "code"),
                _f("invoice_number", "factuurnummer", True),
                _f("reference", "referentie van de inzet", True),
                _BSN,
                _f("payer", "betaler", True, "partner", "code"),
                _f("pay_date", "betaaldatum", True, type="date"),
                _f("period_from", "periode van", True, type="date"),
                _f("period_to", "periode tot", True, type="date"),
                _f("amount", "bedrag", True, type="amount"),
                _f("provider", "aanbieder", lookup="provider", type="code"),
                _f("budget", "budget", True, "budget", "code", attribution=True),
                _f("percentage", "percentage", True, type="percentage", attribution=True),
            ],
        ),
        EntityInfo(
            "benefit_period",
            "Uitkeringsperiode",
            [
                _BSN,
                _f("regime", "regeling", True, "regime", "code"),
                _f("executor", "uitvoerder (ketenpartner)", True, "partner", "code"),
                _f("start", "ingangsdatum", True, type="date"),
                _f("end", "einddatum", type="date"),
            ],
        ),
        EntityInfo(
            "outflow",
            "Uitstroom",
            [
                _BSN,
                _f("date", "datum", True, type="date"),
                _f("reason", "reden (WERK of ANDERS)", True, type="code"),
                _f("partner", "melder (ketenpartner)", True, "partner", "code"),
            ],
        ),
    ]
}

LOOKUP_LABELS = {
    "partner": "ketenpartner",
    "instrument": "instrument",
    "regime": "regeling",
    "budget": "budget",
    "provider": "aanbieder",
}

# --- transforms --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParamInfo:
    name: str
    label: str  # Dutch
    choices: list[str] | None  # the allowed values, or None for free text
    required: bool
    default: str | None = None  # the schema's default when the attribute is left out


@dataclass(frozen=True)
class TransformInfo:
    kind: str
    label: str  # Dutch
    params: list[ParamInfo] = field(default_factory=list)
    entries: bool = False  # has a table of <entry from=… to=…/> (the value map)
    description: str = ""  # Dutch, one sentence for a tooltip


DATE_FORMATS = ["dd-mm-yyyy", "d-m-yyyy", "yyyy-mm-dd", "yyyymmdd", "dd/mm/yyyy", "d/m/yyyy"]
"""Date formats a ``date`` transform understands best (any mix of d, dd, m, mm, yyyy and
separators works)."""

_TRANSFORM_TEXT: dict[str, tuple[str, str]] = {
    "trim": ("spaties weghalen", "Haalt spaties aan begin en eind weg en dubbele spaties eruit."),
    "upper": ("hoofdletters", "Zet de waarde in hoofdletters."),
    "lower": ("kleine letters", "Zet de waarde in kleine letters."),
    "bsn": ("BSN", "Maakt een BSN van 8 cijfers 9 cijfers (voorloopnul) en controleert het."),
    "default": ("standaardwaarde", "Gebruikt deze waarde als de bron leeg is."),
    "date": ("datum", "Leest een datum in een van de opgegeven formaten."),
    "amount": ("bedrag", "Leest een bedrag zoals € 1.234,56 of 1234.56."),
    "split-name": ("naam splitsen", "Haalt achternaam of voorletters uit 'Vries, J.P. de'."),
    "regex": ("patroon", "Neemt het deel van de waarde dat bij het patroon past."),
    "strip-prefix": ("voorvoegsel weghalen", "Haalt een vaste tekst aan het begin weg."),
    "map": ("waardetabel", "Vertaalt waarden naar codes; wat er niet in staat, volgt 'anders'."),
}
_PARAM_LABELS: dict[tuple[str, str], str] = {
    ("default", "value"): "waarde",
    ("date", "formats"): "formaten (met spaties ertussen)",
    ("date", "unknown-parts"): "onbekende maand of dag (00)",
    ("amount", "decimal"): "decimaalteken",
    ("split-name", "part"): "deel",
    ("regex", "pattern"): "patroon",
    ("regex", "group"): "groep",
    ("strip-prefix", "value"): "voorvoegsel",
    ("map", "ignore-case"): "hoofdletters negeren",
    ("map", "otherwise"): "anders (waarde niet in de tabel)",
}
# values the schema leaves free (xs:string) but the engine knows
_PARAM_CHOICES: dict[tuple[str, str], list[str]] = {("date", "unknown-parts"): ["first"]}
CHOICE_LABELS: dict[str, str] = {
    "auto": "automatisch",
    "comma": "komma",
    "point": "punt",
    "surname": "achternaam",
    "initials": "voorletters",
    "keep": "waarde behouden",
    "error": "weigeren (quarantaine)",
    "instrument": "opzoeken bij de instrumenten",
    "partner": "opzoeken bij de ketenpartners",
    "regime": "opzoeken bij de regelingen",
    "budget": "opzoeken bij de budgetten",
    "provider": "opzoeken bij de aanbieders",
    "first": "eerste dag nemen",
    "true": "ja",
    "false": "nee",
}


def choice_label(value: str) -> str:
    """Dutch label of a parameter choice (the value itself when there is none)."""
    return CHOICE_LABELS.get(value, value)


def _param(kind: str, attribute: etree._Element) -> ParamInfo:
    name = attribute.get("name", "")
    choices: list[str] | None = [
        e.get("value", "") for e in attribute.iter(XS + "enumeration")
    ] or None
    if attribute.get("type") == "xs:boolean":
        choices = ["true", "false"]
    choices = choices or _PARAM_CHOICES.get((kind, name))
    return ParamInfo(
        name=name,
        label=_PARAM_LABELS.get((kind, name), name),
        choices=choices,
        required=attribute.get("use") == "required",
        default=attribute.get("default"),
    )


@cache
def _schema_transforms() -> dict[str, TransformInfo]:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    xsd = etree.parse(str(SCHEMAS / "mapping-v1.xsd"), parser).getroot()
    group = xsd.find(f"{XS}group[@name='transform']")
    if group is None:  # pragma: no cover - the shipped schema has it
        return {}
    result: dict[str, TransformInfo] = {}
    for element in group.iterfind(f"{XS}choice/{XS}element"):
        kind = element.get("name", "")
        label, description = _TRANSFORM_TEXT.get(kind, (kind, ""))
        params = [_param(kind, a) for a in element.iterfind(f"{XS}complexType/{XS}attribute")]
        entries = element.find(f"{XS}complexType/{XS}sequence/{XS}element[@name='entry']")
        result[kind] = TransformInfo(kind, label, params, entries is not None, description)
    return result


TRANSFORMS: dict[str, TransformInfo] = _schema_transforms()


def field_info(entity: str, name: str) -> FieldInfo | None:
    """The description of ``entity.name``, or None when the model has no such field."""
    info = ENTITIES.get(entity)
    return info.field(name) if info is not None else None


def map_lookup(entity: str, name: str) -> str:
    """The ``otherwise`` a new value map of this field gets: the reference list to look an
    unknown value up in when the schema allows that list, else ``keep``."""
    info = field_info(entity, name)
    otherwise = next(
        (p.choices or [] for p in TRANSFORMS["map"].params if p.name == "otherwise"), []
    )
    if info is not None and info.lookup in otherwise:
        return info.lookup
    return "keep"
