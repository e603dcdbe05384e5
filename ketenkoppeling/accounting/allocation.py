"""Cost allocation by an allocation key (verdeelsleutel, spec/accounting.md).

A key is exchanged as TOML::

    name = "Projectkosten voorbeeld"
    unit = "cent"                 # or "euro": the unit shares are rounded to (default cent)
    [[cost]]                      # one per year
    year = 2009
    items = { "Projectleider" = "60000.00", "Opleiding" = "20000.00" }
    [[rule]]  partner, kind = "fixed",      amount,      years (optional: all years)
    [[rule]]  partner, kind = "percentage", percentage
    [[rule]]  kind = "caseload", percentage, partners, reference_date | counts
    [[rule]]  partner, kind = "remainder"

Per year: fixed amounts first, then percentages and caseload groups of the year's total (each
share rounded half-up to the unit; a caseload group's amount is split over its partners by the
largest-remainder method in whole units), and the remainder rule takes what is left, so the
shares sum to the total exactly. ``years`` is honoured on every kind of rule. A key that is
not exactly right is refused with an :class:`AllocationError` naming the rule, year or field.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ketenkoppeling.accounting.rounding import largest_remainder
from ketenkoppeling.model.money import CENT, format_euro, format_money, round_half_up
from ketenkoppeling.store.tables import AllocationKeyRow, AuditLogRow, BenefitPeriodRow, PartnerRow

KINDS = ("fixed", "percentage", "caseload", "remainder")
UNITS = {"cent": CENT, "euro": Decimal(1)}
HUNDRED = Decimal(100)
KIND_LABELS = {
    "fixed": "vast bedrag",
    "percentage": "percentage",
    "caseload": "naar rato van het bestand",
    "remainder": "restant",
}
_TOP_FIELDS = {"name", "unit", "cost", "rule"}
_COST_FIELDS = {"year", "items"}
_RULE_FIELDS = {
    "fixed": {"kind", "partner", "amount", "years"},
    "percentage": {"kind", "partner", "percentage", "years"},
    "caseload": {"kind", "percentage", "partners", "reference_date", "counts", "years"},
    "remainder": {"kind", "partner", "years"},
}
_AMOUNT = re.compile(r"^\d+(\.\d{1,2})?$")

#: Counts the caseload of each partner on a reference date: clients with a benefit period
#: executed by that partner covering the date.
CaseloadCounter = Callable[[Sequence[str], date], dict[str, int]]


class AllocationError(ValueError):
    """An allocation key that is refused, with a Dutch message naming what is wrong."""


# --- the key ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cost:
    year: int
    items: dict[str, Decimal]

    @property
    def total(self) -> Decimal:
        return sum(self.items.values(), Decimal(0)).quantize(CENT)


@dataclass(frozen=True)
class Rule:
    index: int  # position among the [[rule]] tables, from 1
    kind: str
    partner: str | None = None
    amount: Decimal | None = None
    percentage: Decimal | None = None
    partners: tuple[str, ...] = ()
    reference_date: date | None = None
    counts: dict[str, int] | None = None
    years: tuple[int, ...] | None = None

    @property
    def label(self) -> str:
        who = f", {self.partner}" if self.partner else ""
        return f"regel {self.index} ({self.kind}{who})"

    def applies_to(self, year: int) -> bool:
        return self.years is None or year in self.years


@dataclass(frozen=True)
class AllocationKey:
    name: str
    unit: str
    costs: tuple[Cost, ...]
    rules: tuple[Rule, ...]
    text: str = ""  # the TOML it was read from

    @property
    def unit_value(self) -> Decimal:
        return UNITS[self.unit]

    @property
    def partners(self) -> set[str]:
        found: set[str] = set()
        for rule in self.rules:
            if rule.partner:
                found.add(rule.partner)
            found.update(rule.partners)
        return found


def _where(context: str, message: str) -> AllocationError:
    return AllocationError(f"{context}: {message}" if context else message)


def _toml_error(exc: tomllib.TOMLDecodeError) -> AllocationError:
    text = str(exc)
    match = re.search(r"\(at line (\d+), column (\d+)\)", text)
    reason = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", text)
    if match:
        where = f"op regel {match.group(1)}, kolom {match.group(2)}"
    else:
        where = "aan het eind van het bestand"
    return AllocationError(f"de verdeelsleutel is geen geldige TOML {where}: {reason}")


def _amount(value: Any, context: str, name: str) -> Decimal:
    """An amount in euro with at most 2 decimals, >= 0: a string "5000.00", an integer or a
    TOML number (read exactly, never as a binary float)."""
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        raise _where(context, f"'{name}' moet een bedrag zijn, zoals \"5000.00\"")
    text = value.strip() if isinstance(value, str) else str(value)
    if text.startswith("-"):
        raise _where(context, f"'{name}' mag niet negatief zijn ({text})")
    if not _AMOUNT.match(text):
        if re.fullmatch(r"\d+\.\d{3,}", text):
            raise _where(context, f"'{name}' heeft meer dan 2 decimalen ({text})")
        raise _where(
            context, f"'{name}' is geen geldig bedrag ({text!r}); schrijf bijv. \"5000.00\""
        )
    return Decimal(text).quantize(CENT)


def _percentage(value: Any, context: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        raise _where(context, "'percentage' moet een getal zijn, zoals \"4.5\"")
    try:
        pct = Decimal(value.strip() if isinstance(value, str) else value)
    except InvalidOperation:
        raise _where(context, f"'percentage' is geen getal ({value!r})") from None
    if not pct.is_finite() or pct <= 0 or pct > HUNDRED:
        raise _where(context, f"'percentage' moet groter dan 0 en hooguit 100 zijn ({value})")
    return pct


def _year(value: Any, context: str, name: str = "year") -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1900 <= value <= 9999:
        raise _where(context, f"'{name}' moet een jaartal zijn, zoals 2009 (niet {value!r})")
    return value


def _partner(value: Any, context: str, name: str = "partner") -> str:
    if not isinstance(value, str) or not value.strip():
        raise _where(context, f"'{name}' moet een partnercode zijn, zoals \"UWV\"")
    return value.strip()


def _check_fields(table: dict[str, Any], allowed: set[str], context: str) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise _where(
            context,
            f"onbekend veld {', '.join(repr(u) for u in unknown)} "
            f"(toegestaan: {', '.join(sorted(allowed))})",
        )


def _require(table: dict[str, Any], name: str, context: str) -> Any:
    if name not in table:
        raise _where(context, f"het veld '{name}' ontbreekt")
    return table[name]


def parse_key(text: str | bytes) -> AllocationKey:
    """Read and validate an allocation key; raises AllocationError when it is refused."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise AllocationError(f"de verdeelsleutel is geen UTF-8-tekst: {exc}") from None
    try:
        data = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        raise _toml_error(exc) from None
    _check_fields(data, _TOP_FIELDS, "verdeelsleutel")
    name = _require(data, "name", "verdeelsleutel")
    if not isinstance(name, str) or not name.strip():
        raise AllocationError("verdeelsleutel: 'name' moet een niet-lege tekst zijn")
    name = name.strip()
    context = f"verdeelsleutel '{name}'"
    unit = data.get("unit", "cent")
    if unit not in UNITS:
        raise _where(context, f'\'unit\' moet "cent" of "euro" zijn (niet {unit!r})')

    raw_costs = _require(data, "cost", context)
    if not isinstance(raw_costs, list) or not raw_costs:
        raise _where(context, "er is geen [[cost]] met de kosten per jaar")
    costs: dict[int, Cost] = {}
    for n, raw in enumerate(raw_costs, start=1):
        where = f"{context}, [[cost]] {n}"
        if not isinstance(raw, dict):
            raise _where(where, "moet een tabel [[cost]] zijn")
        _check_fields(raw, _COST_FIELDS, where)
        year = _year(_require(raw, "year", where), where)
        where = f"{context}, kosten {year}"
        if year in costs:
            raise _where(where, "het jaar staat meer dan eens in [[cost]]")
        items = _require(raw, "items", where)
        if not isinstance(items, dict) or not items:
            raise _where(where, "'items' moet kostenposten met bedragen bevatten")
        costs[year] = Cost(
            year,
            {str(k): _amount(v, f"{where}, post '{k}'", "bedrag") for k, v in items.items()},
        )

    raw_rules = _require(data, "rule", context)
    if not isinstance(raw_rules, list) or not raw_rules:
        raise _where(context, "er is geen [[rule]]")
    rules = tuple(_rule(raw, n, context, set(costs)) for n, raw in enumerate(raw_rules, start=1))
    key = AllocationKey(
        name=name,
        unit=str(unit),
        costs=tuple(costs[y] for y in sorted(costs)),
        rules=rules,
        text=text,
    )
    for cost in key.costs:
        _check_year_rules(key, cost.year)
    return key


