"""Properties of the BSN 11-check: a generated valid BSN passes, any single-digit change fails
it, and an 8-digit value is the same BSN with its leading zero lost."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ketenkoppeling.model.bsn import is_valid_bsn, normalise_bsn

_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2)


@st.composite
def valid_bsns(draw: st.DrawFn, leading_zero: bool = False) -> str:
    """A 9-digit number passing the 11-check, built from 8 free digits and the last digit that
    makes the weighted sum divisible by 11 (when that would have to be 10, or for 000000000, the
    eighth digit is moved up by one first)."""
    first = 0 if leading_zero else draw(st.integers(0, 9))
    digits = [first, *draw(st.lists(st.integers(0, 9), min_size=7, max_size=7))]
    check = sum(w * d for w, d in zip(_WEIGHTS, digits, strict=True)) % 11
    if check == 10 or digits == [0] * 8:
        digits[7] = (digits[7] + 1) % 10
        check = sum(w * d for w, d in zip(_WEIGHTS, digits, strict=True)) % 11
    return "".join(map(str, digits)) + str(check)


@given(valid_bsns())
def test_a_generated_bsn_passes(bsn: str) -> None:
    assert is_valid_bsn(bsn)
    assert normalise_bsn(bsn) == bsn
    assert normalise_bsn(f"  {bsn} ") == bsn
    assert normalise_bsn(int(bsn)) == (bsn if int(bsn) >= 10**7 else None)


@given(valid_bsns(), st.integers(0, 8), st.integers(1, 9))
def test_any_single_digit_change_fails(bsn: str, position: int, delta: int) -> None:
    changed = bsn[:position] + str((int(bsn[position]) + delta) % 10) + bsn[position + 1 :]
    assert changed != bsn
    assert not is_valid_bsn(changed)


@given(valid_bsns(leading_zero=True))
def test_eight_digits_are_padded_with_the_lost_zero(bsn: str) -> None:
    eight = bsn[1:]
    assert normalise_bsn(eight) == bsn
    if eight[0] != "0":  # a number lost exactly one zero: 8 digits left
        assert normalise_bsn(int(eight)) == bsn
        assert normalise_bsn(float(int(eight))) == bsn
    else:  # only one lost zero is restored; 7 digits or fewer are no BSN
        assert normalise_bsn(int(eight)) is None
    assert is_valid_bsn(normalise_bsn(eight) or "")


@given(st.text(max_size=12) | st.integers() | st.floats() | st.none() | st.booleans())
def test_normalise_gives_nine_ascii_digits_or_none(value: object) -> None:
    found = normalise_bsn(value)
    assert found is None or (len(found) == 9 and found.isascii() and found.isdigit())
    if isinstance(found, str):
        assert is_valid_bsn(found) in (True, False)


@given(st.text(alphabet="0123456789", min_size=0, max_size=11))
def test_only_nine_digits_can_be_valid(text: str) -> None:
    if len(text) != 9:
        assert not is_valid_bsn(text)
