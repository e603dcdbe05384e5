"""Applying a mapping to one raw record: field values with their positions, or errors."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from lxml import etree

from ketenkoppeling.mapping.compiled import Step, compile_transforms
from ketenkoppeling.mapping.spec import (
    AttributionSpec,
    FieldSpec,
    Mapping,
    RecordSpec,
    ValueSource,
)
from ketenkoppeling.mapping.transforms import FieldError, TransformContext
from ketenkoppeling.sources.base import Location, RawRecord


@dataclass(frozen=True)
class Problem:
    """Why (part of) a record cannot be imported.

    ``target`` (``deployment.instrument``), ``value`` and ``lookup`` are set when a value map
    found no code for a value: the quarantine's quick fix adds it to that map."""

    location: Location
    field: str | None
    message: str
    target: str | None = None
    value: str | None = None
    lookup: str | None = None

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "location": self.location.describe(),
            "field": self.field,
            "message": self.message,
        }
        if self.target is not None:
            data["target"] = self.target
        if self.value is not None:
            data["value"] = self.value
            data["lookup"] = self.lookup
        return data


FIELD_LABELS = {
    "birth_date": "geboortedatum",
    "start": "startdatum",
    "end": "einddatum",
    "pay_date": "betaaldatum",
    "period_from": "periode van",
    "period_to": "periode tot",
    "date": "datum",
}
"""Dutch names of the date fields, for the note that a date was incomplete."""


Where = Location | Callable[[], Location]
"""A position, or a function that works it out (only needed when something is wrong)."""

Reader = Callable[[RawRecord, Any], tuple[Any, str, "Where"]]
FieldFn = Callable[[RawRecord, Any], "Value"]
"""Reads one field's raw value, label and position from a record (and its context element)."""


def _resolve(where: Where) -> Location:
    return where if isinstance(where, Location) else where()


@dataclass(slots=True)
class Value:
    """A mapped field value with the source field's label and position."""

    value: Any
    label: str
    where: Where

    @property
    def location(self) -> Location:
        return _resolve(self.where)


@dataclass
class MappedEntity:
    entity: str
    values: dict[str, Value]
    attributions: list[dict[str, Value]] = field(default_factory=list)


@dataclass
class MappedRecord:
    entities: list[MappedEntity]
    problems: list[Problem]
    notes: list[str]


_SIMPLE_PATH = re.compile(
    r"^[A-Za-z_][\w.-]*(:[A-Za-z_][\w.-]*)?(/[A-Za-z_][\w.-]*(:[A-Za-z_][\w.-]*)?)*$"
)


@cache
def _xpath(expr: str, namespaces: tuple[tuple[str, str], ...]) -> Callable[[Any], Any]:
    """A compiled path; a plain child path (``kb:Klant/kb:BSN``) uses the faster ElementPath."""
    ns = dict(namespaces)
    if _SIMPLE_PATH.match(expr):

        def find(element: Any) -> list[Any]:
            return list(element.findall(expr, ns))

        return find
    return etree.XPath(expr, namespaces=ns)


def _element_xpath(record: RawRecord, element: Any) -> str:
    base = record.location.xpath or ""
    if element is record.element or base == "":
        return base
    steps = []
    node = element
    while node is not None and node is not record.element:
        steps.append(etree.QName(node).localname)
        node = node.getparent()
    return base + "/" + "/".join(reversed(steps))


