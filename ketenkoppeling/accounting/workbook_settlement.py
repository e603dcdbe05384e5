"""The settlement statement (verrekening) as an Excel workbook."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from ketenkoppeling.accounting.lines import AttributedPart
from ketenkoppeling.accounting.settle import Settlement
from ketenkoppeling.accounting.workbook import (
    ATTRIBUTION_COLUMNS,
    ROUNDING_TEXT,
    Check,
    Column,
    ReportContext,
    attribution_cells,
    eur,
    explanation,
    new_workbook,
    period_text,
    save_workbook,
    write_table,
)


def _line_row(line: AttributedPart, context: ReportContext) -> list[object]:
    return [
        line.owner,
        line.payer,
        line.spend_key,
        context.bsn(line.bsn),
        line.pay_date,
        *attribution_cells(line),
    ]


def write_settlement_workbook(
    settlement: Settlement, path: Path | str, context: ReportContext
) -> Path:
    """Write the settlement statement; it must be built with its lines."""
    if not settlement.lines_loaded:
        raise ValueError("de verrekening moet met regels zijn opgebouwd (with_lines=True)")
    wb = new_workbook()
    period = period_text(settlement.date_from, settlement.date_to)
    title = "Verrekening tussen ketenpartners"
    pairs = settlement.pairs
    gross_total = eur(settlement.gross_total_cents)
    lines = [line for p in pairs for line in p.lines]
    lines_total = eur(sum(line.part_cents for line in lines))
    net_total = sum(p.net_cents for p in pairs)

    write_table(
        wb,
        "Verrekening",
        title,
        f"Per paar: de budgeteigenaar (debiteur) betaalt de betaler (crediteur) — {period}",
        [
            Column("Debiteur (budgeteigenaar)"),
            Column("Naam debiteur"),
            Column("Crediteur (betaler)"),
            Column("Naam crediteur"),
            Column("Bruto debiteur → crediteur", "money"),
            Column("Bruto crediteur → debiteur", "money"),
            Column("Netto te betalen", "money"),
            Column("Toerekeningen", "int"),
        ],
        [
            [
                p.debtor,
                context.name("partner", p.debtor),
                p.creditor,
                context.name("partner", p.creditor),
                eur(p.gross_cents),
                eur(p.reverse_cents),
                eur(p.net_cents),
                len(p.lines),
            ]
            for p in pairs
        ],
        totals=[
            "Totaal",
            None,
            None,
            None,
            gross_total,
            eur(sum(p.reverse_cents for p in pairs)),
            eur(net_total),
            len(lines),
        ],
        checks=[
            Check("som bruto = som van blad Regels", gross_total, lines_total),
            Check(
                "som netto = som bruto − som bruto omgekeerd",
                net_total,
                settlement.gross_total_cents - sum(p.reverse_cents for p in pairs),
            ),
        ],
    )

    owed_to: dict[str, int] = defaultdict(int)
    owed_by: dict[str, int] = defaultdict(int)
    for p in pairs:
        owed_by[p.debtor] += p.gross_cents
        owed_to[p.creditor] += p.gross_cents
    partners = sorted(set(owed_to) | set(owed_by))
    balance = {code: owed_to[code] - owed_by[code] for code in partners}
    write_table(
        wb,
        "Saldo per partner",
        title,
        f"Te ontvangen en te betalen per partner — {period}",
        [
            Column("Partner"),
            Column("Naam"),
            Column("Te ontvangen", "money"),
            Column("Te betalen", "money"),
            Column("Saldo (+ ontvangen, − betalen)", "money"),
        ],
        [
            [
                code,
                context.name("partner", code),
                eur(owed_to[code]),
                eur(owed_by[code]),
                eur(balance[code]),
            ]
            for code in partners
        ],
        totals=[
            "Totaal",
            None,
            eur(sum(owed_to.values())),
            eur(sum(owed_by.values())),
            eur(sum(balance.values())),
        ],
        checks=[Check("de saldi heffen elkaar op (som = 0)", sum(balance.values()), 0)],
    )

    write_table(
        wb,
        "Regels",
        title,
        f"De toegerekende delen achter elk paar, met hun bron — {period}",
        [
            Column("Debiteur (budgeteigenaar)"),
            Column("Crediteur (betaler)"),
            Column("Besteding (sleutel)"),
            Column("BSN"),
            Column("Betaaldatum", "date"),
            *ATTRIBUTION_COLUMNS,
        ],
        [_line_row(line, context) for line in lines],
        totals=["Totaal", None, None, None, None, None, None, None, lines_total, None, None, None],
        checks=[
            Check("som toegerekend = som bruto van blad Verrekening", lines_total, gross_total)
        ],
    )

    explanation(
        wb,
        context,
        title,
        period,
        [
            (
                "Selectie",
                "Alle toegerekende delen van bestedingsregels met een betaaldatum in de "
                "periode, waarvan de eigenaar van het budget een andere partner is dan de "
                "betaler van de regel.",
            ),
            (
                "Verrekening",
                "De budgeteigenaar (debiteur) is de betaler (crediteur) het toegerekende deel "
                "schuldig. Per geordend paar staat het bruto bedrag; netto = bruto(debiteur → "
                "crediteur) − bruto(crediteur → debiteur), op beide regels van een paar met "
                "tegengesteld teken.",
            ),
            ("Afronding", ROUNDING_TEXT),
            (
                "Herleidbaarheid",
                "Blad Regels noemt bij elk deel het bronbestand, de plaats in dat bestand en "
                "het nummer van het bronrecord.",
            ),
        ],
    )
    return save_workbook(wb, path)
