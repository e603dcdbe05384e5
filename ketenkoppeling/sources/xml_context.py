"""Which XPaths look outside their record, and when the context they look at is complete.

The streaming reader (sources/xml.py) yields a record as soon as it ends. An XPath that stays
inside the record sees all it needs then. One that leaves it (``../Bron/CdPartijSuwi``,
``ancestor::Client/BSN``, ``following-sibling::X``, an absolute path) may point at an element
that follows the record and has not been parsed yet. :func:`reach` tells whether an XPath
leaves its context node and whose end makes what it looks at complete: the ancestor ``levels``
up (1 = the parent) or, for an ``ancestor::`` step, the outermost element its ``anchors`` find.
Forms whose target cannot be pinned down (absolute paths, ``following::``, ``preceding::``)
count as the parent. The analysis is conservative: when in doubt an XPath leaves.

:class:`ContextCheck` applies this to a record that has just ended: are all its outward
XPaths satisfied, and if not, how many levels up must the reader wait?
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from lxml import etree

_NAME = r"(?:\*|[^\W\d][\w.\-]*(?::(?:\*|[^\W\d][\w.\-]*))?)"
_NODE_TEST = rf"(?:{_NAME}|(?:text|node|comment)\(\s*\)|processing-instruction\(\s*(?:'[^']*'|\"[^\"]*\")?\s*\))"  # noqa: E501
_STEP = re.compile(rf"^(?:\.\.?|@{_NAME}|(?:(?P<axis>[a-z\-]+)\s*::\s*)?{_NODE_TEST})$")
_STRING = re.compile(r"'[^']*'|\"[^\"]*\"")
_ABSOLUTE = re.compile(r"(?:^|[\s(,\[|=<>!+])/")
_FAR_AXES = re.compile(r"\b(?:ancestor|ancestor-or-self|following|preceding)\s*::")
_SIBLING_AXES = re.compile(r"\b(?:following-sibling|preceding-sibling|parent)\s*::")
_UP_RUN = re.compile(r"\.\.(?:\s*/\s*\.\.)*")

_DOWN_AXES = {"child": 1, "attribute": 1, "namespace": 1, "descendant": 1}
_SAME_AXES = {"self": 0, "descendant-or-self": 0}


@dataclass(frozen=True)
class Reach:
    """How far outside its context node an XPath looks (see the module docstring)."""

    levels: int = 0  # the ancestor whose end completes the context; 0 = stays inside
    anchors: tuple[str, ...] = ()  # XPaths of further ancestors to wait for (ancestor:: steps)

    @property
    def leaves(self) -> bool:
        return self.levels > 0 or bool(self.anchors)

    def __or__(self, other: Reach) -> Reach:
        return Reach(max(self.levels, other.levels), self.anchors + other.anchors)


def leaves_record(xpath: str) -> bool:
    """Does ``xpath``, evaluated on a record element, look outside the record?"""
    return reach(xpath).leaves


@lru_cache(maxsize=4096)  # a mapping's paths are worked out for every file it reads
def reach(xpath: str, depth: int = 0) -> Reach:
    """How far outside its context node ``xpath`` looks; ``depth`` is the depth of that node
    below the record (for a predicate or a path evaluated on a node inside the record)."""
    result = Reach()
    for branch in _split(xpath.strip(), "|"):
        steps = plain_steps(branch)
        result = result | (
            _path_reach(branch, steps, depth) if steps is not None else _rough_reach(branch, depth)
        )
    return result


def within(base: str, xpath: str) -> str | None:
    """One XPath, evaluated on the record, for ``xpath`` evaluated on the nodes ``base`` finds
    (an attribution's field); None when XPath 1.0 cannot express it as one path."""
    if xpath.strip().startswith("/"):
        return xpath.strip()
    branches = _split(xpath.strip(), "|")
    if any(plain_steps(b) is None for b in branches):
        return None
    prefix = base.strip() if len(_split(base.strip(), "|")) == 1 else f"({base.strip()})"
    prefix = prefix.rstrip("/") if prefix != "/" else ""
    return " | ".join(f"{prefix}/{b.strip()}" for b in branches)


class ContextCheck:
    """The outward XPaths of a mapping, compiled, applied to records as they end.

    An XPath of the form ``../../A/B`` (only parent steps, then child steps) finds something
    for every later record below the same ancestor once it has for one, as elements there are
    only added while records wait: the last ancestor it was found below is remembered, so that
    a container of many records costs one evaluation.
    """

    def __init__(self, xpaths: Sequence[str], namespaces: Mapping[str, str]):
        self.checks: list[_Check] = []
        namespaces = dict(namespaces)
        for xpath in dict.fromkeys(x.strip() for x in xpaths if x.strip()):
            found = reach(xpath)
            if not found.leaves:
                continue  # it sees all it needs when the record ends
            try:
                compiled = etree.XPath(xpath, namespaces=namespaces)
                anchors = [etree.XPath(a, namespaces=namespaces) for a in found.anchors]
            except etree.XPathSyntaxError as exc:
                raise ValueError(f"ongeldig XPath '{xpath}': {exc}") from None
            self.checks.append(_Check(compiled, max(found.levels, 1), anchors, _upward(xpath)))

    def fresh(self) -> ContextCheck:
        """The same compiled XPaths, without what this one remembers of a file (for the next
        file: compiling them costs more than checking a small file's records)."""
        other = ContextCheck.__new__(ContextCheck)
        other.checks = [_Check(c.compiled, c.levels, c.anchors, c.upward) for c in self.checks]
        return other

    def missing_levels(self, elem: Any) -> int:
        """0 when every XPath finds something on ``elem``; else how many ancestors up the
        reader must wait for (the outermost one that an unsatisfied XPath may reach)."""
        levels = 0
        for check in self.checks:
            above = None
            if check.upward:
                above = elem
                for _ in range(check.upward):
                    above = above.getparent() if above is not None else None
                if above is not None and above is check.found_below:
                    continue
            try:
                if _found(check.compiled(elem)):
                    check.found_below = above
                    continue
            except etree.XPathEvalError:
                continue  # the mapping reports it; waiting would not help
            levels = max(levels, check.levels)
            for anchor in check.anchors:
                try:
                    targets = anchor(elem)
                except etree.XPathEvalError:
                    continue
                for target in targets if isinstance(targets, list) else ():
                    levels = max(levels, _distance(elem, target))
        return levels


@dataclass
class _Check:
    compiled: Any
    levels: int
    anchors: list[Any]
    upward: int  # n for '../' * n followed by child steps only, else 0
    found_below: Any = None  # the last ancestor (``upward`` levels up) it found something below


def _upward(xpath: str) -> int:
    steps = plain_steps(xpath)
    if steps is None or xpath.startswith("/") or any(predicates for _, predicates in steps):
        return 0
    cores = [core for core, _ in steps]
    ups = next((i for i, core in enumerate(cores) if core != ".."), len(cores))
    rest = cores[ups:]
    if any(core in ("", ".", "..") or "::" in core for core in rest):
        return 0
    return ups


def _found(result: Any) -> bool:
    if isinstance(result, list | str | bool):
        return bool(result)
    return bool(result == result and result)  # a number: neither NaN nor 0


def _distance(elem: Any, ancestor: Any) -> int:
    """How many levels up ``ancestor`` is from ``elem`` (0 when it is not an ancestor)."""
    up, node = 0, elem
    while node is not None and node is not ancestor:
        node, up = node.getparent(), up + 1
    return up if node is not None else 0


def _path_reach(branch: str, steps: list[tuple[str, list[str]]], depth: int) -> Reach:
    if branch.startswith("/"):
        return Reach(levels=1)
    result = Reach()
    prefix: list[str] = []
    for core, predicates in steps:
        prefix.append(core + "".join(f"[{p}]" for p in predicates))
        axis = _axis(core)
        if axis in ("ancestor", "ancestor-or-self"):
            return result | Reach(levels=1, anchors=("/".join(prefix),))
        if axis in ("following-sibling", "preceding-sibling"):
            if depth <= 0:
                result = result | Reach(levels=1 - depth)
        else:
            change = _step_change(core)
            if change is None:  # following::, preceding:: or an unknown axis
                return result | Reach(levels=1)
            depth += change
            if depth < 0:
                result = result | Reach(levels=-depth)
        for predicate in predicates:
            inner = reach(predicate, depth)
            result = result | Reach(max(inner.levels, 1 if inner.anchors else 0))
    return result


def _rough_reach(text: str, depth: int) -> Reach:
    """A conservative guess for an expression that is not a plain location path."""
    text = _STRING.sub("''", text)
    levels = 0
    if _ABSOLUTE.search(text) or _FAR_AXES.search(text):
        levels = 1
    if _SIBLING_AXES.search(text) and depth <= 0:
        levels = max(levels, 1 - depth)
    for run in _UP_RUN.finditer(text):
        levels = max(levels, run.group().count("..") - depth)
    return Reach(levels=levels)


def _axis(core: str) -> str | None:
    return core.split("::", 1)[0].strip() if "::" in core else None


def _step_change(core: str) -> int | None:
    """How a step changes the (least) depth; None for an axis that can go anywhere."""
    if core in ("", "."):  # '' is the descendant-or-self step of '//'
        return 0
    if core == "..":
        return -1
    axis = _axis(core)
    if axis is None:
        return 1
    if axis == "parent":
        return -1
    if axis in _SAME_AXES:
        return _SAME_AXES[axis]
    return _DOWN_AXES.get(axis)


def plain_steps(branch: str) -> list[tuple[str, list[str]]] | None:
    """The steps (node test, predicates) of a plain location path, or None."""
    if not branch:
        return None
    parts = _split(branch, "/")
    if branch.startswith("/"):
        parts = parts[1:]
        if branch == "/":
            return []
    steps: list[tuple[str, list[str]]] = []
    for i, part in enumerate(parts):
        core, predicates = _predicates(part.strip())
        if predicates is None:
            return None
        if core == "":
            if i == len(parts) - 1 or predicates:
                return None  # a path ending in '/'
        elif not _STEP.match(core):
            return None
        steps.append((core, predicates))
    return steps


def _predicates(step: str) -> tuple[str, list[str] | None]:
    at = step.find("[")
    if at < 0:
        return step, []
    core, rest = step[:at].strip(), step[at:]
    predicates: list[str] = []
    while rest:
        if not rest.startswith("["):
            return core, None
        inner = _split(rest[1:], "]", limit=1)
        if len(inner) < 2:
            return core, None
        predicates.append(inner[0])
        rest = inner[1].strip()
    return core, predicates


def _split(text: str, sep: str, limit: int = -1) -> list[str]:
    """Split ``text`` at ``sep`` outside brackets, parentheses and string literals."""
    parts: list[str] = []
    depth, quote, start = 0, "", 0
    for i, char in enumerate(text):
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
            if len(parts) == limit:
                break
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
    parts.append(text[start:])
    return parts
