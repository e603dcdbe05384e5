"""What the user's role allows in the window (ketenkoppeling.access): a button for work the
role may not do is disabled, its tooltip says why; the engine refuses it anyway."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ketenkoppeling.access import Role, current_access
from ketenkoppeling.store import Database


def administrator_refusal(db: Database) -> str:
    """'' when the user may change mappings and reference data, else why not (for a tooltip)."""
    try:
        access = current_access(db)
    except Exception:  # an unreadable users table: let the engine say why when asked
        return ""
    if access.has(Role.BEHEERDER):
        return ""
    return QCoreApplication.translate(
        "Permissions", "Only a functional administrator can change mappings (you are %1)."
    ).replace("%1", access.login)
