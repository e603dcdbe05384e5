"""The cost allocation (verdeelsleutel) statement as an Excel workbook."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from ketenkoppeling.accounting.allocation import Allocation
from ketenkoppeling.accounting.workbook import (
    Check,
    Column,
    ReportContext,
    explanation,
    new_workbook,
    nl_date,
    save_workbook,
    write_table,
)

ZERO = Decimal("0.00")


def write_allocation_workbook(
    allocation: Allocation, path: Path | str, context: ReportContext
) -> Path:
    """Write the statement: per year the shares by rule and partner, the cost items, a
    summary per partner and the key itself."""
    key = allocation.key
    wb = new_workbook()
    title = f"Verdeelsleutel {key.name}"
    years = allocation.years

    partners = sorted({s.partner for y in years for s in y.shares})
    per_partner = {p: [y.by_partner().get(p, ZERO) for y in years] for p in partners}
    year_totals = [y.total for y in years]
    write_table(
        wb,
        "Per partner",
        title,
        "Aandeel per partner en jaar",
        [
            Column("Partner"),
            Column("Naam"),
            *[Column(str(y.year), "money") for y in years],
            Column("Totaal", "money"),
        ],
        [
            [p, context.name("partner", p), *amounts, sum(amounts, ZERO)]
            for p, amounts in per_partner.items()
        ],
        totals=["Totaal", None, *year_totals, sum(year_totals, ZERO)],
        checks=[
            Check(
                f"som van de aandelen {y.year} = kosten {y.year}",
                sum((a[i] for a in per_partner.values()), ZERO),
                y.total,
            )
            for i, y in enumerate(years)
        ],
    )

    for y in years:
        write_table(
            wb,
            f"Verdeling {y.year}",
            title,
            f"Jaar {y.year}: totaal te verdelen kosten, per regel en partner",
            [
                Column("Regel", "int"),
                Column("Soort"),
                Column("Partner"),
                Column("Naam"),
                Column("Percentage", "percent"),
                Column("Bestand (aantal klanten)", "int"),
                Column("Bedrag groep", "money"),
                Column("Aandeel", "money"),
            ],
            [
                [
                    s.rule_index,
                    s.rule_label,
                    s.partner,
                    context.name("partner", s.partner),
                    s.percentage,
                    s.count,
                    s.group_amount,
                    s.amount,
                ]
                for s in y.shares
            ],
            totals=["Totaal", None, None, None, None, None, None, y.shares_total],
            checks=[Check(f"som van de aandelen = kosten {y.year}", y.shares_total, y.total)],
        )

    write_table(
        wb,
        "Kosten",
        title,
        "De te verdelen kosten per jaar",
        [Column("Jaar", "int"), Column("Kostenpost"), Column("Bedrag", "money")],
        [[y.year, item, amount] for y in years for item, amount in y.cost.items.items()],
        totals=["Totaal", None, sum(year_totals, ZERO)],
        checks=[
            Check(
                "som van de posten = som van de jaartotalen",
                sum((a for y in years for a in y.cost.items.values()), ZERO),
                sum(year_totals, ZERO),
            )
        ],
    )

    write_table(
        wb,
        "Sleutel",
        title,
        "De verdeelsleutel zoals vastgelegd (TOML)",
        [Column("Regel", "int"), Column("Tekst", width=100)],
        [[n, text] for n, text in enumerate(key.text.splitlines(), start=1)],
    )

    caseload_dates = ", ".join(
        f"regel {index}: {nl_date(when)}" for index, when in allocation.caseload_dates.items()
    )
    unit = "de cent" if key.unit == "cent" else "de hele euro"
    explanation(
        wb,
        context,
        title,
        None,
        [
            ("Verdeelsleutel", key.name),
            ("Jaren", ", ".join(str(y.year) for y in years)),
            (
                "Werkwijze",
                "Per jaar eerst de vaste bedragen, dan de percentages en de groepen naar rato "
                "van het bestand van het totaal van het jaar; de restantregel krijgt wat "
                "overblijft, zodat de aandelen exact optellen tot het totaal.",
            ),
            (
                "Afronding",
                f"Elk aandeel van een percentage of groep wordt afgerond op {unit} (half naar "
                "boven). Het bedrag van een groep wordt over haar partners verdeeld naar hun "
                "bestand met de grootste-restmethode in hele eenheden (bij gelijke rest de "
                "eerst genoemde partner).",
            ),
            (
                "Bestand",
                "Het aantal klanten met een uitkeringsperiode die de partner uitvoert en die "
                "de peildatum omvat, geteld uit de database"
                + (f" (peildata {caseload_dates})" if caseload_dates else "")
                + "; of het aantal dat de sleutel zelf noemt.",
            ),
        ],
    )
    return save_workbook(wb, path)
