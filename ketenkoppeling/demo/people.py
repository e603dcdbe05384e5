"""Fictional people of the demo region: BSNs, names, birth dates and postcodes.

Every BSN made here passes the 11-check (spec/domain.md) and is unique within one region:
the first eight digits come from an affine permutation of the counter, the ninth is the
check digit. About one in ten starts with a 0, so spreadsheets that store the BSN as a
number lose that zero, as real ones do.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2)

# (tussenvoegsel, significant part, weight). Common Dutch surnames first, then the names of
# the region's other inhabitants; a few carry the diacritics the readers must survive.
SURNAMES: tuple[tuple[str, str, int], ...] = (
    ("", "Jansen", 30),
    ("de", "Jong", 28),
    ("de", "Vries", 26),
    ("van den", "Berg", 22),
    ("van", "Dijk", 22),
    ("", "Bakker", 22),
    ("", "Janssen", 20),
    ("", "Visser", 20),
    ("", "Smit", 19),
    ("", "Meijer", 18),
    ("de", "Boer", 18),
    ("", "Mulder", 17),
    ("de", "Groot", 17),
    ("", "Bos", 16),
    ("", "Vos", 16),
    ("", "Peters", 15),
    ("", "Hendriks", 15),
    ("van", "Leeuwen", 14),
    ("", "Dekker", 14),
    ("", "Brouwer", 14),
    ("de", "Wit", 13),
    ("", "Dijkstra", 13),
    ("", "Smits", 12),
    ("de", "Graaf", 12),
    ("van der", "Meer", 12),
    ("van der", "Linden", 11),
    ("", "Kok", 11),
    ("", "Jacobs", 11),
    ("de", "Haan", 11),
    ("", "Vermeulen", 10),
    ("van den", "Heuvel", 10),
    ("van der", "Veen", 10),
    ("van den", "Broek", 10),
    ("de", "Bruijn", 10),
    ("de", "Bruin", 9),
    ("van der", "Heijden", 9),
    ("", "Schouten", 9),
    ("van", "Beek", 9),
    ("", "Willems", 9),
    ("van", "Vliet", 8),
    ("van de", "Ven", 8),
    ("", "Hoekstra", 8),
    ("", "Maas", 8),
    ("", "Verhoeven", 8),
    ("", "Koster", 8),
    ("van", "Dam", 8),
    ("van der", "Wal", 7),
    ("", "Prins", 7),
    ("", "Blom", 7),
    ("", "Huisman", 7),
    ("", "Peeters", 7),
    ("de", "Ruiter", 7),
    ("van", "Wijk", 7),
    ("", "Kuipers", 7),
    ("", "Wouters", 7),
    ("", "Hoogendoorn", 6),
    ("", "Vink", 6),
    ("ter", "Horst", 5),
    ("van 't", "Hof", 4),
    ("in 't", "Veld", 4),
    ("op den", "Kamp", 3),
    ("ten", "Cate", 3),
    ("", "Kaya", 7),
    ("", "Yilmaz", 7),
    ("", "Öztürk", 6),
    ("", "Çelik", 6),
    ("", "Demir", 5),
    ("", "Şahin", 4),
    ("", "Doğan", 3),
    ("", "Boukhari", 5),
    ("el", "Amrani", 5),
    ("", "Bouzid", 4),
    ("", "Ramdin", 5),
    ("", "Ramsaran", 3),
    ("", "Gonçalves", 4),
    ("", "François", 3),
    ("", "Daniëls", 4),
    ("", "Michiëls", 3),
    ("", "Clément", 3),
    ("", "Lefèvre", 2),
    ("", "Noël", 3),
    ("", "Müller", 3),
)
_SURNAME_WEIGHTS = tuple(w for _, _, w in SURNAMES)
# Names with é, ë or ç: the ISO-8859-1 batch must carry some of them.
LATIN1_ACCENTED = tuple(i for i, (_, n, _) in enumerate(SURNAMES) if any(c in n for c in "éëç"))

_INITIAL_LETTERS = "AAABBCDDEFGGHHIJJJJKKLLMMMNPPRRSSTTW"
_POSTCODE_LETTERS = "ABCDEFGHJKLMNPRSTVWXZ"

# Home gemeente of a client and the postcode areas it covers (4-digit ranges, inclusive).
GEMEENTE_AREAS: dict[str, tuple[tuple[int, int], ...]] = {
    "GEM-0392": ((2001, 2037),),  # Haarlem
    "GEM-0473": ((2040, 2042),),  # Zandvoort
    # IASZ: Bloemendaal, Haarlemmerliede en Spaarnwoude, Heemstede, Bennebroek
    "IASZ": ((2050, 2061), (2064, 2067), (2101, 2106), (2121, 2121)),
}


@dataclass(slots=True)
class Person:
    """One identity as a partner registered it."""

    bsn: str
    birth: date
    prefix: str  # tussenvoegsel, '' when none
    name: str  # significant part of the surname
    initials: str  # 'J.P.'
    postcode: str
    gemeente: str  # home gemeente (partner code)

    @property
    def surname(self) -> str:
        """Surname as the chain messages write it: ``de Vries``."""
        return f"{self.prefix} {self.name}" if self.prefix else self.name

    @property
    def naam(self) -> str:
        """The gemeente export's ``Naam``: ``Vries, J.P. de``."""
        text = f"{self.name}, {self.initials}"
        return f"{text} {self.prefix}" if self.prefix else text


