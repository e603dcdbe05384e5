"""The plain records the mapping editor hands out (fields, settings, records, targets,
transforms) and their conversion from and to the elements of a mapping document."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from lxml import etree

from ketenkoppeling.mapping.document_xml import elements, local, make
from ketenkoppeling.mapping.fields import TRANSFORMS

SOURCE_KINDS = ("column", "xpath", "setting", "value", "concat")
PART_KINDS = ("column", "xpath", "setting", "value")
SETTING_KINDS = ("value", "cell", "xpath", "file-name")


@dataclass
class TransformEdit:
    kind: str  # trim, upper, lower, bsn, default, date, amount, split-name, regex, …, map
    params: dict[str, str] = field(default_factory=dict)  # attribute -> value
    entries: list[tuple[str, str]] = field(default_factory=list)  # map: (from, to)


@dataclass
class FieldEdit:
    entity: str
    name: str
    source_kind: str  # column | xpath | setting | value | concat ('' when the field has none)
    source: str | list[tuple[str, str]]  # concat: the parts as (kind, value)
    separator: str = " "  # concat only
    transforms: list[TransformEdit] = field(default_factory=list)
    attribution_index: int | None = None  # None: a field of the target itself
    record: str | None = None  # the kind of the record the target belongs to
    line: int | None = None  # in the text the document was read from (None: added since)


@dataclass
class SettingEdit:
    name: str
    source_kind: str  # value | cell | xpath | file-name
    source: str  # the value, cell (A1) or XPath; '' for file-name
    label: str | None = None
    required: bool = True
    transforms: list[TransformEdit] = field(default_factory=list)
    line: int | None = None


@dataclass
class RecordEdit:
    kind: str | None
    path: str | None  # XML only: the record path
    entities: list[str] = field(default_factory=list)
    line: int | None = None


@dataclass
class TargetEdit:
    entity: str
    record: str | None
    optional: bool = False
    present_if: list[str] = field(default_factory=list)
    line: int | None = None


@dataclass
class Signature:
    root: str | None = None
    sheet: str | None = None
    columns: list[str] = field(default_factory=list)


TransformLike = TransformEdit | str


def is_true(value: str | None) -> bool:
    return value in ("true", "1")


def transform_edits(element: etree._Element) -> list[TransformEdit]:
    return [
        TransformEdit(
            local(t),
            dict(t.attrib),
            [(e.get("from", ""), e.get("to", "")) for e in elements(t, "entry")],
        )
        for t in elements(element)
        if local(t) in TRANSFORMS
    ]


def transform_element(transform: TransformLike) -> etree._Element:
    edit = TransformEdit(transform) if isinstance(transform, str) else transform
    info = TRANSFORMS.get(edit.kind)
    if info is None:
        raise ValueError(f"onbekende bewerking '{edit.kind}' (bekend: {', '.join(TRANSFORMS)})")
    known = {p.name for p in info.params}
    unknown = [p for p in edit.params if p not in known]
    if unknown:
        raise ValueError(f"bewerking {edit.kind} kent geen parameter {', '.join(unknown)}")
    element = make(edit.kind, {k: str(v) for k, v in edit.params.items()})
    if edit.entries and not info.entries:
        raise ValueError(f"bewerking {edit.kind} heeft geen waardetabel")
    for source, target in edit.entries:
        element.append(make("entry", {"from": source, "to": target}))
    return element


def set_transforms(
    element: etree._Element, transforms: Sequence[TransformLike | etree._Element]
) -> None:
    """Replace the transforms of a field or setting (other children stay)."""
    new = [t if etree.iselement(t) else transform_element(t) for t in transforms]  # may raise
    for old in elements(element):
        if local(old) in TRANSFORMS:
            element.remove(old)
    for transform in new:
        element.append(transform)


def source_of(element: etree._Element) -> tuple[str, str | list[tuple[str, str]], str]:
    concat = next(iter(elements(element, "concat")), None)
    if concat is not None:
        parts = []
        for part in elements(concat, "part"):
            kind = next((k for k in PART_KINDS if part.get(k) is not None), "value")
            parts.append((kind, part.get(kind, "")))
        return "concat", parts, concat.get("separator", " ")
    for kind in PART_KINDS:
        if element.get(kind) is not None:
            return kind, element.get(kind, ""), " "
    return "", "", " "


def check_source(kind: str, source: str | Sequence[tuple[str, str]]) -> None:
    """ValueError (Dutch) when ``kind`` and ``source`` do not make a field's source."""
    if kind not in SOURCE_KINDS:
        raise ValueError(f"onbekende bron '{kind}' (kies uit {', '.join(SOURCE_KINDS)})")
    if kind == "concat":
        if isinstance(source, str) or not source:
            raise ValueError("een samenvoeging (concat) heeft een lijst van delen nodig")
        for part_kind, _ in source:
            if part_kind not in PART_KINDS:
                raise ValueError(f"onbekende bron '{part_kind}' voor een deel")
    elif not isinstance(source, str):
        raise ValueError(f"een bron '{kind}' is één tekst, geen lijst")


def set_source_of(
    element: etree._Element, kind: str, source: str | Sequence[tuple[str, str]], separator: str
) -> None:
    check_source(kind, source)
    for attribute in PART_KINDS:
        element.attrib.pop(attribute, None)
    for old in elements(element, "concat"):
        element.remove(old)
    if isinstance(source, str):
        element.set(kind, source)
        return
    concat = make("concat", {"separator": separator})
    for part_kind, value in source:
        concat.append(make("part", {part_kind: value}))
    element.insert(0, concat)
