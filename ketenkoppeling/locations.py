"""Where the product's data folders are: ``schemas/``, ``mappings/`` and ``resources/``.

In the repository they sit at the top level, beside the package, where administrators and
reviewers look for them; a built wheel carries them inside the package (hatchling's
``force-include`` in pyproject.toml). This finds them in either place.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The folder ``name`` inside the installed package, else beside it in a checkout."""
    inside = PACKAGE / name
    return inside if inside.is_dir() else PACKAGE.parent / name


SCHEMAS = data_dir("schemas")
MAPPINGS = data_dir("mappings")
RESOURCES = data_dir("resources")