def _rule(raw: Any, index: int, context: str, cost_years: set[int]) -> Rule:
    where = f"{context}, regel {index}"
    if not isinstance(raw, dict):
        raise _where(where, "moet een tabel [[rule]] zijn")
    kind = _require(raw, "kind", where)
    if kind not in KINDS:
        raise _where(where, f"onbekende soort kind = {kind!r} (kies uit {', '.join(KINDS)})")
    where = f"{context}, regel {index} ({kind})"
    _check_fields(raw, _RULE_FIELDS[kind], where)

    years: tuple[int, ...] | None = None
    if "years" in raw:
        listed = raw["years"]
        if not isinstance(listed, list) or not listed:
            raise _where(where, "'years' moet een lijst jaartallen zijn, zoals [2009]")
        years = tuple(_year(y, where, "years") for y in listed)
        missing = sorted(set(years) - cost_years)
        if missing:
            raise _where(
                where, f"jaar {', '.join(map(str, missing))} in 'years' heeft geen [[cost]]"
            )

    if kind == "caseload":
        raw_partners = _require(raw, "partners", where)
        if not isinstance(raw_partners, list) or not raw_partners:
            raise _where(where, "'partners' moet een lijst partnercodes zijn")
        partners = tuple(_partner(p, where, "partners") for p in raw_partners)
        if len(set(partners)) != len(partners):
            raise _where(where, "een partner staat meer dan eens in 'partners'")
        has_date, has_counts = "reference_date" in raw, "counts" in raw
        if has_date == has_counts:
            raise _where(where, "geef óf 'reference_date' óf 'counts' (precies één van beide)")
        reference_date = _date(raw["reference_date"], where) if has_date else None
        counts = _counts(raw["counts"], partners, where) if has_counts else None
        return Rule(
            index,
            kind,
            percentage=_percentage(_require(raw, "percentage", where), where),
            partners=partners,
            reference_date=reference_date,
            counts=counts,
            years=years,
        )

    partner = _partner(_require(raw, "partner", where), where)
    where = f"{context}, regel {index} ({kind}, {partner})"
    if kind == "fixed":
        amount = _amount(_require(raw, "amount", where), where, "amount")
        return Rule(index, kind, partner=partner, amount=amount, years=years)
    if kind == "percentage":
        pct = _percentage(_require(raw, "percentage", where), where)
        return Rule(index, kind, partner=partner, percentage=pct, years=years)
    return Rule(index, kind, partner=partner, years=years)


