"""Editing a mapping as its XML document, for the mapping workbench.

The document is the lxml tree of the mapping file, so comments survive every edit and the XML
text view stays in step: :meth:`MappingDocument.text` is what a save writes. Every construct
of ``schemas/mapping-v1.xsd`` can be read and changed here: source, namespaces, signature,
settings, records (kind and path), targets (optional, present-if), fields with a column,
XPath, setting, constant or concatenation as source, their transforms with parameters and
value-map entries, and attributions (with an XPath per repeated element).

Targets are found by entity; when a mapping has several records, the optional ``record``
argument (a record's ``kind``) says which record's target is meant (default: the first record
that has the entity). Methods that look something up raise :class:`KeyError` with a Dutch
message when it does not exist, and :class:`ValueError` for an argument the schema does not
allow.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from pathlib import Path

from lxml import etree

from ketenkoppeling.mapping.document_checks import validate_text
from ketenkoppeling.mapping.document_edits import (
    SETTING_KINDS,
    FieldEdit,
    RecordEdit,
    SettingEdit,
    Signature,
    TargetEdit,
    TransformEdit,
    TransformLike,
    set_transforms,
    transform_edits,
)
from ketenkoppeling.mapping.document_fields import FieldEditing
from ketenkoppeling.mapping.document_xml import (
    MAPPING_ORDER,
    SIGNATURE_ORDER,
    elements,
    make,
    parse_text,
    place,
    serialize,
)
from ketenkoppeling.mapping.loader import NS, MappingError, parse_mapping
from ketenkoppeling.mapping.spec import Mapping
from ketenkoppeling.mapping.structure import SampleStructure, relative_xpath
from ketenkoppeling.mapping.structure_xml import XmlNode

__all__ = [
    "FieldEdit",
    "MappingDocument",
    "MappingError",
    "RecordEdit",
    "SettingEdit",
    "Signature",
    "TargetEdit",
    "TransformEdit",
    "copy_of",
    "new_mapping_from_sample",
    "validate_text",
]

SOURCE_ATTRIBUTES = (
    "format", "sheet", "header-row", "delimiter", "encoding", "schema", "root", "header",
    "unique-attribute",
)  # fmt: skip


class MappingDocument(FieldEditing):
    """One mapping being edited (see the module docstring)."""

    # --- text -----------------------------------------------------------------------------

    @classmethod
    def from_text(cls, text: str) -> MappingDocument:
        """Read a mapping text; raises :class:`MappingError` (naming the line) when it is not
        well-formed XML or not a mapping. It need not be valid yet: see :meth:`validate`."""
        return cls(parse_text(text))

    @classmethod
    def from_file(cls, path: Path) -> MappingDocument:
        return cls.from_text(Path(path).read_text(encoding="utf-8"))

    def copy(self) -> MappingDocument:
        return MappingDocument(copy.deepcopy(self.tree))

    def text(self) -> str:
        """The document as a mapping file: XML declaration, two-space indentation, stable
        (reading it back and writing it again gives the same text)."""
        return serialize(self.tree)

    def validate(self) -> list[str]:
        """Dutch problems, each naming its line in :meth:`text`; empty when valid."""
        return validate_text(self.text(), self.name or None)

    def to_mapping(self) -> Mapping:
        """The mapping the engine uses; raises :class:`MappingError` when it is not valid."""
        return parse_mapping(Path(f"{self.name or 'koppeling'}.xml"), self.text().encode("utf-8"))

    # --- header ---------------------------------------------------------------------------

    def _child(self, name: str, create: bool = False) -> etree._Element | None:
        found = next(iter(elements(self.root, name)), None)
        if found is None and create:
            found = place(self.root, make(name), MAPPING_ORDER)
        return found

    @property
    def name(self) -> str:
        return self.root.get("name", "")

    @name.setter
    def name(self, value: str) -> None:
        self.root.set("name", value)

    @property
    def version(self) -> str:
        return self.root.get("version", "")

    @version.setter
    def version(self, value: str) -> None:
        self.root.set("version", str(value))

    @property
    def title(self) -> str:
        element = self._child("title")
        return (element.text or "").strip() if element is not None else ""

    @title.setter
    def title(self, value: str) -> None:
        element = self._child("title", create=True)
        assert element is not None
        element.text = value

    @property
    def description(self) -> str:
        element = self._child("description")
        return " ".join((element.text or "").split()) if element is not None else ""

    @description.setter
    def description(self, value: str | None) -> None:
        element = self._child("description")
        if not value:
            if element is not None:
                self.root.remove(element)
            return
        element = element if element is not None else self._child("description", create=True)
        assert element is not None
        element.text = value

    def source_attrs(self) -> dict[str, str]:
        """The attributes of <source> by their XML names (``header-row``, …)."""
        element = self._child("source")
        return dict(element.attrib) if element is not None else {}

    def set_source(self, **attrs: str | int | None) -> None:
        """Change attributes of <source>; ``header_row=4`` or ``**{"header-row": 4}``; None or
        '' removes one. Attributes not named stay as they are."""
        element = self._child("source", create=True)
        assert element is not None
        for key, value in attrs.items():
            name = key.replace("_", "-")
            if name not in SOURCE_ATTRIBUTES:
                raise ValueError(f"<source> kent geen attribuut '{name}'")
            if value is None or value == "":
                element.attrib.pop(name, None)
            else:
                element.set(name, str(value))

    def signature(self) -> Signature:
        element = self._child("signature")
        if element is None:
            return Signature()
        root = next(iter(elements(element, "root")), None)
        sheet = next(iter(elements(element, "sheet")), None)
        return Signature(
            root.text if root is not None else None,
            sheet.text if sheet is not None else None,
            [c.text or "" for c in elements(element, "column")],
        )

    def set_signature(
        self, root: str | None = None, sheet: str | None = None, columns: Iterable[str] = ()
    ) -> None:
        """Replace the signature (what lets the product recognise the layout)."""
        element = self._child("signature", create=True)
        assert element is not None
        for old in elements(element):
            element.remove(old)
        if root:
            place(element, make("root", text=root), SIGNATURE_ORDER)
        if sheet:
            place(element, make("sheet", text=sheet), SIGNATURE_ORDER)
        for column in columns:
            place(element, make("column", text=column), SIGNATURE_ORDER)

    @property
    def namespaces(self) -> dict[str, str]:
        return {n.get("prefix", ""): n.get("uri", "") for n in elements(self.root, "namespace")}

    @namespaces.setter
    def namespaces(self, value: dict[str, str]) -> None:
        for old in elements(self.root, "namespace"):
            self.root.remove(old)
        for prefix, uri in value.items():
            place(self.root, make("namespace", {"prefix": prefix, "uri": uri}), MAPPING_ORDER)

    # --- settings -------------------------------------------------------------------------

    def _setting(self, name: str) -> etree._Element | None:
        return next((s for s in elements(self.root, "setting") if s.get("name") == name), None)

    def settings(self) -> list[SettingEdit]:
        result = []
        for element in elements(self.root, "setting"):
            kind = next((k for k in SETTING_KINDS if element.get(k) is not None), "")
            result.append(
                SettingEdit(
                    name=element.get("name", ""),
                    source_kind=kind,
                    source="" if kind in ("file-name", "") else element.get(kind, ""),
                    label=element.get("label"),
                    required=element.get("required", "true") in ("true", "1"),
                    transforms=transform_edits(element),
                    line=element.sourceline,
                )
            )
        return result

    def setting(self, name: str) -> SettingEdit | None:
        return next((s for s in self.settings() if s.name == name), None)

    def set_setting(
        self,
        name: str,
        *,
        source_kind: str,
        source: str = "",
        label: str | None = None,
        required: bool = True,
        transforms: Sequence[TransformLike] | None = None,
    ) -> None:
        """Create or replace a setting (it keeps its place); ``transforms=None`` keeps the
        transforms it has."""
        if source_kind not in SETTING_KINDS:
            raise ValueError(
                f"onbekende bron '{source_kind}' (kies uit {', '.join(SETTING_KINDS)})"
            )
        element = self._setting(name)
        if element is None:
            element = place(self.root, make("setting", {"name": name}), MAPPING_ORDER)
        for attribute in (*SETTING_KINDS, "label", "required"):
            element.attrib.pop(attribute, None)
        element.set(source_kind, "true" if source_kind == "file-name" else source)
        if label:
            element.set("label", label)
        if not required:
            element.set("required", "false")
        if transforms is not None:
            set_transforms(element, transforms)

    def remove_setting(self, name: str) -> bool:
        element = self._setting(name)
        if element is None:
            return False
        self.root.remove(element)
        return True


# --- starting a mapping ---------------------------------------------------------------------


def copy_of(text: str, *, name: str, title: str) -> MappingDocument:
    """A copy of a (shipped) mapping under a new name and title, version 1."""
    document = MappingDocument.from_text(text)
    document.name = name
    document.title = title
    document.version = "1"
    return document


def _empty_document(name: str, title: str, description: str) -> MappingDocument:
    root = etree.Element(f"{{{NS}}}mapping", {"name": name, "version": "1"}, nsmap={None: NS})
    document = MappingDocument(etree.ElementTree(root))
    document.title = title
    document.description = description
    return document


def _signature_columns(structure: SampleStructure, limit: int = 6) -> list[str]:
    """The best-filled columns (at most ``limit``), in sheet order."""
    named = [(i, c) for i, c in enumerate(structure.columns) if c.name]
    best = sorted(named, key=lambda ic: (-ic[1].filled, ic[0]))[:limit]
    return [c.name for _, c in sorted(best, key=lambda ic: ic[0])]


def _looks_like_bsn(name: str) -> bool:
    folded = name.casefold()
    return "bsn" in folded or "burgerservice" in folded or "sofi" in folded


def _xml_steps_from(top: XmlNode | None, path: str) -> str:
    """``//`` + the steps of ``path`` from the document's own root (inside a SOAP Body)."""
    if top is None or not path.startswith(top.path):
        return path
    return "//" + top.name + path[len(top.path) :]


