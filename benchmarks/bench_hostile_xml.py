"""One Ketenbericht message with very many attributes (issue 11: it took 7 minutes and 621 MB):
a full import of the file (quarantined by the reader's limits) against a bare lxml iterparse
of the same file, each in its own process (time and peak memory, VmHWM).

Run: .venv/bin/python benchmarks/bench_hostile_xml.py --attributes 20000 200000
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

NS = "urn:nl:werk-en-inkomen:ketenbericht:v1"
ROOT = Path(__file__).resolve().parent.parent


def write_batch(path: Path, attributes: int) -> None:
    crowd = " ".join(f'a{i}="v"' for i in range(attributes))
    path.write_text(
        f'<?xml version="1.0"?>\n<kb:Berichtenbatch xmlns:kb="{NS}" versie="1.0">\n'
        "<kb:Stuurgegevens><kb:BatchId>B</kb:BatchId><kb:Verzender>UWV</kb:Verzender>"
        "<kb:Ontvanger>K</kb:Ontvanger>"
        "<kb:Aanmaakmoment>2008-07-01T09:15:00+02:00</kb:Aanmaakmoment></kb:Stuurgegevens>\n"
        f'<kb:Berichten>\n<kb:Uitstroom berichtId="x" {crowd}><kb:BSN>111222333</kb:BSN>'
        "<kb:Datum>2008-09-01</kb:Datum><kb:Reden>WERK</kb:Reden></kb:Uitstroom>\n"
        "</kb:Berichten></kb:Berichtenbatch>\n",
        encoding="utf-8",
    )


CHILD = r"""
import json, resource, sys, time
from pathlib import Path
kind, path, work, reference = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])
if kind == "lxml":
    from lxml import etree
    started = time.perf_counter()
    for _event, elem in etree.iterparse(str(path), events=("end",), huge_tree=True):
        elem.clear(keep_tail=False)
    result = {}
else:
    from ketenkoppeling.importing import import_file
    from ketenkoppeling.reference import load_reference_workbook
    from ketenkoppeling.store import open_database
    db = open_database(str(work / "bench.sqlite"))
    load_reference_workbook(db, reference)
    started = time.perf_counter()
    r = import_file(db, path)
    result = {"status": r.status, "read": r.read, "quarantined": r.quarantined,
              "reason": (r.errors[0]["message"] if r.errors else r.message or "")[:90]}
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_mb": peak, **result}))
"""


def run(kind: str, path: Path, work: Path) -> dict[str, object]:
    reference = ROOT / "tests" / "data" / "samples" / "referentie.xlsx"
    out = subprocess.run(
        [sys.executable, "-c", CHILD, kind, str(path), str(work), str(reference)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    data: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--attributes", type=int, nargs="+", default=[20000, 200000])
    args = parser.parse_args()
    print("| attributes | file MB | bare lxml s | import s | import/lxml | peak MB (lxml/import) "
          "| outcome |")  # fmt: skip
    print("|---|---|---|---|---|---|---|")
    for count in args.attributes:
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            path = work / "crowd.xml"
            write_batch(path, count)
            bare = run("lxml", path, work)
            done = run("import", path, work)
            size = path.stat().st_size / 2**20
            ratio = float(str(done["seconds"])) / float(str(bare["seconds"]))
            print(
                f"| {count} | {size:.1f} | {float(str(bare['seconds'])):.2f} | "
                f"{float(str(done['seconds'])):.2f} | {ratio:.1f} | "
                f"{float(str(bare['peak_mb'])):.0f} / {float(str(done['peak_mb'])):.0f} | "
                f"{done['status']}, {done['quarantined']} of {done['read']} quarantined: "
                f"{done['reason']} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