def _date(value: Any, context: str) -> date:
    if isinstance(value, datetime):
        raise _where(context, "'reference_date' moet een datum zonder tijd zijn")
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise _where(context, f"'reference_date' moet een datum JJJJ-MM-DD zijn (niet {value!r})")


def _counts(value: Any, partners: tuple[str, ...], context: str) -> dict[str, int]:
    if not isinstance(value, dict):
        raise _where(context, "'counts' moet een tabel partner = aantal zijn")
    counts: dict[str, int] = {}
    for partner, count in value.items():
        if partner not in partners:
            raise _where(context, f"'counts' noemt {partner}, die niet in 'partners' staat")
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise _where(context, f"'counts' van {partner} moet een geheel aantal >= 0 zijn")
        counts[partner] = count
    missing = [p for p in partners if p not in counts]
    if missing:
        raise _where(context, f"'counts' mist {', '.join(missing)}")
    return {p: counts[p] for p in partners}


def _check_year_rules(key: AllocationKey, year: int) -> None:
    context = f"verdeelsleutel '{key.name}', jaar {year}"
    rules = [r for r in key.rules if r.applies_to(year)]
    remainders = [r for r in rules if r.kind == "remainder"]
    if len(remainders) > 1:
        labels = ", ".join(r.label for r in remainders)
        raise _where(context, f"meer dan één restantregel ({labels})")
    pct = sum((r.percentage or Decimal(0) for r in rules), Decimal(0))
    if pct > HUNDRED:
        shown = str(pct).replace(".", ",")
        raise _where(context, f"de percentages tellen op tot {shown} %, meer dan 100 %")


def check_partners(key: AllocationKey, known: set[str]) -> None:
    """Refuse a key naming partners that are not in the reference data."""
    for rule in key.rules:
        for partner in (rule.partner, *rule.partners):
            if partner and partner not in known:
                raise AllocationError(
                    f"verdeelsleutel '{key.name}', {rule.label}: onbekende partner {partner}"
                )


