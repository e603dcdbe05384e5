"""The benchmark command of the README runs end to end (``python3 dev.py bench --quick``): every
script of benchmarks/ measures its whole path on small sizes and writes its section. Figures
are not checked here (tests check behaviour, never wall-clock time)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_benchmark_runs_and_writes_its_section(tmp_path: Path) -> None:
    out = tmp_path / "RESULTS.md"
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run_all.py"), "--quick", "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    assert "failed (exit" not in text, text
    assert text.startswith("# Benchmark results")
    assert "- Machine:" in text
    sections = [line for line in text.splitlines() if line.startswith("## ")]
    assert len(sections) >= 5, sections
    assert "ratio" in text.lower()