def new_mapping_from_sample(
    structure: SampleStructure, *, name: str, title: str, partner: str | None = None
) -> MappingDocument:
    """A valid starting mapping for a new layout: source and signature from the sample
    (xlsx: sheet, header row, the best-filled columns; csv: delimiter, the encoding detected
    per file; xml: namespaces, root, a record at the most repeated element), a ``partner``
    setting when given, and one target with one field, as the schema wants at least one:
    the deployment's partner from that setting, else the client's BSN from the column or
    element that looks like one (else the first)."""
    document = _empty_document(
        name, title, f"Gemaakt uit het voorbeeldbestand {structure.file.name}."
    )
    fmt = structure.format
    document.set_source(format=fmt)
    bsn_source: tuple[str, str]
    if fmt == "xml":
        top = structure.root
        inner = None
        if structure.root is not None and structure.document_root is not None:
            inner = next(
                (n for n in structure.root.walk() if n.name == structure.document_root), None
            )
        document.namespaces = dict(structure.namespaces)
        if not structure.in_soap_envelope and structure.document_root:
            document.set_source(root=structure.document_root)
        document.set_signature(root=structure.document_root)
        absolute = structure.record_path or (top.path if top is not None else "/")
        path = _xml_steps_from(inner, absolute) if structure.in_soap_envelope else absolute
        kind = absolute.rsplit("/", 1)[-1].rpartition(":")[2] or None
        document.add_record(kind=kind, path=path)
        start = inner or top
        nodes = start.walk() if start is not None else []
        leaves = [n for n in nodes if n.is_leaf]
        record_node = structure.node(absolute)
        record_leaves = [n for n in (record_node.walk() if record_node else []) if n.is_leaf]
        guess = next((n for n in leaves if _looks_like_bsn(n.local_name)), None) or next(
            iter(record_leaves or leaves), None
        )
        bsn_source = ("xpath", relative_xpath(absolute, guess.path) if guess else ".")
    else:
        if fmt == "xlsx":
            document.set_source(sheet=structure.sheet, header_row=structure.header_row)
        else:
            document.set_source(delimiter=structure.delimiter or ";")
        columns = _signature_columns(structure)
        document.set_signature(sheet=structure.sheet if fmt == "xlsx" else None, columns=columns)
        document.add_record()
        guess_column = next(
            (c.name for c in structure.columns if _looks_like_bsn(c.name)),
            structure.columns[0].name if structure.columns else "",
        )
        bsn_source = ("column", guess_column)
    if partner:
        document.set_setting(
            "partner",
            source_kind="value",
            source=partner,
            label="ketenpartner van deze koppeling",
            transforms=[TransformEdit("map", {"otherwise": "partner"})],
        )
        document.set_field("deployment", "partner", source_kind="setting", source="partner")
    else:
        document.set_field("client", "bsn", source_kind=bsn_source[0], source=bsn_source[1])
    return document
