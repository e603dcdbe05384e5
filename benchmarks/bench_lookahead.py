"""A SuwiML response whose registering party (``Bron/CdPartijSuwi``) follows its
re-integration provisions: the reader holds the records until their context is complete and
spills them to a temporary file beyond its limit. Measured against the same file with ``Bron``
before the provisions (nothing held) and against a bare lxml iterparse of the file, each in
its own process (time and peak memory, VmHWM).

Run: .venv/bin/python benchmarks/bench_lookahead.py --records 3000 50000
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>\n'
    "<gsd:GSDDossierReintegratieResponse "
    'xmlns:gsd="http://bkwi.nl/SuwiML/Diensten/GSDDossierReintegratie/v0200">\n'
    "<ClientSuwi><Burgerservicenr>111222333</Burgerservicenr>"
    "<Geboortedat>19710412</Geboortedat>"
    "<SignificantDeelVanDeAchternaam>Berg</SignificantDeelVanDeAchternaam>"
    "<Voorletters>J</Voorletters>\n"
)
BRON = "<Bron><CdPartijSuwi>0392</CdPartijSuwi></Bron>\n"
TAIL = "</ClientSuwi>\n</gsd:GSDDossierReintegratieResponse></soap:Body></soap:Envelope>\n"


def write_response(path: Path, records: int, *, bron_first: bool) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write(HEAD)
        if bron_first:
            out.write(BRON)
        for i in range(records):
            out.write(
                f"<ReIntegratievoorziening><Registratienr>R-{i}</Registratienr>"
                "<DatBReIntegratievoorziening>20080100</DatBReIntegratievoorziening>"
                "<DatEReIntegratievoorziening>20080630</DatEReIntegratievoorziening>"
                "<OmsReIntegratievoorziening>Jobcoach</OmsReIntegratievoorziening>"
                "</ReIntegratievoorziening>\n"
            )
        if not bron_first:
            out.write(BRON)
        out.write(TAIL)


CHILD = r"""
import json, resource, sys, time
from pathlib import Path
kind, path, work = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
started = time.perf_counter()
if kind == "lxml":
    from lxml import etree
    n = 0
    for _event, elem in etree.iterparse(str(path), events=("end",)):
        if elem.tag == "ReIntegratievoorziening":
            n += 1
        elem.clear(keep_tail=False)
    result = {"records": n}
else:
    from ketenkoppeling.importing import import_file
    from ketenkoppeling.reference import load_reference_workbook
    from ketenkoppeling.store import open_database
    db = open_database(str(work / "bench.sqlite"))
    load_reference_workbook(db, Path(sys.argv[4]))
    started = time.perf_counter()
    r = import_file(db, path)
    result = {"records": r.read, "new": r.new, "quarantined": r.quarantined}
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_mb": peak, **result}))
"""


def run(kind: str, path: Path, work: Path, reference: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, kind, str(path), str(work), str(reference)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    data: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, nargs="+", default=[3000, 50000])
    args = parser.parse_args()
    root = Path(__file__).resolve().parent.parent
    reference = root / "tests" / "data" / "samples" / "referentie.xlsx"
    print("| provisions | file MB | bare lxml s | Bron first s | Bron last s | last/first | "
          "lxml/last | quarantined | peak MB (first/last) |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|")
    for records in args.records:
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            first, last = work / "first.xml", work / "last.xml"
            write_response(first, records, bron_first=True)
            write_response(last, records, bron_first=False)
            bare = run("lxml", last, work, reference)
            (work / "a").mkdir()
            (work / "b").mkdir()
            a = run("import", first, work / "a", reference)
            b = run("import", last, work / "b", reference)
            size = last.stat().st_size / 2**20
            print(
                f"| {records} | {size:.1f} | {bare['seconds']:.2f} | {a['seconds']:.2f} | "
                f"{b['seconds']:.2f} | {b['seconds'] / a['seconds']:.2f} | "
                f"{bare['seconds'] / b['seconds']:.3f} | {int(b['quarantined'])} | "
                f"{a['peak_mb']:.0f} / {b['peak_mb']:.0f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
