"""Record paths of the streaming XML reader: parsing and a cached matching automaton.

A record path is a simple absolute path: ``/p:A/p:B/p:C``, ``//p:C``, ``/p:A//q:D``, with
``*`` (any element), ``p:*`` (any element in that namespace), ``{*}Name`` (that local name in
any namespace), ``{uri}Name``, and unprefixed names for elements in NO namespace (as SuwiML's
unqualified children). Predicates and attributes are not supported.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

ANY = "*"  # a step's namespace or local name that matches anything
Key = tuple[str | None, str]  # (namespace or None, local name) of an element
States = frozenset[tuple[int, int]]  # (path number, steps matched so far)

_NCNAME = r"[^\W\d][\w.\-]*"
_NAME = re.compile(rf"^(?:\{{(?P<uri>[^}}]*)\}}|(?P<prefix>{_NCNAME}):)?(?P<local>{_NCNAME}|\*)$")


@dataclass(frozen=True)
class Step:
    """One step of a record path: ``namespace`` None = no namespace, ``ANY`` = any."""

    descendant: bool  # reached through '//' (at any depth below the previous step)
    namespace: str | None
    local: str

    def matches(self, key: Key) -> bool:
        return (self.local == ANY or self.local == key[1]) and (
            self.namespace == ANY or self.namespace == key[0]
        )


@dataclass(frozen=True)
class RecordPath:
    expr: str
    steps: tuple[Step, ...]

    @property
    def fixed_depth(self) -> int | None:
        """The only depth at which the path can match, or None when it has a '//' step."""
        return None if any(s.descendant for s in self.steps) else len(self.steps)

    def matches(self, stack: Sequence[Key]) -> bool:
        """Does the path match the element whose ancestry (root first) is ``stack``?"""
        matcher = PathMatcher([self])
        states = matcher.initial
        matched: tuple[int, ...] = ()
        for key in stack:
            states, matched = matcher.step(states, key)
        return bool(matched)


def split_tag(tag: str) -> Key:
    """``{uri}local`` → ``(uri, local)``; ``local`` → ``(None, local)``."""
    if tag[:1] == "{":
        uri, _, local = tag[1:].partition("}")
        return uri, local
    return None, tag


def clark(key: Key) -> str:
    return f"{{{key[0]}}}{key[1]}" if key[0] is not None else key[1]


def parse_name(token: str, namespaces: Mapping[str, str], expr: str | None = None) -> Key:
    """``(namespace, local)`` of one name: ``p:Name``, ``Name`` (no namespace), ``{*}Name``,
    ``{uri}Name``, ``*`` or ``p:*``. Raises ValueError with a Dutch message."""
    found = _NAME.match(token)
    if found is None:
        raise ValueError(f"ongeldig pad '{expr or token}': '{token}' is geen elementnaam")
    local, prefix, uri = found["local"], found["prefix"], found["uri"]
    if prefix is not None:
        if prefix not in namespaces:
            raise ValueError(
                f"ongeldig pad '{expr or token}': voorvoegsel '{prefix}' is niet gedeclareerd"
            )
        return namespaces[prefix], local
    if uri is not None:
        return uri or None, local
    return (ANY if local == ANY else None), local


def parse_record_path(expr: str, namespaces: Mapping[str, str]) -> RecordPath:
    """Parse a record path; raises ValueError with a Dutch message on bad syntax."""
    text = expr.strip()
    if not text.startswith("/"):
        raise ValueError(f"ongeldig pad '{expr}': een pad begint met '/' of '//'")
    steps: list[Step] = []
    pos = 0
    while pos < len(text):
        descendant = text.startswith("//", pos)
        pos += 2 if descendant else 1
        if text.startswith("/", pos):
            raise ValueError(f"ongeldig pad '{expr}': '///' is geen geldige stap")
        brace = text.find("}", pos) if text.startswith("{", pos) else pos
        slash = text.find("/", max(brace, pos))
        token = text[pos : slash if slash >= 0 else len(text)]
        if not token:
            raise ValueError(f"ongeldig pad '{expr}': lege stap aan het eind")
        if any(c in token for c in "[]()@=|"):
            raise ValueError(f"ongeldig pad '{expr}': alleen elementnamen zijn toegestaan")
        steps.append(Step(descendant, *parse_name(token, namespaces, expr)))
        pos += len(token)
    return RecordPath(expr, tuple(steps))


class PathMatcher:
    """A small automaton over several record paths at once.

    The state of an element is the set of ``(path, steps matched)`` reached at it; the state of
    a child follows from its parent's state and its own name alone, so transitions are cached
    and matching costs one dictionary lookup per element.
    """

    def __init__(self, paths: Sequence[RecordPath]):
        self.paths = list(paths)
        self.initial: States = frozenset((p, 0) for p in range(len(self.paths)))
        self._cache: dict[tuple[States, Key], tuple[States, tuple[int, ...]]] = {}

    def step(self, states: States, key: Key) -> tuple[States, tuple[int, ...]]:
        """The state of a child named ``key`` and the paths (by number) it completes."""
        cached = self._cache.get((states, key))
        if cached is not None:
            return cached
        reached: set[tuple[int, int]] = set()
        for p, i in states:
            steps = self.paths[p].steps
            if i < len(steps):
                if steps[i].matches(key):
                    reached.add((p, i + 1))
                if steps[i].descendant:
                    reached.add((p, i))
        matched = tuple(sorted(p for p, i in reached if i == len(self.paths[p].steps)))
        result = (frozenset(reached), matched)
        if len(self._cache) > 10_000:
            self._cache.clear()
        self._cache[(states, key)] = result
        return result
