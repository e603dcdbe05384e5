"""Checking a mapping text for the workbench: the schema (its messages in Dutch, built from
xmlschema's structured errors: mapping/schema_messages.py), the loader (parse_mapping), and
the mistakes the schema cannot see (a field the model does not have, a setting or namespace
prefix that is not declared, a bad XPath, record path or regular expression). Every problem
names its line."""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from ketenkoppeling.mapping.document_xml import elements, local, parse_text, to_bytes
from ketenkoppeling.mapping.fields import ENTITIES
from ketenkoppeling.mapping.loader import MappingError, parse_mapping
from ketenkoppeling.mapping.schema_messages import schema_problems
from ketenkoppeling.sources.xml_paths import parse_name, parse_record_path

_FILE = "koppeling.xml"  # the loader's messages start with a file name: this one is cut off
_LOADER_LINE = re.compile(r"^(?:koppeling\.xml, )?regel (?P<line>\d+): (?P<message>.*)$", re.S)
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
_PREFIXED = re.compile(r"(?<![\w.:\-])([A-Za-z_][\w.\-]*):(?![:=])(?=[A-Za-z_*])")
_SOURCES = ("column", "xpath", "value", "setting")
_SETTING_SOURCES = ("value", "cell", "xpath", "file-name")


def _loader_problems(error: MappingError) -> list[str]:
    """The loader's problems once the schema holds (its own Dutch texts), each "regel N: …"."""
    problems = []
    for line in str(error).splitlines():
        found = _LOADER_LINE.match(line)
        if found is None:
            problems.append(line.removeprefix(f"{_FILE}: "))
            continue
        problems.append(f"regel {found['line']}: {found['message'].strip()}")
    return problems


def validate_text(text: str, name: str | None = None) -> list[str]:
    """The problems of a mapping text as written (Dutch, each naming its line); empty when
    the mapping can be saved and used. (``name`` is accepted for callers that have one; the
    messages name lines, not files.)"""
    try:
        tree = parse_text(text)
    except MappingError as exc:
        return [str(exc)]
    # the schema's problems from xmlschema's structured errors (mapping/schema_messages.py)
    invalid = schema_problems(tree.getroot())
    if invalid:
        return invalid
    try:
        parse_mapping(Path(_FILE), to_bytes(text))
    except MappingError as exc:
        problems = _loader_problems(exc)
        if all(p.startswith("regel ") for p in problems):
            return problems
        # a problem the loader cannot place: the checks below name its line
        return semantic_problems(tree.getroot()) or problems
    return semantic_problems(tree.getroot())


def _at(element: etree._Element, message: str) -> str:
    return f"regel {element.sourceline}: {message}"


