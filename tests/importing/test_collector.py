"""An import sets the loaded libraries aside from the collector's full passes while it runs
and hands them back after; what the window set aside at start-up stays set aside."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from ketenkoppeling.importing import collector_set_aside


@pytest.fixture
def unfrozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_an_import_hands_back_what_it_set_aside(unfrozen: None) -> None:
    with collector_set_aside():
        assert gc.get_freeze_count() > 0
        with collector_set_aside():  # nested: the outer block hands back
            pass
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0


def test_what_the_window_set_aside_stays(unfrozen: None) -> None:
    gc.freeze()  # as ui/app.py does once the window is shown
    before = gc.get_freeze_count()
    with collector_set_aside():
        pass
    assert gc.get_freeze_count() >= before > 0
