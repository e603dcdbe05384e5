"""The tabular readers (Excel, CSV): a gemeente Trajectenoverzicht workbook and a
re-integratiebedrijf invoice file, each against the bare floor of its format, measured in the
same run:

- baseline: bare python-calamine (resp. the csv module) reading every row, and sqlite3
  ``executemany`` of the cell values into a scratch table;
- reader: ``iter_excel_records`` (resp. ``iter_delimited_records``) consumed to the end;
- import: the whole ``import_file`` into a fresh SQLite store holding the reference data.

Each measurement runs in a child process of its own (peak memory = VmHWM). The inputs are
written with the demo region's own writers (its simulator and Trajectenoverzicht and invoice
writers, with their mess: text dates, Dutch amounts, BSNs as numbers, a title block, a hidden
column, a totals row) and kept in ``benchmarks/out/``.

Run: .venv/bin/python benchmarks/bench_tabular.py [--rows 40000 400000] [--markdown PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(__file__).resolve().parent / "out"
SHEET = "Trajecten"
YEAR = 2008


def _write(folder: Path, rows: int, seed: int) -> dict[str, Any]:
    from ketenkoppeling.demo.cases import XLSX
    from ketenkoppeling.demo.problems import plan_scenarios
    from ketenkoppeling.demo.region import budgets, provider_code, provider_count, provider_names
    from ketenkoppeling.demo.simulate import Simulator
    from ketenkoppeling.demo.writers_csv import InvoiceFiles
    from ketenkoppeling.demo.writers_excel import TrajectenWriter, write_reference

    folder.mkdir(parents=True, exist_ok=True)
    clients = max(100, rows)  # a bound for the plan; the loop stops once both files are full
    providers = [provider_code(i) for i in range(1, provider_count(clients) + 1)]
    sim = Simulator(seed=seed, year=YEAR, providers=providers)
    plan = plan_scenarios(clients, seed)
    sheet = TrajectenWriter(
        folder / "trajecten-hlm.xlsx", partner_name="Gemeente Haarlem", year=YEAR, seed=seed,
        hidden_column=True, trailing_rows=3,
    )  # fmt: skip
    invoices = InvoiceFiles(folder)  # every spend line of the region, as one provider's file
    index = 0
    csv_lines = 0
    while sheet.rows < rows or csv_lines < rows:
        case = sim.make_case(index, plan.get(index))
        index += 1
        for dep in case.deployments:
            if dep.channel == XLSX and dep.partner == "GEM-0392" and sheet.rows < rows:
                sheet.deployment(dep)
            for spend in dep.spends:
                if csv_lines < rows:
                    invoices.invoice(replace(spend, provider="RIB-0001"))
                    csv_lines += 1
    stamp = datetime(YEAR + 1, 2, 2, 8, 0, 0)
    sheet.close(stamp)
    [csv_path] = invoices.close()
    write_reference(
        folder / "referentie.xlsx",
        year=YEAR,
        budgets=[(b, 10**9) for b in budgets(YEAR)],
        providers=list(zip(providers, provider_names(len(providers), seed), strict=True)),
        stamp=stamp,
    )
    return {
        "clients": index,
        "xlsx_rows": sheet.rows,
        "xlsx_quarantined": sheet.quarantined,
        "csv_lines": csv_lines,
        "csv_name": csv_path.name,
    }


def write_inputs(folder: Path, rows: int, seed: int) -> dict[str, Any]:
    """The reference workbook, a Trajectenoverzicht of ``rows`` rows and an invoice file of
    ``rows`` lines in ``folder`` (reused when written before); what was written."""
    done = folder / "inputs.json"
    if done.exists():
        return dict(json.loads(done.read_text()))
    found = _write(folder, rows, seed)
    done.write_text(json.dumps(found))
    return found


CHILD = r"""
import json, sys, time
from pathlib import Path
mode, file, db, reference = sys.argv[1], Path(sys.argv[2]), sys.argv[3], Path(sys.argv[4])
start = time.perf_counter()
out = {}
if mode in ("xlsx-baseline", "csv-baseline", "openpyxl-baseline"):
    import sqlite3
    connection = sqlite3.connect(db)
    width = 20
    connection.execute("create table scratch (%s)" % ", ".join(f"c{i}" for i in range(width)))
    insert = "insert into scratch values (%s)" % ", ".join("?" * width)
    pad = (None,) * width
    start = time.perf_counter()  # the loop alone, as for the reader
    if mode == "xlsx-baseline":
        import python_calamine
        workbook = python_calamine.CalamineWorkbook.from_path(file)
        rows = workbook.get_sheet_by_name("Trajecten").iter_rows()
    elif mode == "openpyxl-baseline":
        from openpyxl import load_workbook
        workbook = load_workbook(file, read_only=True, data_only=True)
        rows = workbook["Trajecten"].iter_rows(values_only=True)
    else:
        import csv
        handle = open(file, encoding="cp1252", newline="")
        rows = csv.reader(handle, delimiter=";")
    with connection:
        connection.executemany(insert, (tuple((row + pad)[:width]) if isinstance(row, tuple)
                                        else tuple((row + [None] * width)[:width])
                                        for row in rows))
    out["records"] = connection.execute("select count(*) from scratch").fetchone()[0]
