"""Mapping versions in the database: on a shared database every colleague imports with the
same version, and the audit log says who changed what.

The mappings the importer knows are, in order of precedence: the newest version saved in the
database, the user's own folder, the shipped files (``mappings/``). Saving never overwrites:
each save is a new version with its author, time and comment; going back to an old version
saves it again as the newest. Two administrators saving the same mapping at once cannot
overwrite each other: the second is told (``MappingConflict``).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ketenkoppeling.access import Role, require
from ketenkoppeling.mapping.loader import (
    SHIPPED,
    MappingError,
    load_mappings,
    parse_mapping,
)
from ketenkoppeling.mapping.spec import Mapping
from ketenkoppeling.store.database import Database, current_user
from ketenkoppeling.store.locks import QUIET, default_waiting, write_turn
from ketenkoppeling.store.tables import AuditLogRow, MappingVersionRow

SHIPPED_ORIGIN = "meegeleverd"
USER_ORIGIN = "eigen map"
DB_ORIGIN = "database"


class MappingConflict(Exception):
    """Somebody else saved a newer version meanwhile; nothing was overwritten."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class MappingVersion:
    name: str
    version: str
    origin: str  # meegeleverd | eigen map | database
    author: str | None
    created_at: datetime | None
    comment: str
    text: str

    @property
    def label(self) -> str:
        return f"{self.name} versie {self.version}"


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _file_version(mapping: Mapping) -> MappingVersion:
    path = mapping.path
    text = path.read_text(encoding="utf-8") if path is not None and path.is_file() else ""
    shipped = path is not None and path.parent.resolve() == SHIPPED.resolve()
    return MappingVersion(
        name=mapping.name, version=mapping.version,
        origin=SHIPPED_ORIGIN if shipped else USER_ORIGIN, author=None,
        created_at=None, comment=f"bestand {path.name}" if path is not None else "", text=text,
    )  # fmt: skip


def _row_version(row: MappingVersionRow) -> MappingVersion:
    return MappingVersion(
        name=row.name, version=str(row.version), origin=DB_ORIGIN, author=row.author,
        created_at=row.created_at, comment=row.comment or "", text=row.content,
    )  # fmt: skip


def _parse(name: str, text: str) -> Mapping:
    return replace(parse_mapping(Path(f"{name}.xml"), text.encode("utf-8")), path=None)


def mapping_from_text(text: str) -> Mapping:
    """A mapping from its XML text (validated; MappingError names the line)."""
    return _parse("koppeling", text)


def available_mappings(db: Database, files: dict[str, Mapping] | None = None) -> dict[str, Mapping]:
    """Every mapping by name: the newest database version overrides the files."""
    found = dict(files if files is not None else load_mappings())
    with db.session() as session:
        newest = (
            select(MappingVersionRow.name, func.max(MappingVersionRow.version).label("v"))
            .group_by(MappingVersionRow.name)
            .subquery()
        )
        rows = session.execute(
            select(MappingVersionRow.name, MappingVersionRow.content).join(
                newest,
                (MappingVersionRow.name == newest.c.name)
                & (MappingVersionRow.version == newest.c.v),
            )
        ).all()
    for name, content in rows:
        try:
            found[name] = _parse(name, content)
        except MappingError:  # saved versions were validated; a newer schema may refuse one
            continue
    return found


def list_versions(db: Database, name: str) -> list[MappingVersion]:
    """The file version (when there is one) and every database version, oldest first."""
    versions: list[MappingVersion] = []
    files = load_mappings()
    if name in files:
        versions.append(_file_version(files[name]))
    with db.session() as session:
        rows = session.scalars(
            select(MappingVersionRow)
            .where(MappingVersionRow.name == name)
            .order_by(MappingVersionRow.version)
        )
        versions.extend(_row_version(r) for r in rows)
    return versions


def current_version(db: Database, name: str) -> MappingVersion | None:
    """The version the importer uses now, or None when no mapping has that name."""
    versions = list_versions(db, name)
    return versions[-1] if versions else None


def get_version(db: Database, name: str, version: str) -> MappingVersion:
    for found in list_versions(db, name):
        if found.version == version:
            return found
    raise MappingError(f"koppeling {name} heeft geen versie {version}")


def _numeric(version: str) -> int:
    return int(version) if version.isdigit() else 0


