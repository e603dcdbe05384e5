"""A bounded fuzz run of each reader and of the import path (issue 11).

    .venv/bin/python tools/fuzz_readers.py xml|csv|xlsx [--runs N] [--seed S]
                                          [--engine atheris|mutate] [--out DIR] [--no-import]

Each input is a mutation of the sample files in tests/data/samples (for ``xlsx`` also a
mutation of one XML part inside a sample workbook, zipped again, so that the fuzzer gets past
the zip's checksums). It is written to a temporary file and

1. read by the reader itself: ``sources.xml.iter_xml_records`` with the Ketenbericht mapping's
   record paths, schema, root, header and unique attribute; ``sources.delimited`` with the
   invoice layout; ``sources.excel`` with the trajecten layout;
2. imported (``importing.import_file``, mapping found by detection, ``again``) into one
   SQLite database holding the sample reference data.

The oracle: a reader may only yield records or raise ``SourceRefused``; an import may only
return a result (imported, rejected, already imported) — every record-level problem is a
quarantined record. Any other exception is a finding; so is a message to the user holding a
Python exception name or a library's English text. Each finding (one per exception type and
place) is saved as a reproducer under ``--out`` (default /tmp/kk/fuzz/<format>/) with the
traceback next to it; the run goes on and ends with a summary. Exit status 1 when anything
was found.

Engines: ``atheris`` (coverage-guided libFuzzer, ``pip install .[fuzz]``; the default when it
is installed) and ``mutate``, a seeded mutation fuzzer of its own (random byte flips,
insertions, deletions, duplications and splices of the samples) that needs nothing extra and
repeats a run exactly for a given ``--seed``.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import re
import shutil
import sys
import tempfile
import time
import traceback
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "tests" / "data" / "samples"
sys.path.insert(0, str(ROOT))

# the name each input is written under (the invoice mapping takes the provider from it)
FILE_NAMES = {"xml": "uwv-2008-fuzz.xml", "csv": "facturen-rib-0007.csv", "xlsx": "trajecten.xlsx"}
SEEDS = {
    "xml": ["uwv-2008-batch1.xml", "uwv-2008-batch2.xml", "haarlem-2008.xml"],
    "csv": [
        "facturen-rib-0002.csv",
        "facturen-rib-0011.csv",
        "uitkeringsperioden-gemeenten.csv",
    ],
    "xlsx": ["trajecten-hlm.xlsx", "trajecten-zvt.xlsx", "uwv-reintegratie-export.xlsx"],
}
READER_MAPPING = {
    "xml": "ketenbericht-v1",
    "csv": "reintegratiebedrijf-facturen",
    "xlsx": "gemeente-trajectenoverzicht",
}
MAX_INPUT = 256 * 1024
RESET_EVERY = 100  # runs between fresh databases
# what must never reach a user (the same test as tests/hostile/conftest.py)
_PYTHON = re.compile(
    r"Traceback|\b\w*(Error|Exception|Warning)\b|\bException\b|zipfile|openpyxl|lxml|"
    r"codec can't|invalid start byte|field larger than|character maps to|line \d+, column",
)


class Finding(Exception):
    """A message to the user that is not clean Dutch."""


class Target:
    """Runs one input through the reader and the import path; collects the findings."""

    def __init__(self, fmt: str, out: Path, do_import: bool) -> None:
        from ketenkoppeling.mapping.loader import load_mappings
        from ketenkoppeling.reference import load_reference_workbook
        from ketenkoppeling.store import open_database

        self.fmt, self.out, self.do_import = fmt, out, do_import
        self.work = Path(tempfile.mkdtemp(prefix=f"kk-fuzz-{fmt}-"))
        self.path = self.work / FILE_NAMES[fmt]
        self.mappings = load_mappings()
        self.mapping = self.mappings[READER_MAPPING[fmt]]
        self.template = self.work / "template.sqlite"
        template = open_database(str(self.template))
        load_reference_workbook(template, SAMPLES / "referentie.xlsx")
        template.dispose()
        self.db = self._fresh_database()
        self.runs = 0
        self.started = time.monotonic()
        self.outcomes: dict[str, int] = {}
        self.findings: dict[str, dict[str, Any]] = {}
        out.mkdir(parents=True, exist_ok=True)

    def _fresh_database(self) -> Any:
        """A copy of the template (the sample reference data, nothing imported)."""
        from ketenkoppeling.store import open_database

        target = self.work / "fuzz.sqlite"
        for stale in self.work.glob("fuzz.sqlite*"):
            stale.unlink()
        shutil.copy(self.template, target)
        return open_database(str(target))

    def close(self) -> None:
        self.db.dispose()
        shutil.rmtree(self.work, ignore_errors=True)

    # --- the oracle --------------------------------------------------------------------------

    def run(self, data: bytes) -> str:
        """Run one input; the reader's outcome (read, empty, refused) or "finding"."""
        self.runs += 1
        if self.runs % RESET_EVERY == 0:  # what the imports stored would fill the disk
            self.db.dispose()
            self.db = self._fresh_database()
        self.path.write_bytes(data)
        first = ""
        for stage, step in (("reader", self._read), ("import", self._import)):
            if stage == "import" and not self.do_import:
                continue
            try:
                outcome = step()
            except Exception as exc:
                self._found(stage, exc, data)
                return "finding"
            first = first or outcome
            self.outcomes[f"{stage}:{outcome}"] = self.outcomes.get(f"{stage}:{outcome}", 0) + 1
        return first

    def _read(self) -> str:
        from ketenkoppeling.sources.base import SourceRefused

        try:
            count = sum(1 for _ in self._records())
        except SourceRefused as exc:
            _clean(exc.message)
            return "refused"
        return "read" if count else "empty"

    def _records(self) -> Iterator[Any]:
        from ketenkoppeling.locations import SCHEMAS
        from ketenkoppeling.sources import excel
        from ketenkoppeling.sources.delimited import iter_delimited_records
        from ketenkoppeling.sources.xml import iter_xml_records

        m, source = self.mapping, self.mapping.source
        if source.format == "xml":
            yield from iter_xml_records(
                self.path,
                {r.kind: r.path or "" for r in m.records},
                m.namespaces,
                root=source.root,
                schema=SCHEMAS / source.schema if source.schema else None,
                header=source.header,
                unique_attribute=source.unique_attribute,
                lookahead=m.context_xpaths(),
            )
        elif source.format == "xlsx":
            yield from excel.iter_excel_records(
                self.path, source.sheet or "", m.columns(), header_row=source.header_row
            )
        else:
            yield from iter_delimited_records(
                self.path, m.columns(), delimiter=source.delimiter, encoding=source.encoding
            )

    def _import(self) -> str:
        from ketenkoppeling.importing import import_file

        result = import_file(self.db, self.path, mappings=self.mappings, again=True)
        if result.status not in ("imported", "rejected", "already-imported"):
            raise Finding(f"onverwachte status {result.status}")
        if result.status == "rejected":
            _clean(result.message)
        if result.status == "imported" and result.read != (
            result.new + result.unchanged + result.replaced + result.quarantined
        ):
            raise Finding(f"tellingen kloppen niet: {result.to_json()['records']}")
        for error in result.errors:
            _clean(error.get("message"))
        return result.status

    def _found(self, stage: str, exc: BaseException, data: bytes) -> None:
        frames = traceback.extract_tb(exc.__traceback__)
        ours = [f for f in frames if "/ketenkoppeling/" in f.filename] or frames
        place = f"{Path(ours[-1].filename).name}:{ours[-1].lineno}" if ours else "?"
        key = f"{stage}:{type(exc).__name__}:{place}"
        found = self.findings.setdefault(key, {"count": 0})
        found["count"] += 1
        if found["count"] > 1:
            if len(data) < found["size"]:  # keep the smallest reproducer
                found["size"] = len(data)
                (self.out / found["file"]).write_bytes(data)
            return
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", key)
        suffix = Path(FILE_NAMES[self.fmt]).suffix
        found.update(file=name + suffix, size=len(data), run=self.runs, text=str(exc)[:300])
        (self.out / found["file"]).write_bytes(data)
        (self.out / (name + ".txt")).write_text(
            "".join(traceback.format_exception(exc)), encoding="utf-8"
        )
        print(f"\n*** bevinding {key} (run {self.runs}): {str(exc)[:200]}", flush=True)

    def summary(self) -> dict[str, Any]:
        return {
            "format": self.fmt,
            "runs": self.runs,
            "seconds": round(time.monotonic() - self.started, 1),
            "outcomes": dict(sorted(self.outcomes.items())),
            "findings": self.findings,
            "reproducers": str(self.out),
        }


