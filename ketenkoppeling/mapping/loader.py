"""Loading mapping files: validated against schemas/mapping-v1.xsd, errors naming the line."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lxml import etree

from ketenkoppeling import locations
from ketenkoppeling.mapping.spec import (
    AttributionSpec,
    FieldSpec,
    Mapping,
    RecordSpec,
    SettingSpec,
    SourceSpec,
    TargetSpec,
    Transform,
    ValueSource,
)

NS = "urn:ketenkoppeling:mapping:v1"
SCHEMAS = locations.SCHEMAS
SHIPPED = locations.MAPPINGS
_Q = f"{{{NS}}}"


class MappingError(ValueError):
    """A mapping file that cannot be used; the message names file and line."""


@cache
def _schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "mapping-v1.xsd")))


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def _bool(value: str | None) -> bool:
    return value in ("true", "1")


def _source(el: etree._Element) -> ValueSource:
    return ValueSource(
        column=el.get("column"), xpath=el.get("xpath"), value=el.get("value"),
        setting=el.get("setting"),
    )  # fmt: skip


def _transforms(el: etree._Element) -> tuple[Transform, ...]:
    result = []
    for child in el:
        if not isinstance(child.tag, str) or child.tag in (_Q + "concat", _Q + "part"):
            continue
        kind = etree.QName(child).localname
        entries = tuple((e.get("from", ""), e.get("to", "")) for e in child.iter(_Q + "entry"))
        result.append(Transform(kind, dict(child.attrib), entries, child.sourceline))
    return tuple(result)


def _field(el: etree._Element, path: Path) -> FieldSpec:
    concat = el.find(_Q + "concat")
    parts = tuple(_source(p) for p in concat.iter(_Q + "part")) if concat is not None else ()
    source = _source(el)
    given = [
        v for v in (source.column, source.xpath, source.value, source.setting) if v is not None
    ]
    if len(given) + (1 if parts else 0) != 1:
        raise MappingError(
            f"{path.name}, regel {el.sourceline}: veld '{el.get('name')}' moet precies één bron "
            "hebben (column, xpath, value, setting of concat)"
        )
    return FieldSpec(
        name=el.get("name", ""),
        source=source,
        transforms=_transforms(el),
        parts=parts,
        separator=concat.get("separator", " ") if concat is not None else " ",
        line=el.sourceline,
    )


def parse_mapping(path: Path, text: bytes | None = None) -> Mapping:
    """Read and validate one mapping file."""
    data = text if text is not None else path.read_bytes()
    try:
        document = etree.fromstring(data, _parser()).getroottree()
    except etree.XMLSyntaxError as exc:
        raise MappingError(f"{path.name}, regel {exc.lineno}: geen geldige XML: {exc.msg}") from exc
    schema = _schema()
    if not schema.validate(document):
        # Dutch, built from the schema's structure (element, facet, expected value)
        from ketenkoppeling.mapping.schema_messages import schema_problems

        problems = [f"{path.name}, {p}" for p in schema_problems(document.getroot())]
        raise MappingError("\n".join(problems))
    root = document.getroot()
    src = root.find(_Q + "source")
    assert src is not None
    source = SourceSpec(
        format=src.get("format", ""),
        sheet=src.get("sheet"),
        header_row=int(src.get("header-row", "0")) or None,
        delimiter=src.get("delimiter", ";"),
        encoding=src.get("encoding"),
        schema=src.get("schema"),
        root=src.get("root"),
        header=src.get("header"),
        unique_attribute=src.get("unique-attribute"),
    )
    namespaces = {n.get("prefix", ""): n.get("uri", "") for n in root.iter(_Q + "namespace")}
    sig = root.find(_Q + "signature")
    assert sig is not None
    records = []
    for rec in root.iter(_Q + "record"):
        targets = []
        for tgt in rec.iter(_Q + "target"):
            fields = tuple(_field(f, path) for f in tgt.findall(_Q + "field"))
            attributions = tuple(
                AttributionSpec(
                    tuple(_field(f, path) for f in a.findall(_Q + "field")), a.get("xpath")
                )
                for a in tgt.findall(_Q + "attribution")
            )
            targets.append(
                TargetSpec(
                    tgt.get("entity", ""),
                    fields,
                    attributions,
                    _bool(tgt.get("optional")),
                    tuple(tgt.get("present-if", "").split()),
                )
            )
        records.append(RecordSpec(tuple(targets), rec.get("kind", "record"), rec.get("path")))
    if source.format == "xml" and any(r.path is None for r in records):
        raise MappingError(f"{path.name}: elk record van een XML-koppeling heeft een path nodig")
    settings = tuple(
        SettingSpec(
            name=s.get("name", ""),
            value=s.get("value"),
            cell=s.get("cell"),
            xpath=s.get("xpath"),
            file_name=_bool(s.get("file-name")),
            label=s.get("label"),
            transforms=_transforms(s),
            required=s.get("required", "true") in ("true", "1"),
        )
        for s in root.iter(_Q + "setting")
    )
    return Mapping(
        name=root.get("name", ""),
        version=root.get("version", ""),
        title=(root.findtext(_Q + "title") or "").strip(),
        description=" ".join((root.findtext(_Q + "description") or "").split()),
        source=source,
        records=tuple(records),
        namespaces=namespaces,
        signature_root=sig.findtext(_Q + "root"),
        signature_sheet=sig.findtext(_Q + "sheet"),
        signature_columns=tuple(c.text or "" for c in sig.iter(_Q + "column")),
        settings=settings,
        path=path,
    )


def mapping_dirs() -> list[Path]:
    """Where mappings are looked for: the shipped ones, then the user's own folder."""
    from ketenkoppeling.mapping.user_dirs import user_mapping_dir

    return [SHIPPED, user_mapping_dir()]


def load_mappings(dirs: list[Path] | None = None) -> dict[str, Mapping]:
    """All mappings by name; a user's mapping with the same name overrides a shipped one."""
    found: dict[str, Mapping] = {}
    for directory in dirs if dirs is not None else mapping_dirs():
        if not directory.is_dir():
            continue
        for file in sorted(directory.glob("*.xml")):
            mapping = parse_mapping(file)
            found[mapping.name] = mapping
    return found