elif mode in ("xlsx-reader", "csv-reader"):
    from ketenkoppeling.mapping.loader import load_mappings
    from ketenkoppeling.sources.delimited import iter_delimited_records
    from ketenkoppeling.sources.excel import iter_excel_records
    mappings = load_mappings()
    n = 0
    start = time.perf_counter()  # the reading alone
    if mode == "xlsx-reader":
        mapping = mappings["gemeente-trajectenoverzicht"]
        records = iter_excel_records(file, "Trajecten", mapping.columns())
    else:
        mapping = mappings["reintegratiebedrijf-facturen"]
        records = iter_delimited_records(file, mapping.columns(), delimiter=";")
    for record in records:
        n += 1
    out["records"] = n
else:
    from ketenkoppeling.store import open_database
    from ketenkoppeling.reference import load_reference_workbook
    from ketenkoppeling.importing import import_file
    database = open_database(db)
    load_reference_workbook(database, reference)
    start = time.perf_counter()  # the import alone
    result = import_file(database, file)
    out = {"records": result.read, "new": result.new, "quarantined": result.quarantined,
           "status": result.status}
out["seconds"] = time.perf_counter() - start
peak = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM"))
out["peak_mb"] = round(peak / 1024, 1)
print(json.dumps(out))
"""


def run(mode: str, file: Path, scratch: Path, reference: Path) -> dict[str, Any]:
    """One measurement in a child process of its own."""
    db = scratch / f"{mode}-{os.getpid()}.sqlite"
    db.unlink(missing_ok=True)
    args = [sys.executable, "-c", CHILD, mode, str(file), str(db), str(reference)]
    done = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, check=False)
    for left in scratch.glob(db.name + "*"):  # the store and its lock files
        left.unlink(missing_ok=True)
    if done.returncode != 0:
        raise SystemExit(f"{mode} failed:\n{done.stderr[-3000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def measure(rows: int, seed: int) -> list[dict[str, Any]]:
    """Every figure for one size: one row per (format, measurement)."""
    folder = OUT / f"tabular-{rows}-{seed}"
    started = time.perf_counter()
    inputs = write_inputs(folder, rows, seed)
    print(f"# inputs for {rows} rows in {time.perf_counter() - started:.0f} s: {inputs}")
    reference = folder / "referentie.xlsx"
    files = {"xlsx": folder / "trajecten-hlm.xlsx", "csv": folder / inputs["csv_name"]}
    found: list[dict[str, Any]] = []
    for kind, file in files.items():
        base = run(f"{kind}-baseline", file, folder, reference)
        lines = [("baseline", base)]
        if kind == "xlsx":
            lines.append(("openpyxl read-only", run("openpyxl-baseline", file, folder, reference)))
        lines.append(("reader", run(f"{kind}-reader", file, folder, reference)))
        lines.append(("import", run(f"{kind}-import", file, folder, reference)))
        for what, figures in lines:
            ratio = base["seconds"] / max(figures["seconds"], 1e-6)
            line = {"format": kind, "rows": rows, "what": what, "ratio": ratio, **figures}
            print(json.dumps(line))
            found.append(line)
    return found


BASELINES = {
    "xlsx": "python-calamine → executemany",
    "csv": "csv module → executemany",
}


def markdown(lines: list[dict[str, Any]], command: str) -> str:
    table = [
        "| format | rows | measurement | seconds | records | peak MB | baseline/this |",
        "|---|---:|---|---:|---:|---:|---:|",
    ]
    for line in lines:
        what = line["what"]
        if what == "baseline":
            what = f"baseline: {BASELINES[line['format']]}"
        elif what == "reader":
            what = "reader alone" + (
                " (iter_excel_records)" if line["format"] == "xlsx" else " (iter_delimited_records)"
            )
        elif what == "import":
            what = "whole import_file (SQLite)"
        table.append(
            f"| {line['format']} | {line['rows']:,} | {what} | {line['seconds']:.2f} | "
            f"{line['records']:,} | {line['peak_mb']:.0f} | {line['ratio']:.2f} |"
        )
    return "\n".join(
        [
            "## Tabular readers: Excel and CSV against their bare floor",
            "",
            f"Command: `{command}`",
            "",
            *table,
            "",
            "The ratio is the baseline's time divided by the measurement's (1.0: as fast as the "
            "bare loop; the goal for the whole import is at least 0.5). The reader alone shows "
            "what reading costs; the rest of the import is mapping, validating and storing.",
            "",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[40_000, 400_000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--quick", action="store_true", help="small sizes (a smoke test)")
    parser.add_argument("--markdown", type=Path, help="write a markdown section to this file")
    options = parser.parse_args()
    sizes = [2_000] if options.quick else options.rows
    lines: list[dict[str, Any]] = []
    for rows in sizes:
        lines.extend(measure(rows, options.seed))
    if options.markdown:
        command = ".venv/bin/python benchmarks/bench_tabular.py " + " ".join(sys.argv[1:])
        options.markdown.write_text(markdown(lines, command.strip()), encoding="utf-8")


if __name__ == "__main__":
    main()
