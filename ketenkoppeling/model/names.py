"""Normalising names for comparison (rule D2): the fingerprint idea of OpenRefine."""

from __future__ import annotations

import re
import unicodedata

TUSSENVOEGSELS = frozenset({"van", "de", "der", "den", "het", "ter", "ten", "te", "in", "t", "op"})
_NON_LETTERS = re.compile(r"[^a-z]+")


def fold(text: str) -> str:
    """Lower case without diacritics (é → e, ç → c, ß → ss)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def surname_key(surname: str) -> str:
    """The normalised surname: case, spaces, punctuation, diacritics and the tussenvoegsels
    van, de, der, den, het, ter, ten, te, in, 't, op ignored wherever they stand."""
    words = [w for w in _NON_LETTERS.split(fold(surname)) if w]
    return "".join(w for w in words if w not in TUSSENVOEGSELS)


def initials_key(initials: str | None) -> str:
    """Initials as letters only, upper case (``J.P.`` → ``JP``)."""
    return "".join(ch for ch in fold(initials or "") if ch.isalpha()).upper()


def split_naam(naam: str) -> tuple[str, str | None]:
    """Split a ``Naam`` cell of the form ``Vries, J.P. de`` into (``de Vries``, ``J.P.``).

    Without a comma the whole text is the surname. Tussenvoegsels written after the initials
    move to the front of the surname.
    """
    text = " ".join(naam.split())
    if "," not in text:
        return text, None
    surname, rest = (part.strip() for part in text.split(",", 1))
    initials: list[str] = []
    prefix: list[str] = []
    for word in rest.split():
        if prefix or fold(word).strip("'") in TUSSENVOEGSELS:
            prefix.append(word)
        else:
            initials.append(word)
    full = " ".join([*prefix, surname]) if prefix else surname
    return full, " ".join(initials) or None
