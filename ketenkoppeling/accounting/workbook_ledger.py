"""The ledger (verantwoording) as an Excel workbook a controller can hand on."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from ketenkoppeling.accounting.ledger import DIMENSIONS, Ledger, dimension_value
from ketenkoppeling.accounting.lines import AttributedPart
from ketenkoppeling.accounting.workbook import (
    ATTRIBUTION_COLUMNS,
    QUARANTINE_TEXT,
    ROUNDING_TEXT,
    Check,
    Column,
    ReportContext,
    WorkbookCheckError,
    attribution_cells,
    eur,
    explanation,
    new_workbook,
    period_text,
    quarantine_summary,
    save_workbook,
    write_pairs,
    write_quarantine_sheet,
    write_table,
)
from ketenkoppeling.accounting.workbook_charts import add_ledger_charts

PART_COLUMNS = [
    Column("Besteding (sleutel)"),
    Column("BSN"),
    Column("Betaler"),
    Column("Betaaldatum", "date"),
    Column("Dienstperiode van", "date"),
    Column("Dienstperiode tot", "date"),
    Column("Instrument"),
    Column("Aanbieder"),
    Column("Regeling"),
    *ATTRIBUTION_COLUMNS,
]


def part_row(line: AttributedPart, context: ReportContext) -> list[object]:
    return [
        line.spend_key,
        context.bsn(line.bsn),
        line.payer,
        line.pay_date,
        line.period_from,
        line.period_to,
        line.instrument_label,
        line.provider_label,
        line.regime,
        *attribution_cells(line),
    ]


def parts_per_key(ledger: Ledger) -> dict[str, dict[str, int]]:
    """The number of attributed parts behind each figure: counted in the database when the
    ledger was built, else counted over its lines."""
    if all(dim in ledger.counts for dim in DIMENSIONS):
        return ledger.counts
    return {dim: Counter(dimension_value(line, dim) for line in ledger.lines) for dim in DIMENSIONS}


def partner_label(code: str, name: str) -> str:
    return code if not name or name == code else f"{code} {name}"


def write_ledger_workbook(ledger: Ledger, path: Path | str, context: ReportContext) -> Path:
    """Write the ledger of one partner and period; the ledger must be built with its lines."""
    if not ledger.lines_loaded:
        raise ValueError("de verantwoording moet met regels zijn opgebouwd (with_lines=True)")
    wb = new_workbook(write_only=True)
    period = period_text(ledger.date_from, ledger.date_to)
    who = partner_label(ledger.partner, ledger.partner_name)
    title = f"Verantwoording {who}"
    total = eur(ledger.total_cents)
    lines_total = eur(sum(line.part_cents for line in ledger.lines))
    per_dimension = parts_per_key(ledger)

    if total != lines_total or ledger.total_cents != sum(
        b.attributed_cents for b in ledger.budgets
    ):
        raise WorkbookCheckError("het totaal sluit niet aan op de budgetten of de regels")
    cost = ledger.cost_per_client_to_work_cents
    write_pairs(
        wb,
        "Samenvatting",
        title,
        [
            ("Partner", who),
            ("Periode", period),
            ("Totaal toegerekend", total),
            ("Aantal bestedingsregels", len({line.spend_line_id for line in ledger.lines})),
            ("Aantal klanten", len(ledger.clients)),
            ("Klanten uitgestroomd naar werk", len(ledger.clients_to_work)),
            ("Kosten per klant uitgestroomd naar werk", eur(cost) if cost is not None else "-"),
            (
                "Voorbehouden (open signaleringen)",
                ", ".join(str(r) for r in ledger.reservations) or "geen",
            ),
            ("Voorbehoud quarantaine", quarantine_summary(ledger.quarantined)),
            (
                "Aansluiting",
                "totaal = som van de budgetten = som van blad Regels: klopt"
                + ("" if ledger.quarantined.empty else " op de opgeslagen regels; er staat "
                   "nog geld in quarantaine (blad Quarantaine)"),
            ),
        ],
    )  # fmt: skip

    budgets = ledger.budgets
    write_table(
        wb,
        "Budgetten",
        title,
        f"Per budget — {period}",
        [
            Column("Budget"),
            Column("Omschrijving"),
            Column("Jaar", "int"),
            Column("Budgetbedrag", "money"),
            Column("Toegerekend in periode", "money"),
            Column("Toegerekend in budgetjaar", "money"),
            Column("Resterend", "money"),
            Column("Toerekeningen in periode", "int"),
        ],
        [
            [
                b.code,
                b.label,
                b.year,
                eur(b.amount_cents),
                eur(b.attributed_cents),
                eur(b.attributed_year_cents),
                eur(b.remaining_cents),
                per_dimension["budget"].get(b.code, 0),
            ]
            for b in budgets
        ],
        totals=[
            "Totaal",
            None,
            None,
            eur(sum(b.amount_cents for b in budgets)),
            eur(sum(b.attributed_cents for b in budgets)),
            eur(sum(b.attributed_year_cents for b in budgets)),
            eur(sum(b.remaining_cents for b in budgets)),
            len(ledger.lines),
        ],
        checks=[
            Check("toegerekend in periode = totaal verantwoording", total,
                  eur(sum(b.attributed_cents for b in budgets))),
            Check("toegerekend in periode = som van blad Regels", lines_total, total),
        ],
    )  # fmt: skip

    for sheet, dimension, figures, header, kind in (
        ("Per regeling", "regime", ledger.by_regime, "Regeling", "regime"),
        ("Per instrument", "instrument", ledger.by_instrument, "Instrument", "instrument"),
        ("Per aanbieder", "provider", ledger.by_provider, "Aanbieder", "provider"),
        ("Per maand", "month", ledger.by_month, "Maand (betaaldatum)", ""),
    ):
        write_table(
            wb,
            sheet,
            title,
            f"{sheet} — {period}",
            [
                Column(header),
                Column("Omschrijving"),
                Column("Toegerekend", "money"),
                Column("Toerekeningen", "int"),
            ],
            [
                [key, context.name(kind, key) if kind else "", eur(cents),
                 per_dimension[dimension].get(key, 0)]
                for key, cents in figures.items()
            ],
            totals=["Totaal", None, eur(sum(figures.values())), len(ledger.lines)],
            checks=[Check("som = totaal verantwoording", eur(sum(figures.values())), total)],
        )  # fmt: skip

    write_table(
        wb,
        "Per klant",
        title,
        f"Geïnvesteerd bedrag per klant en uitstroom naar werk — {period}",
        [
            Column("BSN"),
            Column("Geïnvesteerd", "money"),
            Column("Uitstroom naar werk", "date"),
            Column("Toerekeningen", "int"),
        ],
        [
            [context.bsn(c.bsn), eur(c.invested_cents), c.outflow_to_work,
             per_dimension["client"].get(c.bsn, 0)]
            for c in ledger.clients
        ],
        totals=["Totaal", eur(sum(c.invested_cents for c in ledger.clients)), None,
                len(ledger.lines)],
        checks=[
            Check("som = totaal verantwoording",
                  eur(sum(c.invested_cents for c in ledger.clients)), total),
        ],
    )  # fmt: skip

    write_table(
        wb,
        "Regels",
        title,
        f"Alle toegerekende delen achter de cijfers, met hun bron — {period}",
        PART_COLUMNS,
        [part_row(line, context) for line in ledger.lines],
        totals=["Totaal", *[None] * 11, lines_total, None, None, None],
        checks=[Check("som toegerekend = totaal verantwoording", lines_total, total)],
    )

    write_table(
        wb,
        "Voorbehouden",
        title,
        "Open signaleringen die een regel of budget van deze verantwoording raken",
        [Column("Signalering", "int"), Column("Omschrijving")],
        [[r, context.text(context.findings.get(r, ""))] for r in ledger.reservations],
    )
    write_quarantine_sheet(wb, title, ledger.quarantined, context)

    explanation(
        wb,
        context,
        title,
        period,
        [
            ("Quarantaine", QUARANTINE_TEXT),
            (
                "Selectie",
                f"Alle toegerekende delen van bestedingsregels met een betaaldatum in de "
                f"periode, toegerekend aan een budget waarvan {ledger.partner} eigenaar is.",
            ),
            (
                "Budgetten",
                "De budgetten van de partner uit de jaren die de periode raakt, en elk ander "
                "budget van de partner dat in de periode belast is. 'Toegerekend in "
                "budgetjaar' telt de delen met een betaaldatum in het jaar van het budget "
                "(ook buiten de periode); resterend = budgetbedrag − toegerekend in budgetjaar.",
            ),
            (
                "Regeling",
                "De regeling van de klant op de begindatum van de dienstperiode van de regel: "
                "de uitkeringsperiode die dan loopt (bij overlap de laatst begonnen); geen "
                "uitkeringsperiode: NUG.",
            ),
            (
                "Instrument",
                "Het instrument van de inzet (registrerende partner + trajectreferentie) van "
                "de regel; '(onbekend)' als die inzet niet is vastgelegd.",
            ),
            ("Aanbieder", "De aanbieder op de bestedingsregel; '(geen)' als die ontbreekt."),
            (
                "Uitstroom naar werk",
                "Een uitstroom met reden WERK van het BSN (de eerste bekende datum). Kosten "
                "per klant uitgestroomd naar werk = geïnvesteerd in die klanten / hun aantal, "
                "afgerond op de cent (half naar boven).",
            ),
            ("Afronding", ROUNDING_TEXT),
            (
                "Voorbehouden",
                "Open signaleringen (regels B1-B7, D1-D2) die een bestedingsregel of budget "
                "van deze verantwoording noemen.",
            ),
            (
                "Herleidbaarheid",
                "Blad Regels noemt bij elk toegerekend deel het bronbestand, de plaats in dat "
                "bestand (regel, XPath of blad/rij) en het nummer van het bronrecord.",
            ),
        ],
    )
    add_ledger_charts(wb, ledger)
    return save_workbook(wb, path)
