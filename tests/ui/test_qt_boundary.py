"""Nothing outside ketenkoppeling/ui imports Qt (the import-linter contract in pyproject.toml
says the same; this keeps the rule visible in the GUI tests)."""

from __future__ import annotations

import ast
from pathlib import Path

import ketenkoppeling

PACKAGE = Path(ketenkoppeling.__file__).resolve().parent


def _imports_qt(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        else:
            continue
        if any(name.split(".")[0] in ("PySide6", "PyQt5", "PyQt6", "shiboken6") for name in names):
            return True
    return False


def test_qt_only_in_the_ui_package() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "ui" not in path.relative_to(PACKAGE).parts[:1] and _imports_qt(path)
    ]
    assert not offenders, offenders