# --- allocating ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Share:
    partner: str
    rule: str  # the rule's kind
    rule_index: int
    amount: Decimal
    percentage: Decimal | None = None
    count: int | None = None  # caseload: the partner's count
    group_amount: Decimal | None = None  # caseload: the group's share before the split

    @property
    def rule_label(self) -> str:
        return KIND_LABELS[self.rule]


@dataclass
class YearAllocation:
    year: int
    cost: Cost
    shares: list[Share] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return self.cost.total

    @property
    def shares_total(self) -> Decimal:
        return sum((s.amount for s in self.shares), Decimal(0)).quantize(CENT)

    def by_partner(self) -> dict[str, Decimal]:
        result: dict[str, Decimal] = {}
        for s in self.shares:
            result[s.partner] = result.get(s.partner, Decimal(0)) + s.amount
        return dict(sorted(result.items()))


@dataclass
class Allocation:
    key: AllocationKey
    years: list[YearAllocation]
    caseload_dates: dict[int, date] = field(default_factory=dict)  # rule index → date


def allocate(key: AllocationKey, caseload: CaseloadCounter | None = None) -> Allocation:
    """Split every year's cost by the key. ``caseload`` counts caseloads from stored data
    for caseload rules with a ``reference_date``."""
    unit = key.unit_value
    counted: dict[int, dict[str, int]] = {}
    for rule in key.rules:
        if rule.kind != "caseload":
            continue
        if rule.counts is not None:
            counted[rule.index] = dict(rule.counts)
            continue
        assert rule.reference_date is not None
        if caseload is None:
            raise AllocationError(
                f"verdeelsleutel '{key.name}', {rule.label}: het bestand op "
                f"{rule.reference_date:%d-%m-%Y} kan alleen uit de database geteld worden"
            )
        found = caseload(rule.partners, rule.reference_date)
        counted[rule.index] = {p: int(found.get(p, 0)) for p in rule.partners}

    years: list[YearAllocation] = []
    for cost in key.costs:
        context = f"verdeelsleutel '{key.name}', jaar {cost.year}"
        total = cost.total
        result = YearAllocation(cost.year, cost)
        shares: dict[int, list[Share]] = {}
        remainder_rule: Rule | None = None
        for rule in key.rules:
            if not rule.applies_to(cost.year):
                continue
            if rule.kind == "fixed":
                assert rule.partner is not None and rule.amount is not None
                shares[rule.index] = [Share(rule.partner, rule.kind, rule.index, rule.amount)]
            elif rule.kind == "percentage":
                assert rule.partner is not None and rule.percentage is not None
                amount = round_half_up(total * rule.percentage / HUNDRED, unit)
                shares[rule.index] = [
                    Share(rule.partner, rule.kind, rule.index, amount, rule.percentage)
                ]
            elif rule.kind == "caseload":
                shares[rule.index] = _caseload_shares(rule, counted[rule.index], total, unit, key)
            else:
                remainder_rule = rule
        assigned = sum((s.amount for group in shares.values() for s in group), Decimal(0))
        if assigned > total:
            raise _where(
                context,
                f"de aandelen ({format_euro(assigned)}) zijn groter dan het totaal "
                f"({format_euro(total)}); de sleutel wordt geweigerd",
            )
        left = (total - assigned).quantize(CENT)
        if remainder_rule is not None:
            assert remainder_rule.partner is not None
            shares[remainder_rule.index] = [
                Share(remainder_rule.partner, "remainder", remainder_rule.index, left)
            ]
        elif left != 0:
            raise _where(
                context,
                f"er blijft {format_euro(left)} over, maar de sleutel heeft geen regel met "
                'kind = "remainder" voor dit jaar; de sleutel wordt geweigerd',
            )
        for index in sorted(shares):
            result.shares.extend(shares[index])
        assert result.shares_total == total
        years.append(result)
    dates = {r.index: r.reference_date for r in key.rules if r.reference_date is not None}
    return Allocation(key, years, dates)


