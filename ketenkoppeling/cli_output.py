"""Terminal output for the command line: JSON, Dutch text and a progress bar."""

from __future__ import annotations

import json
import sys
import time
from typing import Any, TextIO


def print_json(data: Any, stream: TextIO | None = None) -> None:
    out = stream or sys.stdout
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")


class ProgressBar:
    """A one-line progress bar on a terminal (stderr); silent when not a terminal."""

    def __init__(self, enabled: bool, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = enabled and self.stream.isatty()
        self._last = 0.0
        self._shown = False

    def update(self, label: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last < 0.1 and done < total:
            return
        self._last = now
        width = 30
        fraction = min(1.0, done / total) if total else 0.0
        filled = int(width * fraction)
        bar = "█" * filled + "·" * (width - filled)
        self.stream.write(f"\r{label[:40]:<40} [{bar}] {fraction * 100:5.1f}%")
        self.stream.flush()
        self._shown = True

    def close(self) -> None:
        if self.enabled and self._shown:
            self.stream.write("\r" + " " * 90 + "\r")
            self.stream.flush()
            self._shown = False
