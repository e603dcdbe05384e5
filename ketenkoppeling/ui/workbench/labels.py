"""Names a functional administrator reads: the common model's entities and fields by their
label (from the mapping engine's field catalogue), reference kinds, statuses, transforms."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from ketenkoppeling.mapping.fields import ENTITIES, TRANSFORMS, choice_label, field_info

# the entity names the preview uses for model records, where they differ from the mapping's
_ENTITY_ALIASES = {"benefit": "benefit_period"}


def entity_label(entity: str) -> str:
    info = ENTITIES.get(_ENTITY_ALIASES.get(entity, entity))
    return info.label if info is not None else entity


def field_label(entity: str, name: str) -> str:
    found = field_info(_ENTITY_ALIASES.get(entity, entity), name)
    return found.label if found is not None else name


def lookup_of(entity: str, name: str) -> str | None:
    """The reference kind (instrument, partner, …) whose codes the field takes, if any."""
    found = field_info(entity, name)
    return found.lookup if found is not None else None


def transform_label(kind: str) -> str:
    info = TRANSFORMS.get(kind)
    return info.label if info is not None else kind


def transform_summary(transform: Any) -> str:
    """'datum (yyyymmdd, eerste dag nemen)', 'waardetabel (10 regels)'."""
    kind = getattr(transform, "kind", "")
    params = dict(getattr(transform, "params", {}) or {})
    parts = [choice_label(str(v)) for v in params.values() if v not in (None, "")]
    entries = getattr(transform, "entries", None) or []
    if kind == "map":
        parts.insert(
            0,
            QCoreApplication.translate("WorkbenchLabels", "%n row(s)", "", len(entries)).replace(
                "%n", str(len(entries))
            ),
        )
    label = transform_label(kind)
    return f"{label} ({', '.join(parts)})" if parts else label


def status_text(status: str) -> str:
    tr = QCoreApplication.translate
    texts = {
        "stored": tr("WorkbenchLabels", "new"),
        "quarantined": tr("WorkbenchLabels", "quarantined"),
    }
    return texts.get(status, status)


def lookup_text(kind: str) -> str:
    tr = QCoreApplication.translate
    texts = {
        "instrument": tr("WorkbenchLabels", "instruments"),
        "partner": tr("WorkbenchLabels", "partners"),
        "budget": tr("WorkbenchLabels", "budgets"),
        "regime": tr("WorkbenchLabels", "regimes"),
        "provider": tr("WorkbenchLabels", "providers"),
    }
    return texts.get(kind, kind)
