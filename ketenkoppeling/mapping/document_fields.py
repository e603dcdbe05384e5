"""Fields, attributions and value maps of a mapping document's targets."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from lxml import etree

from ketenkoppeling.mapping.document_edits import (
    FieldEdit,
    TransformLike,
    check_source,
    set_source_of,
    set_transforms,
    source_of,
    transform_edits,
    transform_element,
)
from ketenkoppeling.mapping.document_targets import TargetTree
from ketenkoppeling.mapping.document_xml import TARGET_ORDER, elements, make, place
from ketenkoppeling.mapping.fields import ENTITIES, TRANSFORMS, map_lookup


class FieldEditing(TargetTree):
    """Reading and changing the fields of targets (the base of MappingDocument)."""

    def _field_edit(
        self, element: etree._Element, entity: str, attribution: int | None, record: str | None
    ) -> FieldEdit:
        kind, source, separator = source_of(element)
        return FieldEdit(
            entity=entity,
            name=element.get("name", ""),
            source_kind=kind,
            source=source,
            separator=separator,
            transforms=transform_edits(element),
            attribution_index=attribution,
            record=record,
            line=element.sourceline,
        )

    def _container(
        self, entity: str, attribution: int | None, record: str | None, create: bool = False
    ) -> etree._Element:
        target = self._target(entity, record)
        if target is None:
            if not create:
                raise KeyError(f"de koppeling heeft geen doel '{entity}'")
            self.add_target(entity, record=record)
            target = self._need_target(entity, record)
        if attribution is None:
            return target
        existing = elements(target, "attribution")
        if attribution == len(existing) and create:
            return place(target, make("attribution"), TARGET_ORDER)
        if not 0 <= attribution < len(existing):
            raise KeyError(f"{entity} heeft geen toerekening {attribution + 1}")
        return existing[attribution]

    def _field(
        self, entity: str, name: str, attribution: int | None, record: str | None
    ) -> etree._Element | None:
        try:
            container = self._container(entity, attribution, record)
        except KeyError:
            return None
        return next((f for f in elements(container, "field") if f.get("name") == name), None)

    def fields(self, entity: str, *, record: str | None = None) -> list[FieldEdit]:
        """The target's fields, then those of its attributions (``attribution_index`` set);
        empty when the mapping has no such target."""
        target = self._target(entity, record)
        if target is None:
            return []
        kind = target.getparent().get("kind") if target.getparent() is not None else None
        result = [self._field_edit(f, entity, None, kind) for f in elements(target, "field")]
        for index, attribution in enumerate(elements(target, "attribution")):
            result += [
                self._field_edit(f, entity, index, kind) for f in elements(attribution, "field")
            ]
        return result

    def field(
        self, entity: str, name: str, attribution: int | None = None, *, record: str | None = None
    ) -> FieldEdit | None:
        element = self._field(entity, name, attribution, record)
        if element is None:
            return None
        kind = self._need_target(entity, record).getparent()
        return self._field_edit(
            element, entity, attribution, kind.get("kind") if kind is not None else None
        )

    def set_field(
        self,
        entity: str,
        name: str,
        *,
        source_kind: str,
        source: str | Sequence[tuple[str, str]],
        transforms: Sequence[TransformLike] | None = None,
        separator: str = " ",
        attribution: int | None = None,
        record: str | None = None,
    ) -> FieldEdit:
        """Create or replace a field (it keeps its place). ``transforms=None`` keeps the
        transforms it has (none for a new field). The target is added when missing, and an
        attribution when ``attribution`` is the next index."""
        check_source(source_kind, source)
        new = [transform_element(t) for t in transforms] if transforms is not None else None
        container = self._container(entity, attribution, record, create=True)
        element = next((f for f in elements(container, "field") if f.get("name") == name), None)
        if element is None:
            element = place(container, make("field", {"name": name}), TARGET_ORDER)
        set_source_of(element, source_kind, source, separator)
        if new is not None:
            set_transforms(element, new)
        found = self.field(entity, name, attribution, record=record)
        assert found is not None
        return found

    def set_transforms(
        self,
        entity: str,
        name: str,
        transforms: Sequence[TransformLike],
        attribution: int | None = None,
        *,
        record: str | None = None,
    ) -> None:
        element = self._field(entity, name, attribution, record)
        if element is None:
            raise KeyError(f"{entity} heeft geen veld '{name}'")
        set_transforms(element, transforms)

    def remove_field(
        self, entity: str, name: str, attribution: int | None = None, *, record: str | None = None
    ) -> bool:
        element = self._field(entity, name, attribution, record)
        if element is None:
            return False
        parent = element.getparent()
        assert parent is not None
        parent.remove(element)
        return True

    def missing_fields(self, entity: str, *, record: str | None = None) -> list[str]:
        """The model's required fields the target does not fill (every attribution needs
        budget and percentage); all required fields when there is no target."""
        info = ENTITIES[entity]
        target = self._target(entity, record)
        present = set() if target is None else {f.get("name") for f in elements(target, "field")}
        attributions = [] if target is None else elements(target, "attribution")
        missing = []
        for spec in info.fields:
            if not spec.required:
                continue
            if spec.attribution:
                named = [{f.get("name") for f in elements(a, "field")} for a in attributions]
                if not named or any(spec.name not in n for n in named):
                    missing.append(spec.name)
            elif spec.name not in present:
                missing.append(spec.name)
        return missing

    # --- attributions -----------------------------------------------------------------------

    def attributions(self, entity: str, *, record: str | None = None) -> list[list[FieldEdit]]:
        fields = self.fields(entity, record=record)
        target = self._target(entity, record)
        count = len(elements(target, "attribution")) if target is not None else 0
        return [[f for f in fields if f.attribution_index == i] for i in range(count)]

    def attribution_xpath(
        self, entity: str, index: int, *, record: str | None = None
    ) -> str | None:
        return self._container(entity, index, record).get("xpath")

    def add_attribution(
        self, entity: str, xpath: str | None = None, *, record: str | None = None
    ) -> int:
        """A new attribution (at the end; with ``xpath``, one per matching element); returns
        its index. It needs fields (budget, percentage) before it is valid."""
        target = self._need_target(entity, record)
        attribution = place(target, make("attribution"), TARGET_ORDER)
        if xpath:
            attribution.set("xpath", xpath)
        return len(elements(target, "attribution")) - 1

    def set_attribution_xpath(
        self, entity: str, index: int, xpath: str | None, *, record: str | None = None
    ) -> None:
        element = self._container(entity, index, record)
        if xpath:
            element.set("xpath", xpath)
        else:
            element.attrib.pop("xpath", None)

    def remove_attribution(self, entity: str, index: int, *, record: str | None = None) -> None:
        element = self._container(entity, index, record)
        parent = element.getparent()
        assert parent is not None
        parent.remove(element)

    # --- value maps -------------------------------------------------------------------------

    def _map_of(self, element: etree._Element, otherwise: str | None) -> etree._Element:
        found = next(iter(elements(element, "map")), None)
        if found is None:
            found = make("map", {"otherwise": otherwise} if otherwise else {})
            element.append(found)
        return found

    def set_value_map(
        self,
        entity: str,
        name: str,
        entries: Iterable[tuple[str, str]],
        otherwise: str | None,
        attribution: int | None = None,
        *,
        record: str | None = None,
    ) -> None:
        """Replace the entries of the field's value map (added at the end of its transforms
        when it has none); ``otherwise`` None means the default (keep the value)."""
        element = self._field(entity, name, attribution, record)
        if element is None:
            raise KeyError(f"{entity} heeft geen veld '{name}'")
        choices = next(p.choices for p in TRANSFORMS["map"].params if p.name == "otherwise")
        if otherwise is not None and choices is not None and otherwise not in choices:
            raise ValueError(f"'{otherwise}' is geen keuze voor 'anders' ({', '.join(choices)})")
        value_map = self._map_of(element, otherwise)
        if otherwise is None:
            value_map.attrib.pop("otherwise", None)
        else:
            value_map.set("otherwise", otherwise)
        for old in elements(value_map, "entry"):
            value_map.remove(old)
        for source, code in entries:
            value_map.append(make("entry", {"from": source, "to": code}))

    def add_map_entry(self, target: str, from_value: str, to_code: str) -> bool:
        """The quarantine's quick fix: add ``from_value`` → ``to_code`` to the value map of
        the field ``target`` (``"deployment.instrument"``) in every record, attributions
        included; a map is added (its ``otherwise`` the field's reference list) when the field
        has none, an entry for the same value is changed. False when there is no such field."""
        entity, _, name = target.partition(".")
        source = " ".join(from_value.split())
        found = False
        for record in self._records():
            for tgt in elements(record, "target"):
                if tgt.get("entity") != entity:
                    continue
                containers = [tgt, *elements(tgt, "attribution")]
                for container in containers:
                    for element in elements(container, "field"):
                        if element.get("name") != name:
                            continue
                        found = True
                        self._add_entry(element, map_lookup(entity, name), source, to_code)
        return found

    def _add_entry(self, element: etree._Element, otherwise: str, source: str, code: str) -> None:
        value_map = self._map_of(element, otherwise)
        ignore_case = value_map.get("ignore-case", "true") in ("true", "1")
        for entry in elements(value_map, "entry"):
            existing = entry.get("from", "")
            if existing == source or (ignore_case and existing.casefold() == source.casefold()):
                entry.set("to", code)
                return
        value_map.append(make("entry", {"from": source, "to": code}))
