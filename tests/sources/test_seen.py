from __future__ import annotations

import os

from ketenkoppeling.sources.seen import SeenValues


def test_values_spill_to_disk_and_are_still_found() -> None:
    seen = SeenValues(memory_limit=10)
    for i in range(25):
        assert seen.first_line(f"id-{i}") is None
        seen.add(f"id-{i}", i + 1)
    assert seen.first_line("id-3") == 4
    assert seen.first_line("id-24") == 25
    assert seen.first_line("id-25") is None
    path = seen._path
    assert path is not None and os.path.exists(path)
    seen.close()
    assert not os.path.exists(path)
