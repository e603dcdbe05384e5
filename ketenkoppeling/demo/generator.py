"""A realistic synthetic region: ``ketenkoppeling demo OUTDIR [--clients N] [--seed S]``.

``write_region`` writes one year of a region (the sample region's partners: UWV, CWI and
WERKbedrijf, Haarlem, Zandvoort and the IASZ) in every input format of spec/exports.md and
spec/ketenbericht.md, with the file names of the samples:

- ``referentie.xlsx`` — partners, regimes, instruments, budgets, providers;
- ``uwv-<year>-batch1.xml``, ``uwv-<year>-batch2.xml`` — UWV's Ketenberichten, first and
  second half of the year (the second also re-sends deployments: corrections);
- ``haarlem-<year>.xml`` — Haarlem's Ketenberichten (ISO-8859-1);
- ``uitkeringsperioden-gemeenten.csv`` — benefit periods of Zandvoort and the IASZ;
- ``trajecten-hlm.xlsx``, ``trajecten-zvt.xlsx``, ``trajecten-iasz.xlsx`` — the gemeenten's
  Trajectenoverzicht;
- ``uwv-reintegratie-export.xlsx`` — UWV's Re-integratie export;
- ``facturen-rib-NNNN.csv`` — invoices providers sent the gemeenten.

Clients are generated and written one at a time, so memory stays flat however large the
region. Problems are planted at a low rate (see ``simulate.SCENARIOS``); the summary says
how many of each, how many records each file must quarantine, and exactly which findings a
correct check reports (``RegionSummary.expected``). The same seed gives byte-identical files.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from ketenkoppeling.demo.cases import CSV, UWVX, XLSX, XML, Case, Deployment, Finding
from ketenkoppeling.demo.expect import Expectation
from ketenkoppeling.demo.problems import SCENARIOS, plan_scenarios
from ketenkoppeling.demo.region import (
    PARTNER_NAMES,
    UWV_PRODUCTS,
    budgets,
    provider_code,
    provider_count,
    provider_names,
)
from ketenkoppeling.demo.simulate import Simulator
from ketenkoppeling.demo.writers_csv import BenefitFile, InvoiceFiles
from ketenkoppeling.demo.writers_excel import TrajectenWriter, UwvExportWriter, write_reference
from ketenkoppeling.demo.writers_xml import BatchWriter

__all__ = ["UWV_PRODUCTS", "RegionSummary", "write_ketenbericht_batch", "write_region"]

REFERENCE_FILE = "referentie.xlsx"
BENEFIT_FILE = "uitkeringsperioden-gemeenten.csv"
UWV_EXPORT_FILE = "uwv-reintegratie-export.xlsx"
TRAJECTEN_FILES = {
    "GEM-0392": "trajecten-hlm.xlsx",
    "GEM-0473": "trajecten-zvt.xlsx",
    "IASZ": "trajecten-iasz.xlsx",
}
OVERRUN_BUDGET = "GEM-0392-WD"  # the budget that is overspent (B6), as in the samples


def _euros(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(Decimal("0.01"))


def _rule_of(kind: str) -> str:
    return "D1-near-miss" if kind.startswith("near") else kind.split("-")[0]


@dataclass
class RegionSummary:
    """What ``write_region`` wrote and what a correct import and check must report."""

    outdir: Path
    clients: int
    seed: int
    year: int
    files: list[Path] = field(default_factory=list)
    """Every file written, in import order (reference workbook first)."""
    counts: dict[str, int] = field(default_factory=dict)
    """What was generated: clients, persons, benefit periods, deployments and spend lines
    (``deployments``/``spend_lines``: what an import stores; ``*_written``: all records
    written, quarantined ones and re-sent corrections included), messages, rows, lines."""
    planted: dict[str, int] = field(default_factory=dict)
    """Deliberate problems per kind (see ``simulate.SCENARIOS``), ``B6`` included; the
    ``near-*`` kinds are near misses that are *not* duplicates."""
    records: dict[str, int] = field(default_factory=dict)
    """Records per data file: messages, data rows (title, header, total and empty rows not
    counted) or lines."""
    quarantined: dict[str, int] = field(default_factory=dict)
    """Records per file the import must quarantine (files without any left out)."""
    expected: list[Finding] = field(default_factory=list)
    """The findings a correct check reports: the planted problems and what they drag along
    (a duplicate registration that pays an invoice twice is D1 and B2, a quarantined
    deployment leaves its invoices unlinked: B7)."""
    budgets: dict[str, tuple[Decimal, Decimal]] = field(default_factory=dict)
    """Budget code -> (amount, attributed over the year by the stored spend lines)."""
    sizes: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def planted_by_rule(self) -> dict[str, int]:
        """Planted problems per rule: D1, D2, B1…B7, Q (quarantine) and D1-near-miss."""
        out: Counter[str] = Counter()
        for kind, n in self.planted.items():
            out[_rule_of(kind)] += n
        return dict(out)

    @property
    def expected_by_rule(self) -> dict[str, int]:
        counts = Counter(f.rule for f in self.expected)
        return {rule: counts[rule] for rule in sorted(counts)}

    @property
    def total_bytes(self) -> int:
        return sum(self.sizes.values())


class _Routes:
    """All writers of a region, and which record goes where."""

    def __init__(self, outdir: Path, year: int, seed: int) -> None:
        self.year = year
        self.half = date(year, 7, 1)
        self.uwv = [
            BatchWriter(
                outdir / f"uwv-{year}-batch1.xml", batch_id=f"UWV-{year}-000001", sender="UWV",
                created=f"{year}-07-01T06:30:00+02:00", prefix="kb", seed=seed,
            ),
            BatchWriter(
                outdir / f"uwv-{year}-batch2.xml", batch_id=f"UWV-{year}-000002", sender="UWV",
                created=f"{year + 1}-02-02T07:15:00+01:00", prefix=None, bom=True,
                comment=f"UWV Ketenberichten tweede halfjaar {year}, met correcties", seed=seed,
            ),
        ]  # fmt: skip
        self.haarlem = BatchWriter(
            outdir / f"haarlem-{year}.xml", batch_id=f"GEM-0392-{year}-000001",
            sender="GEM-0392", created=f"{year + 1}-01-30T16:45:00+01:00", prefix="ket",
            encoding="ISO-8859-1", comment="Gemeente Haarlem, afdeling Werk en Inkomen",
            seed=seed,
        )  # fmt: skip
        self.benefits = BenefitFile(outdir / BENEFIT_FILE)
        self.trajecten = {
            code: TrajectenWriter(
                outdir / name, partner_name=PARTNER_NAMES[code], year=year, seed=seed,
                hidden_column=code == "GEM-0392", trailing_rows=3 if code == "GEM-0392" else 1,
            )
            for code, name in TRAJECTEN_FILES.items()
        }  # fmt: skip
        self.uwv_export = UwvExportWriter(outdir / UWV_EXPORT_FILE, year=year, seed=seed)
        self.invoices = InvoiceFiles(outdir)
        self.xml_quarantined: Counter[str] = Counter()
        self.counts: Counter[str] = Counter()

    def _uwv(self, day: date) -> BatchWriter:
        return self.uwv[0] if day < self.half else self.uwv[1]

    def _xml(self, partner: str, day: date) -> BatchWriter:
        return self._uwv(day) if partner == "UWV" else self.haarlem

    def case(self, case: Case) -> None:
        counts = self.counts
        counts["clients"] += 1
        counts["persons"] += 1 + len(case.extra_persons)
        for b in case.benefits:
            counts["benefit_periods"] += 1
            if b.executor == "UWV":
                self._uwv(max(b.start, date(self.year, 1, 1))).benefit(b)
            elif b.executor == "GEM-0392":
                self.haarlem.benefit(b)
            else:
                self.benefits.benefit(b)
        for o in case.outflows:
            counts["outflows"] += 1
            self._xml(o.partner, o.day).outflow(o)
        for dep in sorted(case.deployments, key=lambda d: (len(d.reference), d.reference)):
            self._deployment(dep)

    def _deployment(self, dep: Deployment) -> None:
        counts = self.counts
        counts["deployments_written"] += 1
        if dep.channel == XML:
            if dep.resend:
                self.uwv[0].deployment(dep, first=True)
                self.uwv[1].deployment(dep)
                counts["corrections" if dep.resend == "correction" else "resent_unchanged"] += 1
            else:
                writer = self._xml(dep.partner, dep.start)
                writer.deployment(dep)
                if dep.quarantine:
                    self.xml_quarantined[writer.path.name] += 1
        elif dep.channel == XLSX:
            self.trajecten[dep.partner].deployment(dep)
        elif dep.channel == UWVX:
            self.uwv_export.deployment(dep)
        for s in dep.spends:
            counts["spend_lines_written"] += 1
            if s.channel == XML:
                writer = self._xml(s.partner, s.pay)
                writer.spend(s)
                if s.quarantine:
                    self.xml_quarantined[writer.path.name] += 1
            elif s.channel == CSV:
                self.invoices.invoice(s)

    def close(self, stamp: datetime) -> tuple[list[Path], dict[str, int], dict[str, int]]:
        """Finish every file; (data files in import order, records, quarantined) per file."""
        records: dict[str, int] = {}
        quarantined: dict[str, int] = {}
        files: list[Path] = []
        for w in [*self.uwv, self.haarlem]:
            records[w.path.name] = w.close()
            files.append(w.path)
        self.counts["messages"] = sum(records.values())
        records[BENEFIT_FILE] = self.benefits.close()
        files.append(self.benefits.path)
        quarantined.update(self.xml_quarantined)
        sheets: list[TrajectenWriter | UwvExportWriter] = [*self.trajecten.values()]
        sheets.append(self.uwv_export)
        for sheet in sheets:
            records[sheet.path.name] = sheet.close(stamp)
            self.counts["rows"] += records[sheet.path.name]
            files.append(sheet.path)
            if sheet.quarantined:
                quarantined[sheet.path.name] = sheet.quarantined
        for path in self.invoices.close():
            records[path.name] = self.invoices.lines[path.name]
            self.counts["csv_invoice_lines"] += records[path.name]
            files.append(path)
            if self.invoices.quarantined[path.name]:
                quarantined[path.name] = self.invoices.quarantined[path.name]
        return files, records, quarantined


def write_region(
    outdir: Path,
    *,
    clients: int = 500,
    seed: int = 1,
    year: int = 2008,
    progress: Callable[[str], None] | None = None,
) -> RegionSummary:
    """Write a synthetic region of ``clients`` clients for ``year`` into ``outdir``.

    Deterministic: the same arguments give byte-identical files. ``progress`` receives
    short Dutch status lines. Returns what was written and what an import and check of
    the files (in ``RegionSummary.files`` order) must report.
    """
    if clients < 1:
        raise ValueError("clients moet minstens 1 zijn")
    started = time.perf_counter()
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    stamp = datetime(year + 1, 2, 2, 8, 0, 0)
    providers = [provider_code(i) for i in range(1, provider_count(clients) + 1)]
    budget_defs = budgets(year)
    plan = plan_scenarios(clients, seed)
    sim = Simulator(seed=seed, year=year, providers=providers)
    expectation = Expectation(budget_defs)
    routes = _Routes(outdir, year, seed)
    planted: Counter[str] = Counter()
    near_misses = 0
    step = max(1, clients // 20)
    for index in range(clients):
        case = sim.make_case(index, plan.get(index))
        expectation.add(case)
        routes.case(case)
        planted.update(case.planted)
        near_misses += case.near_misses
        if progress and (index + 1) % step == 0:
            progress(f"{index + 1} van {clients} klanten gegenereerd")
    data_files, records, quarantined = routes.close(stamp)

    # Budget amounts: a little room in every budget but one, which is overspent (B6).
    amounts: dict[str, int] = {}
    for b in budget_defs:
        attributed = expectation.attributed[b.code]
        factor = 0.94 if b.code.startswith(OVERRUN_BUDGET) else 1.12 + (seed % 7) / 100
        amounts[b.code] = max(1000, int(attributed * factor / 100)) * 100
    expectation.finish(amounts)
    planted["B6"] = sum(1 for f in expectation.findings if f.rule == "B6")
    reference = outdir / REFERENCE_FILE
    write_reference(
        reference,
        year=year,
        budgets=[(b, amounts[b.code] // 100) for b in budget_defs],
        providers=list(zip(providers, provider_names(len(providers), seed), strict=True)),
        stamp=stamp,
    )
    if progress:
        progress(f"{len(data_files) + 1} bestanden geschreven in {outdir}")

    files = [reference, *data_files]
    counts = dict(routes.counts)
    counts.update(expectation.counts)
    counts["providers"] = len(providers)
    counts["near_misses"] = near_misses
    summary = RegionSummary(
        outdir=outdir,
        clients=clients,
        seed=seed,
        year=year,
        files=files,
        counts=counts,
        planted={kind: planted.get(kind, 0) for kind in [*SCENARIOS, "B6"]},
        records=records,
        quarantined=quarantined,
        expected=expectation.findings,
        budgets={
            b.code: (_euros(amounts[b.code]), _euros(expectation.attributed[b.code]))
            for b in budget_defs
        },
        sizes={p.name: p.stat().st_size for p in files},
    )
    summary.seconds = time.perf_counter() - started
    return summary


def write_ketenbericht_batch(
    path: Path,
    *,
    messages: int,
    seed: int = 1,
    prefix: str | None = "kb",
    encoding: str = "UTF-8",
) -> int:
    """Stream one large, valid Ketenbericht batch of UWV (all four message kinds) with
    about ``messages`` messages into ``path``; returns its size in bytes.

    Meant for memory and speed benchmarks of the readers: nothing in it is spoiled, and
    memory use does not grow with ``messages``.
    """
    year = 2008
    path = Path(path)
    providers = [provider_code(i) for i in range(1, 41)]
    sim = Simulator(seed=seed, year=year, providers=providers)
    writer = BatchWriter(
        path, batch_id=f"UWV-{year}-{seed % 1_000_000:06d}", sender="UWV",
        created=f"{year + 1}-01-05T03:00:00+01:00", prefix=prefix, encoding=encoding, seed=seed,
    )  # fmt: skip
    added = 0
    index = 1  # case 0 of a region is Haarlem's showcase
    while added < messages:
        case = sim.make_case(index, None)
        index += 1
        for b in case.benefits:
            if b.executor == "UWV" and added < messages:
                writer.benefit(b)
                added += 1
        for o in case.outflows:
            if o.partner == "UWV" and added < messages:
                writer.outflow(o)
                added += 1
        for dep in case.deployments:
            if dep.partner != "UWV" or added >= messages:
                continue
            writer.deployment(dep)
            added += 1
            for s in dep.spends:
                if added < messages:
                    writer.spend(s)
                    added += 1
    writer.close()
    return path.stat().st_size