class BsnFactory:
    """Unique valid BSNs in a deterministic but unordered-looking sequence."""

    _MOD = 100_000_000

    def __init__(self, seed: int) -> None:
        rnd = random.Random(f"bsn-{seed}")
        mult = rnd.randrange(10_000_001, 99_999_999) | 1
        while mult % 5 == 0:
            mult += 2
        self._mult = mult
        self._add = rnd.randrange(self._MOD)
        self._n = 0

    def next(self) -> str:
        while True:
            prefix = (self._mult * self._n + self._add) % self._MOD
            self._n += 1
            if prefix < 1_000_000:  # would start with 00: no real BSN looks like that
                continue
            digits = f"{prefix:08d}"
            check = sum(w * int(d) for w, d in zip(_WEIGHTS, digits, strict=True)) % 11
            if check == 10:
                continue
            return digits + str(check)


def invalid_bsn(rnd: random.Random, bsn: str) -> str:
    """A typo of ``bsn``: one digit changed, so the 11-check fails (never 000000000)."""
    pos = rnd.randrange(9)
    old = int(bsn[pos])
    new = (old + rnd.randrange(1, 10)) % 10
    text = bsn[:pos] + str(new) + bsn[pos + 1 :]
    return text if text != "000000000" else "000000001"


def make_initials(rnd: random.Random) -> str:
    count = rnd.choices((1, 2, 3), weights=(45, 40, 15))[0]
    return "".join(f"{rnd.choice(_INITIAL_LETTERS)}." for _ in range(count))


def make_postcode(rnd: random.Random, gemeente: str) -> str:
    low, high = rnd.choice(GEMEENTE_AREAS[gemeente])
    while True:
        letters = rnd.choice(_POSTCODE_LETTERS) + rnd.choice(_POSTCODE_LETTERS)
        if letters not in ("SA", "SD", "SS"):
            return f"{rnd.randint(low, high)}{letters}"


def make_person(
    rnd: random.Random,
    bsns: BsnFactory,
    gemeente: str,
    year: int,
    *,
    accented: bool = False,
) -> Person:
    """A new client living in ``gemeente``, aged 18 to 64 on 1 January of ``year``."""
    if accented:
        prefix, name, _ = SURNAMES[rnd.choice(LATIN1_ACCENTED)]
    else:
        prefix, name, _ = rnd.choices(SURNAMES, weights=_SURNAME_WEIGHTS)[0]
    first = date(year - 64, 1, 2)
    span = (date(year - 18, 1, 1) - first).days
    birth = first + timedelta(days=rnd.randrange(span))
    return Person(
        bsn=bsns.next(),
        birth=birth,
        prefix=prefix,
        name=name,
        initials=make_initials(rnd),
        postcode=make_postcode(rnd, gemeente),
        gemeente=gemeente,
    )


def _strip_accents(text: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
    ).replace("ı", "i")


def misspelled_identity(rnd: random.Random, bsns: BsnFactory, person: Person) -> Person:
    """The same person registered under another (valid) BSN with the surname spelled
    differently: other case, tussenvoegsel moved or dropped, or diacritics lost (rule D2)."""
    prefix, name = person.prefix, person.name
    plain = _strip_accents(name)
    options: list[tuple[str, str]] = []
    if plain != name:
        options.append((prefix, plain))
    if prefix:
        options.append(("", f"{prefix.capitalize()} {name}"))  # 'De Vries' as one surname
        options.append(("", name))  # tussenvoegsel forgotten
        options.append((prefix.upper(), name.upper()))
    options.append((prefix, name.upper()))
    options.append((prefix, name.lower()))
    new_prefix, new_name = rnd.choice(options)
    return Person(
        bsn=bsns.next(),
        birth=person.birth,
        prefix=new_prefix,
        name=new_name,
        initials=person.initials,
        postcode=person.postcode,
        gemeente=person.gemeente,
    )
