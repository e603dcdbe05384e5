"""Hypothesis settings for the property tests: modest example counts, no per-example deadline
(the first example pays for imports and caches), and a derandomized profile for CI so that a
run is repeatable (``CI=true``)."""

from __future__ import annotations

import os
import tempfile

from hypothesis import HealthCheck, settings
from hypothesis.configuration import set_hypothesis_home_dir
from hypothesis.database import DirectoryBasedExampleDatabase

# hypothesis keeps its files (failing examples, caches) outside the working tree
HOME = os.path.join(tempfile.gettempdir(), "ketenkoppeling-hypothesis")
set_hypothesis_home_dir(HOME)
DATABASE = DirectoryBasedExampleDatabase(os.path.join(HOME, "examples"))

settings.register_profile(
    "dev",
    max_examples=100,
    deadline=None,
    database=DATABASE,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "ci",
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
# a longer hunt by hand: HYPOTHESIS_PROFILE=deep .venv/bin/pytest tests/properties
settings.register_profile("deep", max_examples=3000, deadline=None, database=DATABASE)
_CI = os.environ.get("CI", "").lower() in ("true", "1")
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if _CI else "dev"))