def _with_version(text: str, version: int) -> str:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(text.encode("utf-8"), parser)
    root.set("version", str(version))
    body: str = etree.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def save_version(
    db: Database,
    text: str,
    *,
    comment: str,
    user: str | None = None,
    expected: str | None = None,
    based_on: str | None = None,
) -> MappingVersion:
    """Validate ``text`` and save it as the next version of its mapping (see the module
    docstring). ``expected`` is the version the editor started from: when another version was
    saved meanwhile, :class:`MappingConflict` is raised and nothing is saved."""
    require(db, Role.BEHEERDER, what="koppelingen wijzigen")
    mapping = _parse("koppeling", text)  # raises MappingError naming the line
    name = mapping.name
    if not name:
        raise MappingError("de koppeling heeft geen naam")
    user = user or current_user()
    current = current_version(db, name)
    if expected is not None and current is not None and current.version != expected:
        raise _conflict(current, expected)
    start = max((_numeric(v.version) for v in list_versions(db, name)), default=0)
    number = start + 1
    stored = _with_version(text, number)
    _parse(name, stored)
    now = _now()
    turn = write_turn(db, user=user, task=f"koppeling {name} opslaan", waiting=default_waiting,
                      quiet=QUIET)  # fmt: skip
    try:
        with turn, db.session() as session:  # waits for a running import on SQLite
            session.add(
                MappingVersionRow(
                    name=name, version=number, content=stored, author=user, created_at=now,
                    comment=comment.strip(),
                    based_on=based_on or expected or (current.version if current else None),
                )
            )  # fmt: skip
            session.add(
                AuditLogRow(
                    at=now, user=user, action="mapping-save", subject=name,
                    detail={"version": number, "comment": comment.strip(),
                            "based_on": based_on or expected},
                )
            )  # fmt: skip
    except IntegrityError:  # a colleague saved the same version number at the same moment
        newest = current_version(db, name)
        assert newest is not None
        raise _conflict(newest, expected or str(start)) from None
    return MappingVersion(name, str(number), DB_ORIGIN, user, now, comment.strip(), stored)


def _conflict(current: MappingVersion, expected: str) -> MappingConflict:
    who = f" door {current.author}" if current.author else ""
    when = f" op {current.created_at:%d-%m-%Y %H:%M}" if current.created_at else ""
    return MappingConflict(
        f"koppeling {current.name} is intussen opgeslagen als versie {current.version}{who}"
        f"{when} (u begon bij versie {expected}); er is niets overschreven. Open de nieuwste "
        "versie en breng uw wijziging daarin aan."
    )


def restore_version(
    db: Database, name: str, version: str, *, comment: str, user: str | None = None
) -> MappingVersion:
    """Go back to ``version``: its text is saved again as the newest version."""
    require(db, Role.BEHEERDER, what="koppelingen wijzigen")
    old = get_version(db, name, version)
    text = comment.strip() or f"terug naar versie {version}"
    return save_version(db, old.text, comment=text, user=user, based_on=version)


def diff_versions(a: MappingVersion, b: MappingVersion) -> str:
    """The differences between two versions as a unified diff (empty when equal)."""
    return "".join(
        difflib.unified_diff(
            a.text.splitlines(keepends=True),
            b.text.splitlines(keepends=True),
            fromfile=f"{a.name} versie {a.version}",
            tofile=f"{b.name} versie {b.version}",
        )
    )


def export_mapping(db: Database, name: str, path: Path, version: str | None = None) -> Path:
    """Write a version (default: the current one) of a mapping to a file."""
    found = get_version(db, name, version) if version else current_version(db, name)
    if found is None:
        raise MappingError(f"koppeling '{name}' bestaat niet")
    path = Path(path)
    path.write_text(found.text, encoding="utf-8")
    return path


def import_mapping_file(
    db: Database, path: Path, *, comment: str = "", user: str | None = None
) -> MappingVersion:
    """Save a mapping file as the next version of its mapping in the database."""
    require(db, Role.BEHEERDER, what="koppelingen wijzigen")
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise MappingError(f"{path.name}: niet te lezen als UTF-8-tekst ({exc})") from exc
    try:
        parse_mapping(path, text.encode("utf-8"))
    except MappingError:
        raise
    return save_version(db, text, comment=comment or f"ingelezen uit {path.name}", user=user)
