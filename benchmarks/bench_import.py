"""Import of a large generated Ketenbericht batch: time and peak memory (VmHWM) compared with a
bare lxml iterparse of the same file, in separate processes, at several sizes.

Run: .venv/bin/python benchmarks/bench_import.py --mb 50 300
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NS = "urn:nl:werk-en-inkomen:ketenbericht:v1"
SAMPLES = Path(__file__).resolve().parent.parent / "tests" / "data" / "samples"


def _bsn(n: int) -> str:
    base = f"{n % 10**8:08d}"
    total = sum(w * int(d) for w, d in zip(range(9, 1, -1), base, strict=True))
    return base + str(total % 11) if total % 11 < 10 else _bsn(n + 1)


def write_batch(path: Path, megabytes: int) -> int:
    """A valid batch of roughly ``megabytes`` MB: deployments each with two spend lines."""
    target = megabytes * 1024 * 1024
    with path.open("w", encoding="utf-8") as out:
        out.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<kb:Berichtenbatch xmlns:kb="{NS}" ')
        out.write('versie="1.0"><kb:Stuurgegevens><kb:BatchId>BENCH-1</kb:BatchId>')
        out.write("<kb:Verzender>UWV</kb:Verzender><kb:Ontvanger>KETEN</kb:Ontvanger>")
        out.write("<kb:Aanmaakmoment>2008-12-31T17:00:00+01:00</kb:Aanmaakmoment>")
        out.write("</kb:Stuurgegevens><kb:Berichten>\n")
        n = 0
        while out.tell() < target:
            n += 1
            bsn = _bsn(10_000_000 + n)
            ref = f"UWV-B-{n:09d}"
            out.write(
                f'<kb:InzetInstrument berichtId="m{n}-0"><kb:Referentie>{ref}</kb:Referentie>'
                f"<kb:Klant><kb:BSN>{bsn}</kb:BSN><kb:Geboortedatum>1970-01-01</kb:Geboortedatum>"
                f"<kb:Achternaam>Jansen</kb:Achternaam></kb:Klant><kb:Instrument>SCH</kb:Instrument>"
                f"<kb:Startdatum>2008-03-01</kb:Startdatum></kb:InzetInstrument>\n"
            )
            for k in (1, 2):
                out.write(
                    f'<kb:Besteding berichtId="m{n}-{k}"><kb:Factuurnummer>F{n}-{k}'
                    f"</kb:Factuurnummer><kb:Referentie>{ref}</kb:Referentie><kb:BSN>{bsn}"
                    f"</kb:BSN><kb:Betaler>UWV</kb:Betaler><kb:Betaaldatum>2008-0{k + 4}-15"
                    f"</kb:Betaaldatum><kb:PeriodeVan>2008-0{k + 2}-01</kb:PeriodeVan>"
                    f"<kb:PeriodeTot>2008-0{k + 2}-28</kb:PeriodeTot><kb:Bedrag>{n % 900 + 100}.25"
                    f"</kb:Bedrag><kb:Toerekening><kb:Budget>UWV-RIB-WW-2008</kb:Budget>"
                    f"<kb:Percentage>100</kb:Percentage></kb:Toerekening></kb:Besteding>\n"
                )
        out.write("</kb:Berichten></kb:Berichtenbatch>\n")
        return out.tell()


CHILD = r"""
import json, sys, time
from pathlib import Path
mode, file, db = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
start = time.perf_counter()
if mode == "baseline":
    from lxml import etree
    n = 0
    for _e, el in etree.iterparse(str(file), events=("end",)):
        if el.getparent() is not None and el.getparent().getparent() is not None \
                and el.getparent().getparent().getparent() is None:
            n += 1
            el.clear()
            parent = el.getparent()
            while el.getprevious() is not None:
                del parent[0]
    out = {"records": n}
else:
    from ketenkoppeling.store import open_database
    from ketenkoppeling.reference import load_reference_workbook
    from ketenkoppeling.importing import import_file
    database = open_database(db)
    load_reference_workbook(database, Path(sys.argv[4]))
    result = import_file(database, file)
    out = {"records": result.read, "new": result.new, "quarantined": result.quarantined,
           "status": result.status}
seconds = time.perf_counter() - start
peak = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM"))
print(json.dumps({**out, "seconds": round(seconds, 2), "peak_mb": round(peak / 1024, 1)}))
"""


def run(mode: str, file: Path, db: str) -> dict[str, object]:
    args = [sys.executable, "-c", CHILD, mode, str(file), db, str(SAMPLES / "referentie.xlsx")]
    done = subprocess.run(args, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, nargs="+", default=[50, 300])
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for mb in options.mb:
            file = Path(tmp) / f"batch-{mb}.xml"
            t = time.perf_counter()
            size = write_batch(file, mb)
            print(
                f"# {file.name}: {size / 1024**2:.0f} MB written in {time.perf_counter() - t:.0f} s"
            )
            base = run("baseline", file, "")
            imp = run("import", file, str(Path(tmp) / f"db-{mb}.sqlite"))
            ratio = float(imp["seconds"]) / max(float(base["seconds"]), 0.001)  # type: ignore[arg-type]
            print(f"baseline lxml iterparse: {base}")
            print(f"ketenkoppeling import:   {imp}")
            print(f"time ratio import/baseline: {ratio:.1f}x")
            file.unlink()


if __name__ == "__main__":
    main()
