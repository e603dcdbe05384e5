#!/usr/bin/env python3
"""Set up and run Ketenkoppeling from a clone: the only two commands a developer needs.

    python3 dev.py [start] [ARGS...]   set up .venv, then start the application (ARGS go to it)
    python3 dev.py test [ARGS...]      set up .venv, then ruff, mypy, import-linter and pytest
                                       (ARGS go to pytest)
    python3 dev.py bench [ARGS...]     set up .venv, then run every benchmark and write
                                       benchmarks/RESULTS.md (ARGS: --quick, --pg URL, --only)

Setting up creates ``.venv`` when it is missing and runs ``pip install -e .[dev]`` whenever
``pyproject.toml`` changed since the last install (its hash is kept in ``.venv``). Standard
library only; Python 3.11 or newer; Linux, macOS and Windows.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".ketenkoppeling-install"
WINDOWS = os.name == "nt"
BIN = VENV / ("Scripts" if WINDOWS else "bin")
MIN_PYTHON = (3, 11)
USAGE = __doc__.split("\n\n")[1] if __doc__ else ""


def say(message: str) -> None:
    print(f"dev.py: {message}", flush=True)


def fail(message: str, code: int = 1) -> None:
    print(f"dev.py: ERROR: {message}", file=sys.stderr, flush=True)
    sys.exit(code or 1)


def tool(name: str) -> str:
    """The path of a program installed in the virtual environment."""
    return str(BIN / (f"{name}.exe" if WINDOWS else name))


def venv_python() -> Path:
    return BIN / ("python.exe" if WINDOWS else "python")


def requirements_hash() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def run(command: Sequence[str], *, env: dict[str, str] | None = None) -> int:
    try:
        return subprocess.call(list(command), cwd=ROOT, env=env)
    except FileNotFoundError:
        fail(f"{command[0]} not found; remove .venv and try again")
    except KeyboardInterrupt:
        return 130
    return 1


def setup() -> None:
    """Create .venv if needed and (re)install the project when pyproject.toml changed."""
    if sys.version_info < MIN_PYTHON:
        fail(
            f"Python {'.'.join(map(str, MIN_PYTHON))} or newer is needed; this is "
            f"{sys.version.split()[0]} ({sys.executable})"
        )
    if not venv_python().exists():
        say(f"creating the virtual environment {VENV}")
        if run([sys.executable, "-m", "venv", str(VENV)]) != 0:
            fail(
                "could not create the virtual environment (Debian/Ubuntu: apt install python3-venv)"
            )
        STAMP.unlink(missing_ok=True)
    wanted = requirements_hash()
    if STAMP.exists() and STAMP.read_text(encoding="utf-8").strip() == wanted:
        return
    say("installing the project: pip install -e .[dev] (pyproject.toml new or changed)")
    started = time.monotonic()
    code = run(
        [
            str(venv_python()),
            "-m",
            "pip",
            "install",
            "--disable-pip-version-check",
            "--quiet",
            "-e",
            ".[dev]",
        ]
    )
    if code != 0:
        fail(f"pip install -e .[dev] failed (exit {code})", code)
    STAMP.write_text(wanted + "\n", encoding="utf-8")
    say(f"installed in {time.monotonic() - started:.0f} s")


def start(args: Sequence[str]) -> int:
    setup()
    return run([tool("ketenkoppeling"), "gui", *args])


def test(pytest_args: Sequence[str]) -> int:
    setup()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    steps: list[tuple[str, list[str]]] = [
        ("ruff check", [tool("ruff"), "check", "."]),
        ("ruff format", [tool("ruff"), "format", "--check", "."]),
        ("mypy", [tool("mypy")]),
        ("import-linter", [tool("lint-imports")]),
        ("pytest", [tool("pytest"), *pytest_args]),
    ]
    timings: list[str] = []
    for name, command in steps:
        say(f"==> {name}: {' '.join([Path(command[0]).name, *command[1:]])}")
        started = time.monotonic()
        code = run(command, env=env)
        timings.append(f"{name} {time.monotonic() - started:.1f} s")
        if name == "pytest" and code == 5:
            fail("pytest ran no tests at all (exit 5)", 5)
        if code != 0:
            fail(f"step '{name}' failed (exit {code}); later steps were not run", code)
    say("all steps passed: " + ", ".join(timings))
    return 0


def main(argv: Sequence[str]) -> int:
    args = list(argv)
    if args and args[0] in ("-h", "--help", "help"):
        print(USAGE)
        return 0
    if args and args[0] == "test":
        return test(args[1:])
    if args and args[0] == "bench":
        setup()
        return run([str(venv_python()), str(ROOT / "benchmarks" / "run_all.py"), *args[1:]])
    if args and args[0] == "start":
        args = args[1:]
    return start(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
