"""The folder where functional administrators keep their own (adapted) mappings."""

from __future__ import annotations

import os
from pathlib import Path


def user_mapping_dir() -> Path:
    configured = os.environ.get("KETENKOPPELING_MAPPINGS")
    if configured:
        return Path(configured)
    from platformdirs import user_data_dir

    return Path(user_data_dir("Ketenkoppeling", appauthor=False)) / "koppelingen"
