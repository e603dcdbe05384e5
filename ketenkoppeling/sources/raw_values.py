"""The raw values of a quarantined record, kept in the database so that it can be run again
through a corrected mapping or new reference data without the file (``reprocess``).

A table row keeps its cell values with their types (an Excel date stays a date, a number a
number) and the column letters. An XML record keeps its element together with the context a
mapping's fields can reach: its ancestors with their attributes and their other children
(a batch's ``Stuurgegevens``, a SuwiML client's ``BSN`` and ``Bron``), without the other
records of the same name; ``path`` leads from the kept root back to the record.
"""

from __future__ import annotations

import copy
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from lxml import etree

from ketenkoppeling.sources.base import Location, RawRecord

MAX_CONTEXT = 256 * 1024  # characters of XML context kept per record
_PARSER_OPTIONS: dict[str, Any] = {
    "resolve_entities": False,
    "load_dtd": False,
    "no_network": True,
    "huge_tree": False,
}


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if isinstance(value, time):
        return {"time": value.isoformat()}
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and len(value) == 1:
        ((kind, text),) = value.items()
        if kind == "datetime":
            return datetime.fromisoformat(text)
        if kind == "date":
            return date.fromisoformat(text)
        if kind == "time":
            return time.fromisoformat(text)
        if kind == "decimal":
            return Decimal(text)
    return value


def _shallow(element: Any) -> Any:
    copied = etree.Element(element.tag, attrib=dict(element.attrib), nsmap=element.nsmap)
    copied.text = element.text
    return copied


def _context(record: Any) -> tuple[str, list[int]]:
    """The record inside a copy of its ancestors and their other children (see module)."""
    chain = list(reversed(list(record.iterancestors())))
    if not chain:
        return etree.tostring(record, encoding="unicode"), []
    root = _shallow(chain[0])
    current, path = root, []
    for depth, ancestor in enumerate(chain):
        following = chain[depth + 1] if depth + 1 < len(chain) else record
        step: Any = None
        for child in ancestor:
            if child is following:
                step = copy.deepcopy(record) if child is record else _shallow(child)
                path.append(len(current))
                current.append(step)
            elif isinstance(child.tag, str) and child.tag != record.tag:
                current.append(copy.deepcopy(child))
        if step is None:  # the record was detached from its parent: keep it below anyway
            step = copy.deepcopy(record) if following is record else _shallow(following)
            path.append(len(current))
            current.append(step)
        current = step
    return etree.tostring(root, encoding="unicode"), path


def keep(raw: RawRecord) -> dict[str, Any]:
    """What to keep of a quarantined record (see the module docstring)."""
    if raw.element is not None:
        text, path = _context(raw.element)
        if len(text) > MAX_CONTEXT:  # a huge context: keep the record alone
            text, path = etree.tostring(raw.element, encoding="unicode")[:MAX_CONTEXT], []
        return {"xml": text, "path": path, "kind": raw.kind}
    return {
        "values": {k: _encode(v) for k, v in raw.values.items()},
        "columns": dict(raw.columns),
    }


def restore(data: dict[str, Any] | None, location: Location) -> RawRecord | None:
    """The raw record again from what :func:`keep` kept, or None when nothing usable was kept
    (the record was quarantined before its raw values were kept)."""
    if not data:
        return None
    if "xml" in data:
        parser = etree.XMLParser(**_PARSER_OPTIONS)
        try:
            element = etree.fromstring(data["xml"].encode("utf-8"), parser)
        except etree.XMLSyntaxError:
            return None  # cut off when it was kept (older versions kept 20,000 characters)
        for index in data.get("path") or []:
            element = element[index]
        return RawRecord(location=location, element=element, kind=data.get("kind"))
    if "values" in data:
        values = {k: _decode(v) for k, v in data["values"].items()}
        return RawRecord(location=location, values=values, columns=data.get("columns") or {})
    return RawRecord(location=location, values=dict(data))  # kept by an earlier version


def settings_json(settings: dict[str, Any]) -> dict[str, Any]:
    """A mapping's resolved file settings as JSON (kept on the batch for reprocessing)."""
    return {k: _encode(v) for k, v in settings.items()}


def settings_from_json(data: dict[str, Any]) -> dict[str, Any]:
    return {k: _decode(v) for k, v in data.items()}


def display(data: dict[str, Any] | None) -> dict[str, Any] | None:
    """What :func:`keep` kept, as field → value for a person to read: a row's cells (dates as
    dd-mm-jjjj), or the record's XML."""
    if not data:
        return data
    if "xml" in data:
        record = restore(data, Location())
        if record is None or record.element is None:
            return {"xml": data["xml"]}
        return {"xml": etree.tostring(record.element, encoding="unicode")}
    if "values" not in data:
        return data
    shown: dict[str, Any] = {}
    for name, value in data["values"].items():
        decoded = _decode(value)
        if isinstance(decoded, datetime) and decoded.time() == time():
            decoded = decoded.date()
        shown[name] = decoded.strftime("%d-%m-%Y") if isinstance(decoded, date) else decoded
    return shown
