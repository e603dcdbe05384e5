"""Run every benchmark of issue 10 and write benchmarks/RESULTS.md: the machine, each figure,
the baseline measured in the same run and the ratio to it.

Each ``bench_*.py`` listed below is run in turn with ``--markdown`` (and ``--quick``, ``--pg``
when given); its section goes into RESULTS.md in that order, under a header that describes the
machine. A benchmark that fails is reported in its place, and the others still run.

Run: python3 dev.py bench [--quick] [--pg URL] [--only NAME ...] [--out PATH]
"""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BENCHMARKS = ("import", "tabular", "checks", "ledger", "ui_tables", "postgres")
TAKES_PG = ("import", "postgres")  # with --pg: the PostgreSQL figures beside SQLite's
#: earlier measurements whose scripts print their own table: (heading, full args, quick args)
PRINTED = {
    "lookahead": (
        "A field that refers to an element after its record (issue 8)",
        ["--records", "3000", "30000"],
        ["--records", "300"],
    ),
    "hostile_xml": (
        "One message with very many attributes (issue 11)",
        ["--attributes", "20000", "200000"],
        ["--attributes", "2000"],
    ),
}


def machine() -> list[str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        total = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        memory = f", {total / 1024**2:.0f} GiB memory"
    except (OSError, StopIteration):
        pass
    load = ""
    if hasattr(os, "getloadavg"):
        load = f"; load average at the start {os.getloadavg()[0]:.1f}"
    return [
        f"- Machine: {cpu}, {os.cpu_count()} cores{memory}{load}",
        f"- {platform.system()} {platform.release()}; Python {platform.python_version()}; "
        f"SQLite {sqlite3.sqlite_version}",
    ]


def run_one(name: str, quick: bool, pg: str | None) -> str:
    script = HERE / f"bench_{name}.py"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "section.md"
        command = [sys.executable, str(script), "--markdown", str(out)]
        if quick:
            command.append("--quick")
        if pg and name in TAKES_PG:
            command += ["--pg", pg]
        elif name == "postgres":
            return "## bench_postgres.py needs --pg URL\n"
        started = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        seconds = time.perf_counter() - started
        if done.returncode != 0 or not out.exists():
            tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-15:])
            return f"## bench_{name}.py failed (exit {done.returncode})\n\n```\n{tail}\n```\n"
        print(f"run_all: bench_{name}.py done in {seconds:.0f} s", flush=True)
        return out.read_text(encoding="utf-8").rstrip() + "\n"


def run_printed(name: str, quick: bool) -> str:
    """A section from a script that prints its own figures: its output as it is."""
    heading, full, small = PRINTED[name]
    arguments = small if quick else full
    command = [sys.executable, str(HERE / f"bench_{name}.py"), *arguments]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    shown = f"benchmarks/bench_{name}.py {' '.join(arguments)}"
    if done.returncode != 0:
        tail = "\n".join(done.stderr.strip().splitlines()[-15:])
        return f"## bench_{name}.py failed (exit {done.returncode})\n\n```\n{tail}\n```\n"
    print(f"run_all: bench_{name}.py done", flush=True)
    return f"## {heading}\n\n`{shown}`\n\n{done.stdout.strip()}\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run")
    parser.add_argument("--pg", help="a throw-away PostgreSQL URL for the PostgreSQL figures")
    parser.add_argument("--only", nargs="+", choices=BENCHMARKS)
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args()
    names = args.only or [n for n in BENCHMARKS if n != "postgres" or args.pg]
    flags = (" --quick" if args.quick else "") + (" --pg URL" if args.pg else "")
    sections = [run_one(name, args.quick, args.pg) for name in names]
    if not args.only:
        sections += [run_printed(name, args.quick) for name in PRINTED]
    header = [
        "# Benchmark results",
        "",
        f"Written by `python3 dev.py bench{flags}` on {datetime.now():%Y-%m-%d %H:%M}.",
        "",
        *machine(),
        "- Shared and noisy machines: each ratio compares with a baseline measured in the same "
        "run, which is the figure to trust; seconds vary by ±20 % between runs.",
        "",
    ]
    args.out.write_text("\n".join(header) + "\n" + "\n".join(sections), encoding="utf-8")
    print(f"run_all: wrote {args.out}")


if __name__ == "__main__":
    main()
