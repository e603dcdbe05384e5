"""A built wheel carries schemas/, mappings/ and resources/ inside the package and finds them."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("schemas", "mappings", "resources")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("hatchling", reason="hatchling (a dev dependency) builds the wheel")
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(out), str(ROOT)],
        check=True, capture_output=True,
    )  # fmt: skip
    return next(out.glob("ketenkoppeling-*.whl"))


def test_the_wheel_holds_every_data_file(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in FOLDERS:
        expected = {
            f"ketenkoppeling/{p.relative_to(ROOT).as_posix()}"
            for p in (ROOT / folder).rglob("*")
            if p.is_file() and "__pycache__" not in p.parts
        }
        assert expected, folder
        assert expected <= names, sorted(expected - names)


def test_an_installed_wheel_finds_its_data(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
        check=True, capture_output=True,
    )  # fmt: skip
    probe = (
        "from ketenkoppeling import locations as l; "
        "print(l.SCHEMAS); print(l.MAPPINGS); print(l.RESOURCES); "
        "assert (l.SCHEMAS / 'mapping-v1.xsd').is_file(); "
        "assert (l.SCHEMAS / 'ketenbericht-v1.xsd').is_file(); "
        "assert any(l.MAPPINGS.glob('*.xml')); "
        "assert (l.RESOURCES / 'translations' / 'ketenkoppeling_nl.ts').is_file()"
    )
    done = subprocess.run(
        [str(python), "-c", probe], cwd=tmp_path, capture_output=True, text=True,
        env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    site = str(env_dir)
    for line in done.stdout.splitlines():
        assert line.startswith(site), f"{line} is not inside the installed package"
