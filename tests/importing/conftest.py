from __future__ import annotations

import json
from pathlib import Path

SAMPLES = Path(__file__).parent.parent / "data" / "samples"


def expected() -> dict:
    return json.loads((SAMPLES / "expected.json").read_text(encoding="utf-8"))