class _Checker:
    def __init__(self, root: etree._Element):
        self.root = root
        source = next(iter(elements(root, "source")), None)
        self.format = source.get("format", "") if source is not None else ""
        self.namespaces = {
            n.get("prefix", ""): n.get("uri", "") for n in elements(root, "namespace")
        }
        self.settings = {s.get("name", "") for s in elements(root, "setting")}
        self.problems: list[str] = []

    def add(self, element: etree._Element, message: str) -> None:
        self.problems.append(_at(element, message))

    def xpath(self, element: etree._Element, expr: str, what: str) -> None:
        if self.format != "xml":
            self.add(element, f"{what}: een XPath werkt alleen bij een XML-bestand")
            return
        bare = _QUOTED.sub("''", expr)
        for prefix in dict.fromkeys(_PREFIXED.findall(bare)):
            if prefix not in self.namespaces:
                self.add(element, f"{what}: voorvoegsel '{prefix}' in '{expr}' is niet gedeclareerd"
                         " (voeg een namespace toe)")  # fmt: skip
                return
        try:
            etree.XPath(expr, namespaces=self.namespaces)
        except etree.XPathSyntaxError as exc:
            self.add(element, f"{what}: '{expr}' is geen geldige XPath ({exc})")

    def source(self, element: etree._Element, what: str) -> None:
        if element.get("column") is not None and self.format == "xml":
            self.add(element, f"{what}: een kolom werkt alleen bij een xlsx- of csv-bestand")
        if element.get("xpath") is not None:
            self.xpath(element, element.get("xpath", ""), what)
        setting = element.get("setting")
        if setting is not None and setting not in self.settings:
            self.add(element, f"{what}: instelling '{setting}' bestaat niet")

    def transforms(self, element: etree._Element, what: str) -> None:
        for transform in elements(element):
            if local(transform) == "regex":
                try:
                    re.compile(transform.get("pattern", ""))
                except re.error as exc:
                    self.add(transform, f"{what}: ongeldig patroon '{transform.get('pattern')}'"
                             f" ({exc})")  # fmt: skip
            if local(transform) == "date" and not transform.get("formats", "").split():
                self.add(transform, f"{what}: datum zonder formaat")

    def field(self, element: etree._Element, entity: str, attribution: bool) -> str:
        name = element.get("name", "")
        what = f"{entity}.{name}"
        info = ENTITIES[entity].field(name) if entity in ENTITIES else None
        if info is None:
            known = ", ".join(f.name for f in ENTITIES[entity].fields) if entity in ENTITIES else ""
            self.add(element, f"{entity} heeft geen veld '{name}' (wel: {known})")
        elif info.attribution and not attribution:
            self.add(element, f"{what} hoort in een toerekening (<attribution>)")
        elif attribution and not info.attribution:
            self.add(element, f"{what} hoort niet in een toerekening, maar direct in het doel")
        self.source(element, what)
        for concat in elements(element, "concat"):
            for part in elements(concat, "part"):
                given = [a for a in _SOURCES if part.get(a) is not None]
                if len(given) != 1:
                    self.add(part, f"{what}: een deel moet precies één bron hebben")
                self.source(part, what)
        self.transforms(element, what)
        return name

    def fields(self, container: etree._Element, entity: str, attribution: bool) -> list[str]:
        names: list[str] = []
        for element in elements(container, "field"):
            name = self.field(element, entity, attribution)
            if name in names:
                self.add(element, f"{entity}.{name} staat twee keer in hetzelfde doel")
            names.append(name)
        return names

    def target(self, target: etree._Element) -> None:
        entity = target.get("entity", "")
        names = set(self.fields(target, entity, attribution=False))
        for attribution in elements(target, "attribution"):
            if attribution.get("xpath") is not None:
                self.xpath(attribution, attribution.get("xpath", ""), f"{entity}: toerekening")
            names |= set(self.fields(attribution, entity, attribution=True))
        for name in target.get("present-if", "").split():
            if name not in names:
                self.add(target, f"{entity}: present-if noemt '{name}', geen veld van dit doel")

    def setting(self, setting: etree._Element) -> None:
        name = setting.get("name", "")
        given = [a for a in _SETTING_SOURCES if setting.get(a) is not None]
        if setting.get("file-name") in ("false", "0"):
            given.remove("file-name")
        if len(given) != 1:
            self.add(setting, f"instelling '{name}' moet precies één bron hebben "
                     "(value, cell, xpath of file-name)")  # fmt: skip
        cell = setting.get("cell")
        if cell is not None:
            if self.format != "xlsx":
                self.add(setting, f"instelling '{name}': een cel werkt alleen bij een xlsx-bestand")
            elif not re.fullmatch(r"[A-Za-z]{1,3}[1-9]\d*", cell.strip()):
                self.add(setting, f"instelling '{name}': '{cell}' is geen cel (zoals A1)")
        if setting.get("xpath") is not None:
            self.xpath(setting, setting.get("xpath", ""), f"instelling '{name}'")
        self.transforms(setting, f"instelling '{name}'")

    def xml_name(self, element: etree._Element, value: str, what: str, path: bool) -> None:
        try:
            if path:
                parse_record_path(value, self.namespaces)
            else:
                parse_name(value.strip().lstrip("/"), self.namespaces, value)
        except ValueError as exc:
            self.add(element, f"{what}: {exc}")

    def run(self) -> list[str]:
        source = next(iter(elements(self.root, "source")), None)
        if source is not None and self.format == "xlsx" and not source.get("sheet"):
            self.add(source, "een xlsx-koppeling noemt het blad (sheet) in <source>")
        if source is not None and self.format == "xml":
            if source.get("root"):
                self.xml_name(source, source.get("root", ""), "root", path=False)
            if source.get("header"):
                self.xml_name(source, source.get("header", ""), "header", path=True)
        for signature in elements(self.root, "signature"):
            for root in elements(signature, "root"):
                if self.format == "xml":
                    self.xml_name(root, root.text or "", "handtekening", path=False)
        for setting in elements(self.root, "setting"):
            self.setting(setting)
        for record in elements(self.root, "record"):
            if self.format == "xml" and record.get("path"):
                self.xml_name(record, record.get("path", ""), "recordpad", path=True)
            elif self.format == "xml":
                self.add(record, "recordpad ontbreekt (een record van een XML-koppeling heeft"
                         " een path nodig)")  # fmt: skip
            for target in elements(record, "target"):
                self.target(target)
        return self.problems


def semantic_problems(root: etree._Element) -> list[str]:
    """What the schema lets through but makes the mapping wrong (see the module docstring)."""
    return _Checker(root).run()
