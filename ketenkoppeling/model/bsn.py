"""The BSN (burgerservicenummer) and its 11-check (spec/domain.md)."""

from __future__ import annotations

_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def normalise_bsn(value: object) -> str | None:
    """Return the 9-digit text form of a BSN as found in a source, or None if it is not one.

    Accepts text or a whole number; an 8-digit value (a spreadsheet lost its leading zero) is
    padded. Surrounding spaces are ignored. Does not apply the 11-check.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        text = str(value)
    elif isinstance(value, float):
        if not value.is_integer():
            return None
        text = str(int(value))
    else:
        text = str(value).strip()
    if not text.isascii() or not text.isdigit():
        return None
    if len(text) == 8:
        text = "0" + text
    return text if len(text) == 9 else None


def is_valid_bsn(bsn: str) -> bool:
    """True when ``bsn`` is 9 digits passing the 11-check and is not 000000000."""
    if len(bsn) != 9 or not bsn.isascii() or not bsn.isdigit() or bsn == "000000000":
        return False
    return sum(w * int(d) for w, d in zip(_WEIGHTS, bsn, strict=True)) % 11 == 0