class Mapper:
    """Applies one mapping; settings are resolved once per file by the importer."""

    def __init__(self, mapping: Mapping, settings: dict[str, Any], ctx: TransformContext):
        self.mapping = mapping
        self.settings = settings
        self.ctx = ctx
        self._ns = tuple(sorted(mapping.namespaces.items()))
        self._compiled: dict[str, Callable[[Any], Any]] = {}
        # per field (by identity: the specs live as long as the mapping): how to read its
        # value and its compiled transforms
        self._plans: dict[int, tuple[Reader | None, tuple[Step, ...]]] = {}
        self._fields: dict[int, FieldFn] = {}
        self._specs: dict[int, list[tuple[FieldSpec, FieldFn, bool]]] = {}
        # the children of the current record's elements by tag (first of each), built once
        # per element as its fields are read
        self._indexed: RawRecord | None = None
        self._children: dict[Any, dict[Any, Any]] = {}

    def _child(self, node: Any, tag: str) -> Any:
        table = self._children.get(node)
        if table is None:
            table = {}
            for element in node:
                key = element.tag
                if key in table:
                    table[(key,)] = True  # more than one: a path through it may go on in any
                else:
                    table[key] = element
            self._children[node] = table
        return table.get(tag)

    def _several(self, node: Any, tag: str) -> bool:
        return (tag,) in self._children[node]

    def _clark(self, xpath: str) -> tuple[str, ...] | None:
        """The steps of a plain child path as ``{namespace}local`` tags; None when a prefix is
        not declared or a step without one could mean a default namespace."""
        ns = dict(self._ns)
        tags = []
        for step in xpath.split("/"):
            prefix, _, local = step.rpartition(":")
            if prefix:
                if prefix not in ns:
                    return None
                tags.append(f"{{{ns[prefix]}}}{local}")
            elif "" in ns or None in ns:
                return None
            else:
                tags.append(local)
        return tuple(tags)

    def _plan(self, spec: FieldSpec) -> tuple[Reader | None, tuple[Step, ...]]:
        plan = self._plans.get(id(spec))
        if plan is None:
            reader = None if spec.parts else self._reader(spec.source)
            plan = self._plans[id(spec)] = (reader, compile_transforms(spec.transforms))
        return plan

    def _reader(self, source: ValueSource) -> Reader | None:
        """A fast reader for a column or a plain child path (``kb:Klant/kb:BSN``); None for the
        rest, which :meth:`_raw` reads."""
        if source.column is not None:
            column = source.column

            def read_column(record: RawRecord, context: Any) -> tuple[Any, str, Where]:
                letter = record.columns.get(column)
                return (
                    record.values.get(column),
                    column,
                    lambda: record.location.with_column(letter or column),
                )

            return read_column
        xpath = source.xpath
        if xpath is None or not _SIMPLE_PATH.match(xpath):
            return None
        tags = self._clark(xpath)
        if tags is None:
            return None
        label = xpath.rsplit("/", 1)[-1].split(":")[-1]
        child, ns = self._child, dict(self._ns)

        head, last = tags[:-1], tags[-1]

        def read_path(record: RawRecord, context: Any) -> tuple[Any, str, Where]:
            if record is not self._indexed:
                self._indexed, self._children = record, {}
            node = context
            for tag in head:
                parent, node = node, child(node, tag)
                if node is None or self._several(parent, tag):
                    node = None
                    break
            first = child(node, last) if node is not None else context.find(xpath, ns)
            if first is None:
                return None, label, record.location
            return (
                first.text,
                label,
                lambda: record.location.with_xpath(_element_xpath(record, first), first.sourceline),
            )

        return read_path

    def _raw(self, source: ValueSource, record: RawRecord, context: Any) -> tuple[Any, str, Where]:
        if source.column is not None:
            letter = record.columns.get(source.column)
            return (
                record.values.get(source.column),
                source.column,
                lambda: record.location.with_column(letter or source.column),
            )
        if source.xpath is not None:
            compiled = self._compiled.get(source.xpath)
            if compiled is None:
                compiled = self._compiled[source.xpath] = _xpath(source.xpath, self._ns)
            found = compiled(context)
            label = source.xpath.rsplit("/", 1)[-1].split(":")[-1]
            if isinstance(found, list):
                if not found:
                    return None, label, record.location
                first = found[0]
                if isinstance(first, etree._Element):
                    return (
                        first.text,
                        etree.QName(first).localname,
                        lambda: record.location.with_xpath(
                            _element_xpath(record, first), first.sourceline
                        ),
                    )
                return str(first), label, record.location
            return (found if found != "" else None), label, record.location
        if source.setting is not None:
            return self.settings.get(source.setting), source.setting, record.location
        return source.value, "vaste waarde", record.location

    def map_field(self, spec: FieldSpec, record: RawRecord, context: Any) -> Value:
        """One field's value (raises FieldError when it cannot be mapped)."""
        return self._field(spec)(record, context)

    def _field(self, spec: FieldSpec) -> FieldFn:
        """The field compiled once into one function of (record, context)."""
        found = self._fields.get(id(spec))
        if found is None:
            found = self._fields[id(spec)] = self._compile_field(spec)
        return found

    def _compile_field(self, spec: FieldSpec) -> FieldFn:
        reader, steps = self._plan(spec)
        ctx = self.ctx
        name = FIELD_LABELS.get(spec.name, spec.name)
        read: Reader
        if spec.parts:
            parts, separator = spec.parts, spec.separator

            def read_parts(record: RawRecord, context: Any) -> tuple[Any, str, Where]:
                pieces = [self._raw(p, record, context) for p in parts]
                texts = [str(v).strip() for v, _, _ in pieces if v is not None and str(v).strip()]
                label = "+".join(lbl for _, lbl, _ in pieces)
                return (separator.join(texts) if texts else None), label, pieces[0][2]

            read = read_parts

        elif spec.source.column is not None:
            return self._column_field(spec.source.column, steps, name)
        elif reader is not None:
            read = reader
        elif spec.source.xpath is None and spec.source.setting is not None:
            setting = spec.source.setting

            def read_setting(record: RawRecord, context: Any) -> tuple[Any, str, Where]:
                return self.settings.get(setting), setting, record.location

            read = read_setting
        elif spec.source.xpath is None:
            fixed = spec.source.value

            def read_fixed(record: RawRecord, context: Any) -> tuple[Any, str, Where]:
                return fixed, "vaste waarde", record.location

            read = read_fixed
        else:
            source = spec.source

            def read_other(record: RawRecord, context: Any) -> tuple[Any, str, Where]:
                return self._raw(source, record, context)

            read = read_other

        def field(record: RawRecord, context: Any) -> Value:
            value, label, where = read(record, context)
            return Value(_stepped(value, steps, ctx, name), label, where)

        return field

    def _column_field(self, column: str, steps: tuple[Step, ...], name: str) -> FieldFn:
        """A field read from a column (a table's cell): what :meth:`_compile_field` makes of
        it, in one function (its position worked out only when asked)."""
        ctx = self.ctx

        def column_field(record: RawRecord, context: Any) -> Value:
            return Value(
                _stepped(record.values.get(column), steps, ctx, name),
                column,
                lambda: record.location.with_column(record.columns.get(column) or column),
            )

        return column_field

    def _map_fields(
        self,
        specs: tuple[FieldSpec, ...],
        record: RawRecord,
        context: Any,
        problems: list[Problem],
        entity: str = "",
    ) -> tuple[dict[str, Value], bool]:
        values: dict[str, Value] = {}
        any_source_value = False
        compiled = self._specs.get(id(specs))
        if compiled is None:
            compiled = self._specs[id(specs)] = [(s, self._field(s), s.from_source) for s in specs]
        for spec, mapper, from_source in compiled:
            try:
                mapped = mapper(record, context)
            except FieldError as exc:
                label = (spec.parts or (spec.source,))[0].describe()
                _v, lbl, where = self._raw((spec.parts or (spec.source,))[0], record, context)
                problems.append(
                    Problem(
                        _resolve(where), lbl or label, str(exc), f"{entity}.{spec.name}",
                        exc.value, exc.lookup,
                    )
                )  # fmt: skip
                any_source_value = True
                continue
            values[spec.name] = mapped
            if from_source and mapped.value is not None:
                any_source_value = True
        return values, any_source_value

    def _attributions(
        self, spec: AttributionSpec, record: RawRecord, problems: list[Problem], entity: str
    ) -> list[dict[str, Value]]:
        contexts = _xpath(spec.xpath, self._ns)(record.element) if spec.xpath else [record.element]
        result = []
        for context in contexts:
            values, present = self._map_fields(spec.fields, record, context, problems, entity)
            if present:
                result.append(values)
        return result

    def apply(self, record_spec: RecordSpec, record: RawRecord) -> MappedRecord:
        problems: list[Problem] = [Problem(loc, fld, msg) for loc, fld, msg in record.problems]
        self.ctx.notes = []
        entities: list[MappedEntity] = []
        for target in record_spec.targets:
            target_problems: list[Problem] = []
            values, present = self._map_fields(
                target.fields, record, record.element, target_problems, target.entity
            )
            attributions: list[dict[str, Value]] = []
            for spec in target.attributions:
                found = self._attributions(spec, record, target_problems, target.entity)
                present = present or bool(found)
                attributions.extend(found)
            if target.optional and target.present_if:
                named = [values.get(n) for n in target.present_if]
                named += [a.get(n) for a in attributions for n in target.present_if]
                present = any(v is not None and v.value is not None for v in named)
            if target.optional and not present and not target_problems:
                continue
            for problem in target_problems:
                if problem not in problems:
                    problems.append(problem)
            entities.append(MappedEntity(target.entity, values, attributions))
        return MappedRecord(entities, problems, list(self.ctx.notes))


def _stepped(value: Any, steps: tuple[Step, ...], ctx: Any, name: str) -> Any:
    """A field's value read (blank text: none) through its transform steps; a note a step
    makes names the field."""
    if isinstance(value, str) and not value.strip():
        value = None
    if steps:
        notes = ctx.notes
        noted = len(notes)
        for step in steps:
            value = step(value, ctx)
        if len(notes) > noted:  # name the field the note is about
            notes[noted:] = [f"{name}: {note}" for note in notes[noted:]]
    return value
