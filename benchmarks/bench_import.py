"""The import of XML against the bare floor of the format, each in a process of its own.

1. A large Ketenbericht batch (``--mb``): the whole ``import_file`` into a fresh SQLite store
   (large files are read and mapped in a second process while the first stores) and the same in
   one process, against the simplest honest loop over the same file in the same run: a bare lxml
   iterparse that stores each message's texts with SQLite ``executemany`` in one transaction.
   The ratio is throughput: baseline seconds / import seconds (1.0 = as fast as the bare loop).
2. Many small SuwiML responses (``--files``): ``import_files`` against a bare loop that parses
   each file and stores its texts in a transaction of its own; the overhead per file is the
   difference per file, in milliseconds. The bare loops write with the store's own durability
   (WAL, ``synchronous=NORMAL``, as store/database.py sets it): with SQLite's default (FULL)
   the bare loop waited for the disk at every commit and the import did not.
With ``--pg URL`` the large batch is imported into that PostgreSQL database as well (its public
schema is dropped and made anew: use a throw-away database).

Run: .venv/bin/python benchmarks/bench_import.py [--mb 30] [--files 300] [--quick]
     [--pg URL] [--markdown PATH]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

NS = "urn:nl:werk-en-inkomen:ketenbericht:v1"
ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "tests" / "data" / "samples" / "referentie.xlsx"


def _bsn(n: int) -> str:
    base = f"{n % 10**8:08d}"
    total = sum(w * int(d) for w, d in zip(range(9, 1, -1), base, strict=True))
    return base + str(total % 11) if total % 11 < 10 else _bsn(n + 1)


def write_batch(path: Path, megabytes: float) -> int:
    """A valid batch of roughly ``megabytes`` MB: deployments each with two spend lines."""
    target = int(megabytes * 1024 * 1024)
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


SOAP_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>\n'
    "<gsd:GSDDossierReintegratieResponse "
    'xmlns:gsd="http://bkwi.nl/SuwiML/Diensten/GSDDossierReintegratie/v0200">\n'
    "<ClientSuwi><Burgerservicenr>{bsn}</Burgerservicenr><Geboortedat>19710412</Geboortedat>"
    "<SignificantDeelVanDeAchternaam>Berg</SignificantDeelVanDeAchternaam>"
    "<Voorletters>J</Voorletters>\n<Bron><CdPartijSuwi>0392</CdPartijSuwi></Bron>\n"
)
SOAP_RECORD = (
    "<ReIntegratievoorziening><Registratienr>R-{n}-{i}</Registratienr>"
    "<DatBReIntegratievoorziening>20080101</DatBReIntegratievoorziening>"
    "<DatEReIntegratievoorziening>20080630</DatEReIntegratievoorziening>"
    "<OmsReIntegratievoorziening>Jobcoach</OmsReIntegratievoorziening>"
    "</ReIntegratievoorziening>\n"
)
SOAP_TAIL = "</ClientSuwi>\n</gsd:GSDDossierReintegratieResponse></soap:Body></soap:Envelope>\n"


def write_responses(folder: Path, count: int) -> list[Path]:
    """``count`` small SuwiML responses, one client with two provisions each."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        path = folder / f"antwoord-{n:05d}.xml"
        records = "".join(SOAP_RECORD.format(n=n, i=i) for i in range(2))
        path.write_text(
            SOAP_HEAD.format(bsn=_bsn(20_000_000 + n)) + records + SOAP_TAIL, encoding="utf-8"
        )
        paths.append(path)
    return paths


CHILD = r"""
import json, os, sqlite3, sys, time
from pathlib import Path
mode, target, db, reference = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
if __name__ == "__main__":
    out = {}
    if mode in ("bare-batch", "bare-files"):
        from lxml import etree
        files = [Path(target)] if mode == "bare-batch" else sorted(Path(target).glob("*.xml"))
        con = sqlite3.connect(db)
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=NORMAL")  # the store's own durability (store/database.py)
        con.execute("CREATE TABLE message (file INTEGER, seq INTEGER, texts TEXT)")
        start = time.perf_counter()
        n = 0
        for number, file in enumerate(files):
            rows = []
            for _e, el in etree.iterparse(str(file), events=("end",)):
                parent = el.getparent()
                if parent is not None and (
                    (mode == "bare-batch" and parent.getparent() is not None
                     and parent.getparent().getparent() is None)
                    or (mode == "bare-files" and el.tag == "ReIntegratievoorziening")
                ):
                    rows.append((number, len(rows), "\x1f".join(el.itertext())))
                    el.clear()
                    while el.getprevious() is not None:
                        del parent[0]
            with con:
                con.executemany("INSERT INTO message VALUES (?, ?, ?)", rows)
            n += len(rows)
        out = {"records": n}
    else:
        from ketenkoppeling.importing import import_file, import_files
        from ketenkoppeling.reference import load_reference_workbook
        from ketenkoppeling.store import open_database
        if db.startswith("postgresql"):
            from sqlalchemy import create_engine, text
            with create_engine(db).begin() as c:
                c.execute(text("DROP SCHEMA public CASCADE"))
                c.execute(text("CREATE SCHEMA public"))
        database = open_database(db)
        load_reference_workbook(database, Path(reference))
        if mode == "one-process":
            os.environ["KETENKOPPELING_OFFLOAD_BYTES"] = str(1 << 62)
        start = time.perf_counter()
        if mode == "files":
            results = import_files(database, sorted(Path(target).glob("*.xml")))
        else:
            results = [import_file(database, Path(target))]
        out = {"records": sum(r.read for r in results), "new": sum(r.new for r in results),
               "quarantined": sum(r.quarantined for r in results),
               "status": sorted({r.status for r in results})}
    seconds = time.perf_counter() - start
    peak = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM"))
    print(json.dumps({**out, "seconds": seconds, "peak_mb": peak / 1024}))
"""


