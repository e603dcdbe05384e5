"""The CSV reader's lines: in blocks, exactly the lines (and line numbers, and refusals) that
reading one line at a time gives."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ketenkoppeling.sources import text_lines
from ketenkoppeling.sources.base import SourceRefused
from ketenkoppeling.sources.text_lines import Lines

PATH = Path("f.csv")


def one_at_a_time(text: str, limit: int) -> list[str] | tuple[str, int | None]:
    """What readline gives, line by line (the reader before blocks), or its refusal."""
    stream = io.StringIO(text, newline="")
    found: list[str] = []
    while line := stream.readline(limit + 1):
        if len(line) > limit:
            return ("refused", len(found) + 1)
        found.append(line)
    return found


def in_blocks(text: str, limit: int, block: int) -> list[str] | tuple[str, int | None]:
    lines = Lines(io.StringIO(text, newline=""), PATH, limit, limit, block=block)
    lines.to_data()
    found: list[str] = []
    try:
        found.extend(lines)
    except SourceRefused as exc:
        assert "de regel is langer dan" in exc.message
        return ("refused", exc.line)
    return found


PIECES = st.lists(
    st.sampled_from(["a", "bb", ";", '"', "\n", "\r", "\r\n", "é", " ", "x" * 9]), max_size=80
)


@settings(max_examples=300, deadline=None)
@given(PIECES, st.integers(1, 40), st.integers(4, 30))
def test_blocks_give_the_lines_readline_gives(pieces: list[str], block: int, limit: int) -> None:
    text = "".join(pieces)
    assert in_blocks(text, limit, block) == one_at_a_time(text, limit)


def test_a_long_line_inside_a_block_is_refused() -> None:
    assert in_blocks("\nxxxxx\n", 4, 9) == one_at_a_time("\nxxxxx\n", 4) == ("refused", 2)


@pytest.mark.parametrize("block", [1, 2, 3, 5, text_lines.BLOCK])
def test_a_crlf_split_between_blocks_stays_one_line_end(block: int) -> None:
    text = "a;b\r\nc;d\r\n\r\ne\rf\n"
    assert in_blocks(text, 100, block) == ["a;b\r\n", "c;d\r\n", "\r\n", "e\r", "f\n"]


def test_the_header_then_the_data_with_csv_line_numbers() -> None:
    text = "x\n" * 3 + "kop;b\n" + 'r1;"twee\nregels"\n' + "r2;b\n"
    lines = Lines(io.StringIO(text, newline=""), PATH, header_limit=10, limit=100)
    reader = csv.reader(lines, delimiter=";")
    for row in reader:
        if row == ["kop", "b"]:
            assert reader.line_num == 4
            lines.to_data()
            break
    rows = [(row, reader.line_num) for row in reader]
    assert rows == [(["r1", "twee\nregels"], 6), (["r2", "b"], 7)]


def test_a_long_header_line_is_named_as_such() -> None:
    lines = Lines(io.StringIO("k" * 50 + "\n"), PATH, header_limit=10, limit=100)
    with pytest.raises(SourceRefused) as caught:
        list(lines)
    assert caught.value.line == 1
    assert "regel 1: de kopregel is langer dan" in caught.value.message