def _caseload_shares(
    rule: Rule, counts: dict[str, int], total: Decimal, unit: Decimal, key: AllocationKey
) -> list[Share]:
    assert rule.percentage is not None
    group = round_half_up(total * rule.percentage / HUNDRED, unit)
    weights = [Decimal(counts[p]) for p in rule.partners]
    if sum(weights) == 0:
        when = f" op {rule.reference_date:%d-%m-%Y}" if rule.reference_date else ""
        raise AllocationError(
            f"verdeelsleutel '{key.name}', {rule.label}: het bestand van "
            f"{', '.join(rule.partners)}{when} is leeg; de groep kan niet naar rato "
            "verdeeld worden"
        )
    units = int(group / unit)
    parts = largest_remainder(units, weights)
    return [
        Share(
            partner,
            rule.kind,
            rule.index,
            (part * unit).quantize(CENT),
            rule.percentage,
            counts[partner],
            group,
        )
        for partner, part in zip(rule.partners, parts, strict=True)
    ]


def stored_caseload(session: Session) -> CaseloadCounter:
    """Caseload from the stored data: per partner, the clients (distinct BSNs) with a benefit
    period executed by that partner covering the reference date."""

    def count(partners: Sequence[str], when: date) -> dict[str, int]:
        query = (
            select(BenefitPeriodRow.executor, func.count(func.distinct(BenefitPeriodRow.bsn)))
            .where(
                BenefitPeriodRow.executor.in_(list(partners)),
                BenefitPeriodRow.start <= when,
                BenefitPeriodRow.end.is_(None) | (BenefitPeriodRow.end >= when),
            )
            .group_by(BenefitPeriodRow.executor)
        )
        found = {executor: int(n) for executor, n in session.execute(query)}
        return {p: found.get(p, 0) for p in partners}

    return count


def allocate_json(allocation: Allocation) -> dict[str, Any]:
    """The ``allocate --json`` shape of spec/cli.md, with the cost items and rule details."""
    return {
        "name": allocation.key.name,
        "unit": allocation.key.unit,
        "years": [
            {
                "year": y.year,
                "total": format_money(y.total),
                "items": {k: format_money(v) for k, v in y.cost.items.items()},
                "shares": [
                    {
                        "partner": s.partner,
                        "rule": s.rule,
                        "amount": format_money(s.amount),
                        "rule_index": s.rule_index,
                        **({"percentage": str(s.percentage)} if s.percentage is not None else {}),
                        **({"count": s.count} if s.count is not None else {}),
                    }
                    for s in y.shares
                ],
            }
            for y in allocation.years
        ],
    }


# --- stored keys -----------------------------------------------------------------------------


@dataclass(frozen=True)
class StoredKey:
    name: str
    updated_at: datetime
    version: int = 1


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def known_partners(session: Session) -> set[str]:
    return set(session.scalars(select(PartnerRow.code)))


def save_key(session: Session, toml_text: str | bytes, user: str) -> AllocationKey:
    """Validate and store a key (by name: a key with the same name is replaced, as its next
    version), with an entry in the audit log. Partner codes are checked against the reference
    data when any is stored. Raises AllocationError for a refused key. The window saves with
    optimistic locking through :func:`allocation_store.save_key_version`."""
    from ketenkoppeling.accounting.allocation_store import save_key_version

    return save_key_version(session, toml_text, user=user).key


def list_keys(session: Session) -> list[StoredKey]:
    rows = session.execute(
        select(
            AllocationKeyRow.name, AllocationKeyRow.updated_at, AllocationKeyRow.version
        ).order_by(AllocationKeyRow.name)
    )
    return [StoredKey(name, updated, int(version or 1)) for name, updated, version in rows]


def load_key(session: Session, name: str) -> AllocationKey:
    """A stored key by name (raises KeyError when there is none)."""
    text = session.scalars(
        select(AllocationKeyRow.toml).where(AllocationKeyRow.name == name)
    ).first()
    if text is None:
        raise KeyError(f"geen verdeelsleutel met de naam '{name}'")
    return parse_key(text)


def delete_key(session: Session, name: str, user: str) -> None:
    row = session.scalars(select(AllocationKeyRow).where(AllocationKeyRow.name == name)).first()
    if row is None:
        raise KeyError(f"geen verdeelsleutel met de naam '{name}'")
    session.add(
        AuditLogRow(
            at=_now(),
            user=user,
            action="verdeelsleutel.verwijderd",
            subject=name,
            detail={"toml": row.toml},
        )
    )
    session.delete(row)
    session.flush()


def allocate_stored(session: Session, toml_text: str | bytes) -> Allocation:
    """Parse a key, check its partners against the reference data (when any is stored) and
    allocate it with caseloads counted from the stored benefit periods."""
    key = parse_key(toml_text)
    partners = known_partners(session)
    if partners:
        check_partners(key, partners)
    return allocate(key, stored_caseload(session))