def run(mode: str, target: Path, db: str) -> dict[str, Any]:
    args = [sys.executable, "-c", CHILD, mode, str(target), db, str(REFERENCE)]
    done = subprocess.run(args, check=True, capture_output=True, text=True, cwd=ROOT)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def measure(mb: float, files: int, pg: str | None) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        batch = work / "batch.xml"
        size = write_batch(batch, mb)
        result: dict[str, Any] = {"mb": size / 1024**2}
        result["bare"] = run("bare-batch", batch, str(work / "bare.sqlite"))
        result["import"] = run("import", batch, str(work / "import.sqlite"))
        result["one"] = run("one-process", batch, str(work / "one.sqlite"))
        if pg:
            result["pg"] = run("import", batch, pg)
        folder = work / "antwoorden"
        write_responses(folder, files)
        result["files"] = files
        result["bare_files"] = run("bare-files", folder, str(work / "bare-files.sqlite"))
        result["import_files"] = run("files", folder, str(work / "files.sqlite"))
    return result


def markdown(r: dict[str, Any], command: str) -> str:
    bare, imp, one = r["bare"], r["import"], r["one"]
    rows = [
        ("bare lxml iterparse → executemany", bare, 1.0),
        ("import_file (reading in a second process)", imp, bare["seconds"] / imp["seconds"]),
        ("import_file in one process", one, bare["seconds"] / one["seconds"]),
    ]
    if "pg" in r:
        rows.append(
            ("import_file on PostgreSQL (COPY)", r["pg"], bare["seconds"] / r["pg"]["seconds"])
        )
    lines = [
        "## XML import against the bare lxml loop (issue 10)",
        "",
        f"`{command}`",
        "",
        f"A Ketenbericht batch of {r['mb']:.0f} MB ({bare['records']:,} messages).",
        "",
        "| run | seconds | records/s | throughput ratio to bare | peak MB | outcome |",
        "|---|---|---|---|---|---|",
    ]
    for name, m, ratio in rows:
        outcome = (
            f"{m.get('new', m['records']):,} new, {m.get('quarantined', 0):,} quarantined"
            if "new" in m
            else f"{m['records']:,} stored"
        )
        lines.append(
            f"| {name} | {m['seconds']:.2f} | {m['records'] / m['seconds']:,.0f} | {ratio:.2f} "
            f"| {m['peak_mb']:.0f} | {outcome} |"
        )
    bf, imf = r["bare_files"], r["import_files"]
    overhead = (imf["seconds"] - bf["seconds"]) / r["files"] * 1000
    lines += [
        "",
        f"{r['files']} small SuwiML responses (one client, two provisions each):",
        "",
        "| run | seconds | ms per file | outcome |",
        "|---|---|---|---|",
        f"| bare parse → executemany, a transaction per file | {bf['seconds']:.2f} "
        f"| {bf['seconds'] / r['files'] * 1000:.2f} | {bf['records']:,} stored |",
        f"| import_files | {imf['seconds']:.2f} | {imf['seconds'] / r['files'] * 1000:.2f} "
        f"| {imf['new']:,} new, {imf['quarantined']:,} quarantined |",
        "",
        f"Overhead per file (import − bare, per file): **{overhead:.2f} ms**.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=30)
    parser.add_argument("--files", type=int, default=300)
    parser.add_argument("--quick", action="store_true", help="2 MB and 30 files")
    parser.add_argument("--pg", help="also import into this PostgreSQL URL (schema is reset)")
    parser.add_argument("--markdown", type=Path)
    args = parser.parse_args()
    mb, files = (2.0, 30) if args.quick else (args.mb, args.files)
    result = measure(mb, files, args.pg)
    command = "benchmarks/bench_import.py" + (
        " --quick" if args.quick else f" --mb {mb:g} --files {files}"
    )
    text = markdown(result, command)
    print(text)
    if args.markdown:
        args.markdown.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
