"""``ketenkoppeling user list|whoami|add|change|deactivate``: users and roles on the command
line (ketenkoppeling/access). Returns the JSON and the Dutch text of each action; a refusal
raises :class:`~ketenkoppeling.access.UserError` or :class:`~ketenkoppeling.access.AccessDenied`
(exit 3)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ketenkoppeling.access import User
    from ketenkoppeling.store import Database

ACTIONS = ("list", "whoami", "add", "change", "deactivate")
ROLES = ("backoffice", "controller", "beheerder")  # ketenkoppeling.access.Role: imported late


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", choices=ACTIONS)
    p.add_argument("login", nargs="?", help="inlognaam (op PostgreSQL: de databaserol)")
    p.add_argument("--role", choices=ROLES, help="backoffice, controller of beheerder")
    p.add_argument("--partner", help="code van de ketenpartner van de gebruiker")
    p.add_argument("--name", help="naam van de gebruiker")
    p.add_argument(
        "--password-stdin", action="store_true",
        help="PostgreSQL: het wachtwoord van de nieuwe inlogrol van standaardinvoer lezen",
    )  # fmt: skip


def _line(u: User) -> str:
    state = "" if u.active else "  (uitgeschakeld)"
    name = f"  {u.name}" if u.name else ""
    return f"{u.login}{name}  {u.role.label}  {u.partner}{state}"


def run(args: argparse.Namespace, db: Database) -> tuple[dict[str, Any], str]:
    """Carry out ``args.action``; the JSON and the text to show."""
    from ketenkoppeling.access import (
        Role,
        UserError,
        add_user,
        change_user,
        current_access,
        deactivate_user,
        list_users,
    )

    if args.action == "list":
        users = list_users(db)
        text = "\n".join(_line(u) for u in users) or "Er zijn nog geen gebruikers ingericht."
        return {"users": [u.to_json() for u in users]}, text
    if args.action == "whoami":
        access = current_access(db)
        data = {
            "login": access.login,
            "roles": sorted(r.value for r in access.roles),
            "partner": access.partner,
        }
        return data, access.describe()
    if not args.login:
        raise UserError(f"user {args.action}: geef de inlognaam van de gebruiker")
    if args.action == "add":
        if not args.role or not args.partner:
            raise UserError("user add: geef --role en --partner")
        password = sys.stdin.readline().rstrip("\r\n") if args.password_stdin else None
        user = add_user(
            db, args.login, role=Role(args.role), partner=args.partner, name=args.name or "",
            password=password,
        )  # fmt: skip
        return user.to_json(), f"Toegevoegd: {_line(user)}"
    if args.action == "deactivate":
        user = deactivate_user(db, args.login)
        return user.to_json(), f"Uitgeschakeld: {_line(user)}"
    role = Role(args.role) if args.role else None
    user = change_user(db, args.login, role=role, partner=args.partner, name=args.name)
    return user.to_json(), f"Gewijzigd: {_line(user)}"
