"""The reference codes a mapping checks against: plain data, filled by the importer."""

from __future__ import annotations

from dataclasses import dataclass, field

from ketenkoppeling.model.names import fold


def _key(text: str) -> str:
    return " ".join(fold(text).split())


@dataclass
class ReferenceSet:
    partners: dict[str, str] = field(default_factory=dict)  # code -> name
    instruments: dict[str, str] = field(default_factory=dict)  # code -> description
    regimes: dict[str, str] = field(default_factory=dict)  # code -> description
    budgets: set[str] = field(default_factory=set)
    providers: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._by_name: dict[str, dict[str, str]] = {}

    def _index(self, kind: str) -> dict[str, str]:
        if kind not in self._by_name:
            table: dict[str, str] = getattr(self, kind + "s")
            index: dict[str, str] = {}
            for code, name in table.items():
                index[_key(code)] = code
                index.setdefault(_key(name), code)
                if kind == "partner":
                    # "gemeente Haarlem" and "Haarlem" name the same partner
                    bare = _key(name).removeprefix("gemeente ").strip()
                    index.setdefault(bare, code)
                    index.setdefault("gemeente " + bare, code)
            self._by_name[kind] = index
        return self._by_name[kind]

    def lookup(self, kind: str, text: str) -> str | None:
        """The code of an ``instrument``, ``partner`` or ``regime`` given by its code or its
        name/description (case, spaces and diacritics ignored)."""
        return self._index(kind).get(_key(text))
