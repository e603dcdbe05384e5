"""An allocation key as editable data (no Qt): what a form holds while the user types.

A :class:`KeyDraft` keeps every field as typed (amounts with a Dutch decimal comma,
percentages, years), :meth:`KeyDraft.problems` says in Dutch what is wrong per field — cheap
enough to run on every keystroke — and :meth:`KeyDraft.to_toml` writes the TOML that
:func:`allocation.parse_key` reads (spec/accounting.md "Cost allocation"). A valid draft
round-trips: ``KeyDraft.from_toml(draft.to_toml()) == draft``.

Field names of problems: ``name``, ``unit``, ``costs``, ``cost.N.year``, ``cost.N.item.M``,
``rules``, ``rule.N.<field>`` (partner, amount, percentage, partners, reference_date, counts,
years) and ``year.JJJJ`` for what is wrong with a whole year (``rules`` names the rules
involved); N and M count from 0.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from ketenkoppeling.accounting.allocation import HUNDRED, KINDS, UNITS, AllocationKey, parse_key
from ketenkoppeling.model.money import CENT, format_euro, round_half_up

KIND_NAMES = {
    "fixed": "vast bedrag",
    "percentage": "percentage",
    "caseload": "naar rato van het bestand",
    "remainder": "restpost",
}


@dataclass
class CostDraft:
    year: str = ""
    items: list[tuple[str, str]] = field(default_factory=list)  # (cost item, amount as typed)


@dataclass
class RuleDraft:
    kind: str = "fixed"
    partner: str = ""
    amount: str = ""
    percentage: str = ""
    partners: list[str] = field(default_factory=list)
    use_counts: bool = False  # caseload: counts given instead of a reference date
    reference_date: str = ""  # JJJJ-MM-DD (DD-MM-JJJJ is read too)
    counts: dict[str, str] = field(default_factory=dict)
    years: str = ""  # "2009, 2010"; empty: every year


@dataclass(frozen=True)
class Problem:
    field: str
    message: str
    rules: tuple[int, ...] = ()  # year problems: the rules (from 0) involved


# --- reading what was typed ------------------------------------------------------------------


def parse_amount(text: str) -> Decimal:
    """An amount as a Dutch user types it: ``5.000,00``, ``5000,5``, ``5000`` (and the TOML
    form ``5000.00``). Raises ValueError with a Dutch message."""
    raw = text.strip().replace("€", "").replace(" ", "").replace("\u00a0", "")
    if not raw:
        raise ValueError("vul een bedrag in")
    if raw.startswith("-"):
        raise ValueError("een bedrag mag niet negatief zijn")
    if "," in raw:
        whole, _, frac = raw.rpartition(",")
        if not re.fullmatch(r"\d{1,3}(\.\d{3})*|\d+", whole) or not re.fullmatch(r"\d*", frac):
            raise ValueError(f"'{text.strip()}' is geen bedrag; schrijf bijv. 5.000,00")
        normal = f"{whole.replace('.', '')}.{frac or '0'}"
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+", raw):
        normal = raw.replace(".", "")
    elif re.fullmatch(r"\d+(\.\d+)?", raw):
        normal = raw
    else:
        raise ValueError(f"'{text.strip()}' is geen bedrag; schrijf bijv. 5.000,00")
    value = Decimal(normal)
    if value != value.quantize(CENT):
        raise ValueError(f"'{text.strip()}' heeft meer dan 2 decimalen")
    return value.quantize(CENT)


def parse_percentage(text: str) -> Decimal:
    raw = text.strip().replace("%", "").strip().replace(",", ".")
    if not raw:
        raise ValueError("vul een percentage in")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValueError(f"'{text.strip()}' is geen percentage") from None
    if not value.is_finite() or value <= 0 or value > HUNDRED:
        raise ValueError("een percentage moet groter dan 0 en hooguit 100 zijn")
    return value


def parse_year(text: str) -> int:
    raw = text.strip()
    if not re.fullmatch(r"\d{4}", raw) or not 1900 <= int(raw) <= 9999:
        raise ValueError(
            f"'{raw}' is geen jaartal; schrijf bijv. 2009" if raw else "vul een jaar in"
        )
    return int(raw)


def parse_years(text: str) -> tuple[int, ...] | None:
    """``"2009, 2010"`` → (2009, 2010); empty → None (every year)."""
    parts = [p for p in re.split(r"[,;\s]+", text.strip()) if p]
    if not parts:
        return None
    years = tuple(parse_year(p) for p in parts)
    if len(set(years)) != len(years):
        raise ValueError("een jaar staat er meer dan eens")
    return years


def parse_day(text: str) -> date:
    raw = text.strip()
    try:
        if re.fullmatch(r"\d{1,2}-\d{1,2}-\d{4}", raw):
            d, m, y = (int(p) for p in raw.split("-"))
            return date(y, m, d)
        return date.fromisoformat(raw)
    except ValueError:
        pass
    raise ValueError(
        f"'{raw}' is geen datum; schrijf bijv. 01-01-2009" if raw else "vul een peildatum in"
    )


def dutch_amount(value: Decimal) -> str:
    """5000.5 → ``5.000,50`` (the form's display of an amount)."""
    return format_euro(value).removeprefix("€ ")


def dutch_number(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


# --- the draft -------------------------------------------------------------------------------


@dataclass
class KeyDraft:
    name: str = ""
    unit: str = "cent"
    costs: list[CostDraft] = field(default_factory=list)
    rules: list[RuleDraft] = field(default_factory=list)

    # reading and writing ---------------------------------------------------------------------

    @classmethod
    def from_key(cls, key: AllocationKey) -> KeyDraft:
        costs = [
            CostDraft(str(c.year), [(item, dutch_amount(v)) for item, v in c.items.items()])
            for c in key.costs
        ]
        rules = []
        for r in key.rules:
            rules.append(
                RuleDraft(
                    kind=r.kind,
                    partner=r.partner or "",
                    amount=dutch_amount(r.amount) if r.amount is not None else "",
                    percentage=dutch_number(r.percentage) if r.percentage is not None else "",
                    partners=list(r.partners),
                    use_counts=r.counts is not None,
                    reference_date=r.reference_date.isoformat() if r.reference_date else "",
                    counts={p: str(n) for p, n in (r.counts or {}).items()},
                    years=", ".join(str(y) for y in r.years) if r.years else "",
                )
            )
        return cls(key.name, key.unit, costs, rules)

    @classmethod
    def from_toml(cls, text: str | bytes) -> KeyDraft:
        """Raises AllocationError (Dutch) for a key that is refused."""
        return cls.from_key(parse_key(text))

    def to_toml(self) -> str:
        """The key as TOML. Only meaningful for a draft without problems: fields that cannot
        be read are written as typed, so parse_key refuses them."""
        out = [f"name = {_s(self.name.strip())}", f"unit = {_s(self.unit)}"]
        for cost in self.costs:
            out += ["", "[[cost]]", f"year = {_year_text(cost.year)}"]
            items = ", ".join(f"{_s(k.strip())} = {_s(_amount_text(v))}" for k, v in cost.items)
            out.append(f"items = {{ {items} }}")
        for rule in self.rules:
            out += ["", "[[rule]]"]
            if rule.kind != "caseload":
                out.append(f"partner = {_s(rule.partner.strip())}")
            out.append(f"kind = {_s(rule.kind)}")
            if rule.kind == "fixed":
                out.append(f"amount = {_s(_amount_text(rule.amount))}")
            if rule.kind in ("percentage", "caseload"):
                out.append(f"percentage = {_s(_percentage_text(rule.percentage))}")
            if rule.kind == "caseload":
                out.append(f"partners = [{', '.join(_s(p) for p in rule.partners)}]")
                if rule.use_counts:
                    counts = ", ".join(
                        f"{_s(p)} = {rule.counts.get(p, '').strip() or 0}" for p in rule.partners
                    )
                    out.append(f"counts = {{ {counts} }}")
                else:
                    out.append(f"reference_date = {_s(_day_text(rule.reference_date))}")
            years = _years_text(rule.years)
            if years:
                out.append(f"years = [{years}]")
        return "\n".join(out) + "\n"

    # validation --------------------------------------------------------------------------------

    def problems(self, known: Iterable[str] | None = None) -> list[Problem]:
        """Everything that keeps the draft from being a valid key, per field, in Dutch.
        ``known``: the partner codes of the reference data (None: not checked)."""
        partners = set(known) if known is not None else None
        found: list[Problem] = []
        if not self.name.strip():
            found.append(Problem("name", "geef de sleutel een naam"))
        if self.unit not in UNITS:
            found.append(Problem("unit", 'kies "cent" of "euro"'))
        totals = self._cost_problems(found)
        if not self.rules:
            found.append(Problem("rules", "voeg ten minste één regel toe"))
        years_of: list[tuple[int, ...] | None] = []
        for n, rule in enumerate(self.rules):
            years_of.append(self._rule_problems(n, rule, partners, set(totals), found))
        self._year_problems(totals, years_of, found)
        return found

    def _cost_problems(self, found: list[Problem]) -> dict[int, Decimal | None]:
        totals: dict[int, Decimal | None] = {}
        if not self.costs:
            found.append(Problem("costs", "voeg de kosten van ten minste één jaar toe"))
        for n, cost in enumerate(self.costs):
            try:
                year = parse_year(cost.year)
            except ValueError as exc:
                found.append(Problem(f"cost.{n}.year", str(exc)))
                year = None
            if year is not None and year in totals:
                found.append(Problem(f"cost.{n}.year", f"{year} staat al bij de kosten"))
                year = None
            total: Decimal | None = Decimal(0)
            if not cost.items:
                found.append(Problem(f"cost.{n}.year", "voeg ten minste één kostenpost toe"))
            seen: set[str] = set()
            for m, (item, amount) in enumerate(cost.items):
                where = f"cost.{n}.item.{m}"
                if not item.strip():
                    found.append(Problem(where, "geef de kostenpost een naam"))
                elif item.strip() in seen:
                    found.append(Problem(where, f"'{item.strip()}' staat er al"))
                seen.add(item.strip())
                try:
                    value = parse_amount(amount)
                    total = None if total is None else total + value
                except ValueError as exc:
                    found.append(Problem(where, str(exc)))
                    total = None
            if year is not None:
                totals[year] = total
        return totals

    def _rule_problems(
        self,
        n: int,
        rule: RuleDraft,
        partners: set[str] | None,
        cost_years: set[int],
        found: list[Problem],
    ) -> tuple[int, ...] | None:
        where = f"rule.{n}"
        if rule.kind not in KINDS:
            found.append(Problem(f"{where}.kind", "kies een soort regel"))
            return None

        def check_partner(code: str, name: str) -> None:
            if not code.strip():
                found.append(Problem(f"{where}.{name}", "kies een partner"))
            elif partners is not None and code.strip() not in partners:
                found.append(
                    Problem(f"{where}.{name}", f"{code.strip()} staat niet bij de partners")
                )

        if rule.kind == "caseload":
            if not rule.partners:
                found.append(Problem(f"{where}.partners", "kies ten minste één partner"))
            elif len(set(rule.partners)) != len(rule.partners):
                found.append(Problem(f"{where}.partners", "een partner staat er meer dan eens"))
            for code in rule.partners:
                check_partner(code, "partners")
            if rule.use_counts:
                for code in rule.partners:
                    raw = rule.counts.get(code, "").strip()
                    if not re.fullmatch(r"\d+", raw):
                        found.append(
                            Problem(
                                f"{where}.counts",
                                f"het bestand van {code} moet een geheel aantal zijn",
                            )
                        )
                if rule.partners and all(
                    rule.counts.get(p, "").strip() in ("0", "") for p in rule.partners
                ):
                    found.append(Problem(f"{where}.counts", "alle aantallen zijn 0"))
            else:
                try:
                    parse_day(rule.reference_date)
                except ValueError as exc:
                    found.append(Problem(f"{where}.reference_date", str(exc)))
        else:
            check_partner(rule.partner, "partner")
        if rule.kind == "fixed":
            try:
                parse_amount(rule.amount)
            except ValueError as exc:
                found.append(Problem(f"{where}.amount", str(exc)))
        if rule.kind in ("percentage", "caseload"):
            try:
                parse_percentage(rule.percentage)
            except ValueError as exc:
                found.append(Problem(f"{where}.percentage", str(exc)))
        try:
            years = parse_years(rule.years)
        except ValueError as exc:
            found.append(Problem(f"{where}.years", str(exc)))
            return None
        missing = sorted(set(years or ()) - cost_years)
        if missing:
            found.append(
                Problem(f"{where}.years", f"geen kosten voor {', '.join(map(str, missing))}")
            )
        return years

    def _year_problems(
        self,
        totals: dict[int, Decimal | None],
        years_of: list[tuple[int, ...] | None],
        found: list[Problem],
    ) -> None:
        unit = UNITS.get(self.unit, CENT)
        for year in sorted(totals):
            applying = [
                n
                for n, rule in enumerate(self.rules)
                if rule.kind in KINDS and (years_of[n] is None or year in (years_of[n] or ()))
            ]
            remainders = tuple(n for n in applying if self.rules[n].kind == "remainder")
            if len(remainders) > 1:
                found.append(
                    Problem(f"year.{year}", f"meer dan één restpost in {year}", remainders)
                )
            pct_rules = tuple(
                n for n in applying if self.rules[n].kind in ("percentage", "caseload")
            )
            pcts = [_try(parse_percentage, self.rules[n].percentage) for n in pct_rules]
            known_pcts = [p for p in pcts if p is not None]
            pct_sum = sum(known_pcts, Decimal(0))
            if pct_sum > HUNDRED:
                found.append(
                    Problem(
                        f"year.{year}",
                        f"percentages tellen op tot {dutch_number(pct_sum)} % in {year}, "
                        "meer dan 100 %",
                        pct_rules,
                    )
                )
                continue
            total = totals[year]
            amounts = [
                _try(parse_amount, self.rules[n].amount)
                for n in applying
                if self.rules[n].kind == "fixed"
            ]
            if total is None or None in amounts or len(known_pcts) != len(pcts):
                continue  # the fields say what is wrong first
            fixed = sum((a for a in amounts if a is not None), Decimal(0))
            assigned = fixed + sum(
                (round_half_up(total * p / HUNDRED, unit) for p in known_pcts), Decimal(0)
            )
            involved = tuple(n for n in applying if self.rules[n].kind != "remainder")
            if assigned > total:
                found.append(
                    Problem(
                        f"year.{year}",
                        f"de regels verdelen {format_euro(assigned)} in {year}, meer dan de "
                        f"kosten van {format_euro(total)}",
                        involved,
                    )
                )
            elif assigned < total and not remainders:
                found.append(
                    Problem(
                        f"year.{year}",
                        f"er blijft {format_euro(total - assigned)} over in {year}, maar er is "
                        "geen restpost",
                        involved,
                    )
                )


def problems_for(problems: Iterable[Problem], prefix: str) -> list[str]:
    """The messages of the field ``prefix`` (e.g. ``rule.2.percentage``) and, for a rule,
    the year problems it is involved in (``prefix`` ``rule.2`` gives all of rule 3)."""
    messages = []
    for p in problems:
        if p.field == prefix or p.field.startswith(prefix + "."):
            messages.append(p.message)
        elif prefix.startswith("rule.") and p.rules:
            parts = prefix.split(".")
            if len(parts) == 2 and int(parts[1]) in p.rules:
                messages.append(p.message)
    return messages


# --- the template ----------------------------------------------------------------------------

#: The region's cost-sharing key of spec/accounting.md "Cost allocation": a fixed amount to
#: CWI in 2009, 4.5 % to Zandvoort, 30 % to Haarlem and the IASZ by caseload on 1 January
#: 2009, and the remainder to the work company.
TEMPLATE_NAME = "Projectkosten voorbeeld"


def template_draft(known: Iterable[str] | None = None) -> KeyDraft:
    """The cost-sharing key of the specification as a draft. Partners are the example
    region's codes of spec/reference-data.md; one that the partner table (``known``) does
    not hold is left empty for the user to choose, never made up."""
    codes = set(known) if known is not None else None

    def take(code: str) -> str:
        return code if codes is None or code in codes else ""

    return KeyDraft(
        name=TEMPLATE_NAME,
        unit="cent",
        costs=[CostDraft("2009", [("Projectleider", "60.000,00"), ("Opleiding", "20.000,00")])],
        rules=[
            RuleDraft(kind="fixed", partner=take("CWI"), amount="5.000,00", years="2009"),
            RuleDraft(kind="percentage", partner=take("GEM-0473"), percentage="4,5"),
            RuleDraft(
                kind="caseload",
                percentage="30",
                partners=[p for p in (take("GEM-0392"), take("IASZ")) if p],
                reference_date="2009-01-01",
            ),
            RuleDraft(kind="remainder", partner=take("WERKBEDRIJF")),
        ],
    )


# --- helpers ---------------------------------------------------------------------------------


def _s(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _try(parse: Callable[[str], Decimal], text: str) -> Decimal | None:
    try:
        return parse(text)
    except ValueError:
        return None


def _amount_text(text: str) -> str:
    value = _try(parse_amount, text)
    return text if value is None else str(value)


def _percentage_text(text: str) -> str:
    value = _try(parse_percentage, text)
    return text if value is None else f"{value.normalize():f}"


def _year_text(text: str) -> str:
    try:
        return str(parse_year(text))
    except ValueError:
        return _s(text)


def _years_text(text: str) -> str:
    try:
        years = parse_years(text)
    except ValueError:
        return _s(text)
    return ", ".join(str(y) for y in years or ())


def _day_text(text: str) -> str:
    try:
        return parse_day(text).isoformat()
    except ValueError:
        return text
