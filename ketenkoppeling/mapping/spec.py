"""What a mapping file says, as plain records (see schemas/mapping-v1.xsd)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ketenkoppeling.sources.xml_context import leaves_record, within


@dataclass(frozen=True)
class Transform:
    kind: (
        str  # trim, upper, lower, bsn, default, date, amount, split-name, regex, strip-prefix, map
    )
    params: dict[str, str] = field(default_factory=dict)
    entries: tuple[tuple[str, str], ...] = ()
    line: int | None = None


@dataclass(frozen=True)
class ValueSource:
    """Where a value comes from: a column, an XPath, a constant or a setting."""

    column: str | None = None
    xpath: str | None = None
    value: str | None = None
    setting: str | None = None

    def describe(self) -> str:
        if self.column is not None:
            return f"kolom {self.column}"
        if self.xpath is not None:
            return self.xpath
        if self.setting is not None:
            return f"instelling {self.setting}"
        return "vaste waarde"


@dataclass(frozen=True)
class FieldSpec:
    name: str
    source: ValueSource
    transforms: tuple[Transform, ...] = ()
    parts: tuple[ValueSource, ...] = ()  # concatenation instead of one source
    separator: str = " "
    line: int | None = None

    @cached_property
    def from_source(self) -> bool:
        """True when the value is read from the file (not a constant or a setting)."""
        sources = self.parts or (self.source,)
        return any(s.column is not None or s.xpath is not None for s in sources)


@dataclass(frozen=True)
class AttributionSpec:
    fields: tuple[FieldSpec, ...]
    xpath: str | None = None


@dataclass(frozen=True)
class TargetSpec:
    entity: str
    fields: tuple[FieldSpec, ...]
    attributions: tuple[AttributionSpec, ...] = ()
    optional: bool = False
    present_if: tuple[str, ...] = ()


@dataclass(frozen=True)
class RecordSpec:
    targets: tuple[TargetSpec, ...]
    kind: str = "record"
    path: str | None = None


@dataclass(frozen=True)
class SettingSpec:
    name: str
    value: str | None = None
    cell: str | None = None
    xpath: str | None = None
    file_name: bool = False
    label: str | None = None
    transforms: tuple[Transform, ...] = ()
    required: bool = True


@dataclass(frozen=True)
class SourceSpec:
    format: str  # xml | xlsx | csv
    sheet: str | None = None
    header_row: int | None = None
    delimiter: str = ";"
    encoding: str | None = None
    schema: str | None = None
    root: str | None = None
    header: str | None = None
    unique_attribute: str | None = None


@dataclass(frozen=True)
class Mapping:
    name: str
    version: str
    title: str
    source: SourceSpec
    records: tuple[RecordSpec, ...]
    description: str = ""
    namespaces: dict[str, str] = field(default_factory=dict)
    signature_root: str | None = None
    signature_sheet: str | None = None
    signature_columns: tuple[str, ...] = ()
    settings: tuple[SettingSpec, ...] = ()
    path: Path | None = None

    @property
    def label(self) -> str:
        return f"{self.name} (versie {self.version})"

    def columns(self) -> list[str]:
        """Every column the mapping reads: the signature and every field's columns."""
        names: list[str] = list(self.signature_columns)
        for record in self.records:
            for target in record.targets:
                specs = list(target.fields)
                for attribution in target.attributions:
                    specs.extend(attribution.fields)
                for spec in specs:
                    for source in spec.parts or (spec.source,):
                        if source.column is not None and source.column not in names:
                            names.append(source.column)
        return names

    def context_xpaths(self) -> tuple[str, ...]:
        """The XPaths of fields, parts and attributions that look outside their record
        (``../Bron/CdPartijSuwi``, ``ancestor::…``, absolute paths), as evaluated on the record
        element, without repeats: the streaming XML reader's ``lookahead``. An attribution's
        field is combined with the attribution's path; one that XPath 1.0 cannot combine
        (a function of a path outside the attribution) is left out."""
        return self._context_xpaths

    @cached_property
    def _context_xpaths(self) -> tuple[str, ...]:
        found: dict[str, None] = {}
        for record in self.records:
            for target in record.targets:
                for spec in target.fields:
                    for source in spec.parts or (spec.source,):
                        if source.xpath is not None and leaves_record(source.xpath):
                            found[source.xpath.strip()] = None
                for attribution in target.attributions:
                    base = attribution.xpath
                    if base is not None and leaves_record(base):
                        found[base.strip()] = None
                    for spec in attribution.fields:
                        for source in spec.parts or (spec.source,):
                            if source.xpath is None:
                                continue
                            xpath = within(base, source.xpath) if base else source.xpath
                            if xpath is not None and leaves_record(xpath):
                                found[xpath.strip()] = None
        return tuple(found)
