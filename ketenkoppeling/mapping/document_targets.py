"""Records and targets of a mapping document: the part of the editor that finds a target by
entity (and, with several records, by the record's kind)."""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from ketenkoppeling.mapping.document_edits import RecordEdit, TargetEdit, is_true
from ketenkoppeling.mapping.document_xml import MAPPING_ORDER, elements, make, place
from ketenkoppeling.mapping.fields import ENTITIES


class TargetTree:
    """A mapping document's records and targets (the base of MappingDocument)."""

    def __init__(self, tree: etree._ElementTree):
        self.tree = tree
        self.root = tree.getroot()

    def _records(self) -> list[etree._Element]:
        return elements(self.root, "record")

    def records(self) -> list[RecordEdit]:
        return [
            RecordEdit(
                r.get("kind"),
                r.get("path"),
                [t.get("entity", "") for t in elements(r, "target")],
                r.sourceline,
            )
            for r in self._records()
        ]

    def add_record(self, kind: str | None = None, path: str | None = None) -> int:
        """A new record (at the end); returns its index. It needs a target before it is valid."""
        attrib = {k: v for k, v in (("kind", kind), ("path", path)) if v}
        place(self.root, make("record", attrib), MAPPING_ORDER)
        return len(self._records()) - 1

    def set_record(self, index: int, *, kind: str | None, path: str | None) -> None:
        """Set a record's kind and path (None removes one)."""
        element = self._records()[index]
        for name, value in (("kind", kind), ("path", path)):
            if value:
                element.set(name, value)
            else:
                element.attrib.pop(name, None)

    def remove_record(self, index: int) -> None:
        self.root.remove(self._records()[index])

    def _record(self, record: str | None, create: bool = False) -> etree._Element:
        records = self._records()
        if record is None:
            if not records and create:
                self.add_record()
                records = self._records()
            if records:
                return records[0]
            raise KeyError("de koppeling heeft geen record")
        found = next((r for r in records if r.get("kind") == record), None)
        if found is None:
            raise KeyError(f"de koppeling heeft geen record '{record}'")
        return found

    def _target(self, entity: str, record: str | None = None) -> etree._Element | None:
        for element in self._records():
            if record is not None and element.get("kind") != record:
                continue
            for target in elements(element, "target"):
                if target.get("entity") == entity:
                    return target
        return None

    def _need_target(self, entity: str, record: str | None) -> etree._Element:
        target = self._target(entity, record)
        if target is None:
            where = f" in record '{record}'" if record is not None else ""
            raise KeyError(f"de koppeling heeft geen doel '{entity}'{where}")
        return target

    def targets(self) -> list[tuple[str, str | None]]:
        """Every target as (entity, kind of its record)."""
        return [
            (t.get("entity", ""), r.get("kind"))
            for r in self._records()
            for t in elements(r, "target")
        ]

    def target(self, entity: str, *, record: str | None = None) -> TargetEdit | None:
        element = self._target(entity, record)
        if element is None:
            return None
        return TargetEdit(
            entity,
            element.getparent().get("kind") if element.getparent() is not None else None,
            is_true(element.get("optional")),
            element.get("present-if", "").split(),
            element.sourceline,
        )

    def add_target(
        self,
        entity: str,
        optional: bool = False,
        present_if: Sequence[str] = (),
        *,
        record: str | None = None,
    ) -> None:
        """Add a target to the record (the first one, created when there is none); for a
        target that exists, set its options. It needs a field before it is valid."""
        if entity not in ENTITIES:
            raise ValueError(f"onbekende entiteit '{entity}' (kies uit {', '.join(ENTITIES)})")
        target = self._target(entity, record)
        if target is None:
            parent = self._record(record, create=True)
            target = make("target", {"entity": entity})
            parent.append(target)
        self.set_target_options(entity, optional=optional, present_if=present_if, record=record)

    def set_target_options(
        self,
        entity: str,
        *,
        optional: bool,
        present_if: Sequence[str] = (),
        record: str | None = None,
    ) -> None:
        """optional: the target is skipped when its source fields (or the ``present_if``
        fields) are all empty."""
        target = self._need_target(entity, record)
        if optional:
            target.set("optional", "true")
        else:
            target.attrib.pop("optional", None)
        if present_if:
            target.set("present-if", " ".join(present_if))
        else:
            target.attrib.pop("present-if", None)

    def remove_target(self, entity: str, *, record: str | None = None) -> bool:
        target = self._target(entity, record)
        if target is None:
            return False
        parent = target.getparent()
        assert parent is not None
        parent.remove(target)
        return True