def _clean(text: str | None) -> None:
    if not text:
        raise Finding("een weigering of quarantaine zonder reden")
    found = _PYTHON.search(text)
    if found:
        raise Finding(f"Python/bibliotheek-tekst {found.group()!r} in: {text[:300]}")


# --- mutations -------------------------------------------------------------------------------


def seeds(fmt: str) -> list[bytes]:
    return [(SAMPLES / name).read_bytes() for name in SEEDS[fmt]]


def mutate_bytes(data: bytes, rng: random.Random, pool: list[bytes]) -> bytes:
    """1 to 8 random edits: flip, set an interesting byte, insert, delete, duplicate, splice."""
    buf = bytearray(data)
    interesting = b"\x00\x07\x1b\x7f\x80\x81\x8d\x9d\xa0\xc0\xc3\xe2\xef\xfe\xff;,.\"'<>&\n\r\t "
    for _ in range(rng.randint(1, 8)):
        op = rng.randrange(7)
        at = rng.randrange(len(buf) + 1)
        if op == 0 and buf:
            buf[min(at, len(buf) - 1)] ^= 1 << rng.randrange(8)
        elif op == 1 and buf:
            buf[min(at, len(buf) - 1)] = rng.choice(interesting)
        elif op == 2:
            buf[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        elif op == 3:
            del buf[at : at + rng.randint(1, 64)]
        elif op == 4 and buf:  # duplicate a stretch, sometimes many times
            end = min(len(buf), at + rng.randint(1, 256))
            buf[at:at] = bytes(buf[at:end]) * rng.choice((1, 2, 10, 100))
        elif op == 5:  # splice in a piece of another sample
            other = rng.choice(pool)
            start = rng.randrange(len(other))
            buf[at:at] = other[start : start + rng.randint(1, 512)]
        else:  # repeat a digit run: long numbers
            buf[at:at] = rng.choice(b"0123456789-,.").to_bytes(1, "big") * rng.randint(1, 40)
    return bytes(buf[:MAX_INPUT])


HOSTILE_TEXT = [
    "",
    " ",
    "0",
    "-0",
    "-1",
    "1" * 29,
    "100000000000000000000",
    "99999999999,99",
    "1e400",
    "NaN",
    "Infinity",
    "12,345",
    "1.234,56",
    "1,234.56",
    "€ 12",
    "0x10",
    "١٢٣",
    "１２",
    "2008-02-30",
    "0000-00-00",
    "9999-12-31",
    "0001-01-01",
    "2008-06-01T25:00:00",
    "20081301",
    "123456782",
    "12345678",
    "000000000",
    " 123456782 ",
    "&amp;",
    "&#1;",
    "&#xD800;",
    "&lt;x&gt;",
    "<![CDATA[42]]>",
    "\u2028",
    "\ufffd",
    "e\u0301",
    "A" * 5000,
    "x" * 70000,
    "TRUE",
    "#N/A",
    "99999",
    "-99999",
    "1048577",
    "3.4028235e+38",
    "<x/>",
    "<!-- c -->",
    "<?pi x?>",
]
HOSTILE_ATTR = [
    "",
    "s",
    "n",
    "d",
    "b",
    "e",
    "str",
    "inlineStr",
    "x",
    "A0",
    "XFD1048576",
    "ZZZZ1",
    "A1048577",
    "999",
    "-1",
    "1e9",
    "A1:XFD1048576",
    "&#0;",
    "\u00a0",
    "x" * 3000,
]
_TEXT_NODE = re.compile(rb">([^<>]{0,200})<")
_ATTR_VALUE = re.compile(rb'="([^"]{0,200})"')
_TAG_NAME = re.compile(rb"<([A-Za-z_][\w.:-]*)")


def mutate_markup(data: bytes, rng: random.Random) -> bytes:
    """One edit that keeps XML mostly well formed: a text or attribute value replaced by a
    hostile one, a line (a message) duplicated, deleted or moved, a tag renamed."""
    op = rng.randrange(6)
    if op in (0, 1):
        pattern, values = (_TEXT_NODE, HOSTILE_TEXT) if op == 0 else (_ATTR_VALUE, HOSTILE_ATTR)
        spots = list(pattern.finditer(data))
        if spots:
            spot = rng.choice(spots)
            value = rng.choice(values).encode("utf-8")
            return data[: spot.start(1)] + value + data[spot.end(1) :]
    lines = data.split(b"\n")
    if op == 2 and len(lines) > 2:
        i = rng.randrange(1, len(lines) - 1)
        lines[i:i] = [lines[i]] * rng.choice((1, 1, 2, 50))
        return b"\n".join(lines)
    if op == 3 and len(lines) > 2:
        del lines[rng.randrange(1, len(lines) - 1)]
        return b"\n".join(lines)
    if op == 4 and len(lines) > 3:
        i, j = rng.randrange(1, len(lines) - 1), rng.randrange(1, len(lines) - 1)
        lines[i], lines[j] = lines[j], lines[i]
        return b"\n".join(lines)
    names = sorted({m.group(1) for m in _TAG_NAME.finditer(data)})
    if len(names) > 1:
        old, new = rng.sample(names, 2)
        count = rng.choice((1, 2, 0))  # 0: every one
        text = data.replace(b"<" + old + b">", b"<" + new + b">", count or -1)
        return text.replace(b"</" + old + b">", b"</" + new + b">", count or -1)
    return data


def mutate_fields(data: bytes, rng: random.Random) -> bytes:
    """One edit of a delimited file: a field replaced by a hostile value (in UTF-8 or
    Windows-1252 when it has that form), a line duplicated or deleted, a delimiter added."""
    lines = data.split(b"\n")
    body = len(lines) > 2 and rng.random() < 0.9  # mostly a data line, now and then the header
    i = rng.randrange(1, len(lines) - 1) if body else rng.randrange(len(lines))
    fields = lines[i].split(b";")
    op = rng.randrange(4)
    if op <= 1:
        value = rng.choice(HOSTILE_TEXT)
        encoding = rng.choice(("utf-8", "cp1252"))
        raw = value.encode(encoding, errors="replace") if op == 0 else value.encode("utf-8")
        fields[rng.randrange(len(fields))] = raw
        lines[i] = b";".join(fields)
    elif op == 2 and len(lines) > 1:
        lines[i:i] = [lines[i]] * rng.choice((1, 2, 100))
    else:
        lines[i] = b";".join(fields + [b""] * rng.choice((1, 3, 5000)))
    return b"\n".join(lines)


def mutate_any(data: bytes, rng: random.Random, pool: list[bytes], fmt: str) -> bytes:
    """A structure-aware edit (XML markup, CSV fields) most of the time, else byte edits."""
    if rng.random() < 0.75:
        edit = mutate_fields if fmt == "csv" else mutate_markup
        for _ in range(rng.choice((1, 1, 1, 2, 3))):
            data = edit(data, rng)
        return data[:MAX_INPUT]
    return mutate_bytes(data, rng, pool)


def mutate_workbook(data: bytes, mutate: Callable[[bytes], bytes], rng: random.Random) -> bytes:
    """``data`` unzipped, one XML part mutated, zipped again (or the raw bytes mutated when
    ``data`` is no zip)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as source:
            parts = [(info, source.read(info)) for info in source.infolist()]
    except Exception:
        return mutate(data)
    xml = [i for i, (info, _) in enumerate(parts) if info.filename.endswith((".xml", ".rels"))]
    if not xml:
        return mutate(data)
    weighted = [
        i for i in xml if "sheet" in parts[i][0].filename or "shared" in parts[i][0].filename
    ]
    chosen = rng.choice(weighted if weighted and rng.random() < 0.7 else xml)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for i, (info, content) in enumerate(parts):
            target.writestr(info.filename, mutate(content) if i == chosen else content)
    return buffer.getvalue()


def run_mutate(target: Target, fmt: str, runs: int, seed: int) -> None:
    rng = random.Random(seed)
    pool = seeds(fmt)
    corpus = list(pool)

    def mutate(data: bytes) -> bytes:
        return mutate_any(data, rng, pool, fmt)

    for number in range(runs):
        base = rng.choice(corpus)
        if fmt == "xlsx" and rng.random() < 0.85:
            data = mutate_workbook(base, mutate, rng)
        else:
            data = mutate(base)
        # stack mutations: a mutant the reader still reads becomes a base for later ones
        if target.run(data) == "read" and rng.random() < 0.5:
            corpus.append(data)
            if len(corpus) > 64:
                del corpus[len(pool)]
        if (number + 1) % 250 == 0:
            print(f"  {number + 1}/{runs} runs, {len(target.findings)} bevindingen", flush=True)


def run_atheris(target: Target, fmt: str, runs: int, seed: int) -> None:
    import atheris

    corpus_dir = target.work / "corpus"
    corpus_dir.mkdir()
    for i, data in enumerate(seeds(fmt)):
        (corpus_dir / f"seed{i}").write_bytes(data)
    rng = random.Random(seed)

    def custom_mutator(data: bytes, max_size: int, mutation_seed: int) -> bytes:
        rng.seed(mutation_seed)

        def mutate(part: bytes) -> bytes:
            if rng.random() < 0.6:
                return mutate_markup(part, rng)
            return bytes(atheris.Mutate(part, max(len(part) * 2, 64)))

        if fmt == "xlsx" and rng.random() < 0.85:
            return mutate_workbook(data, mutate, rng)[:max_size]
        if fmt == "xml" and rng.random() < 0.6:
            return mutate_markup(data, rng)[:max_size]
        return bytes(atheris.Mutate(data, max_size))

    def one_input(data: bytes) -> None:
        target.run(data)
        if target.runs % 250 == 0:
            print(f"  {target.runs}/{runs} runs, {len(target.findings)} bevindingen", flush=True)
        if target.runs >= runs:
            finish(target)

    argv = [
        sys.argv[0],
        f"-runs={runs + 10}",
        f"-seed={seed or 1}",
        f"-max_len={MAX_INPUT}",
        "-rss_limit_mb=4096",
        "-timeout=60",
        str(corpus_dir),
    ]
    atheris.Setup(argv, one_input, custom_mutator=custom_mutator if fmt != "csv" else None)
    atheris.Fuzz()


def finish(target: Target) -> None:
    """Print the summary and leave (libFuzzer would exit without running Python's cleanup)."""
    summary = target.summary()
    (target.out / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False))
    print(json.dumps(summary, indent=2, ensure_ascii=False), flush=True)
    target.close()
    sys.stdout.flush()
    os._exit(1 if target.findings else 0)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("format", choices=["xml", "csv", "xlsx"])
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--engine", choices=["atheris", "mutate"])
    parser.add_argument("--out", type=Path)
    parser.add_argument("--no-import", action="store_true", help="alleen de lezer")
    args = parser.parse_args(argv)
    engine = args.engine
    if engine is None:
        try:
            import atheris
        except ImportError:
            engine = "mutate"
        else:
            engine = "atheris"
    out = args.out or Path("/tmp/kk/fuzz") / args.format
    os.environ.setdefault(
        "KETENKOPPELING_LOG_DIR", str(Path(tempfile.gettempdir()) / "kk-fuzz-log")
    )
    if engine == "atheris":
        import atheris

        with atheris.instrument_imports(include=["ketenkoppeling", "openpyxl"]):
            import ketenkoppeling.importing
            import ketenkoppeling.sources.delimited
            import ketenkoppeling.sources.excel
            import ketenkoppeling.sources.xml  # noqa: F401
    print(f"fuzz {args.format}: {args.runs} runs, engine {engine}, seed {args.seed}", flush=True)
    target = Target(args.format, out, not args.no_import)
    if engine == "atheris":
        run_atheris(target, args.format, args.runs, args.seed)
    else:
        run_mutate(target, args.format, args.runs, args.seed)
    finish(target)


if __name__ == "__main__":
    main()
