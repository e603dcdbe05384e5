"""Unexpected errors: a Dutch message with an error reference for the user, and the detail in
a log file that only its owner can read, without personal data.

The user sees, e.g.::

    Er ging iets onverwachts mis (foutreferentie KK-20261130-1a2b3c).
    De details staan in /home/…/.local/state/Ketenkoppeling/log/fouten.log.

The log (``fouten.log`` in the user's log folder, or ``$KETENKOPPELING_LOG_DIR``; mode 0600 in
a folder of mode 0700; at 5 MB it moves to ``fouten.log.1``) gets one entry per error with the
reference, the time, the program and Python version, the command, and for the exception and
each one it was raised from or during:

- its type (``sqlalchemy.exc.IntegrityError``) and the traceback's frames (file, line,
  function and the line of code: program text, never data);
- for a database error: the SQL statement with its placeholders (the engine is created with
  ``hide_parameters=True``, and the parameters are never read), the driver's error class, the
  SQLSTATE or SQLite error code and the names of the constraint, table and column involved;
- for an operating-system error: its errno name and the system's text (not the file name,
  which may name a client).

The exception's own message (``str(exc)``) is never logged: Python's, a library's or a
database server's message may quote the value that failed ("invalid literal for int(): 'de
Vries'", PostgreSQL's ``DETAIL: Key (bsn)=(123456782) already exists``), and no filter can
tell a value from the rest of the text for certain. What is logged suffices to find the place
in the code and, for the database, the statement and constraint; the values themselves are in
the database for whoever may see them.
"""

from __future__ import annotations

import errno
import os
import platform
import secrets
import traceback
from datetime import datetime
from pathlib import Path
from typing import Any

ENV_LOG_DIR = "KETENKOPPELING_LOG_DIR"
LOG_NAME = "fouten.log"
MAX_LOG = 5 * 1024 * 1024
MAX_STATEMENT = 4000  # characters of SQL logged
MAX_CHAIN = 10  # exceptions followed through __cause__ / __context__


def log_dir() -> Path:
    """``$KETENKOPPELING_LOG_DIR``, else the user's log folder (platformdirs)."""
    configured = os.environ.get(ENV_LOG_DIR)
    if configured:
        return Path(configured).expanduser()
    from platformdirs import user_log_dir

    return Path(user_log_dir("Ketenkoppeling", appauthor=False))


def new_reference(now: datetime | None = None) -> str:
    """``KK-20261130-1a2b3c``: the day, and six random hex digits."""
    return f"KK-{(now or datetime.now()):%Y%m%d}-{secrets.token_hex(3)}"


def _type_name(exc: BaseException) -> str:
    kind = type(exc)
    module = kind.__module__
    return kind.__qualname__ if module == "builtins" else f"{module}.{kind.__qualname__}"


def _short_path(filename: str) -> str:
    """A frame's file from the package or library root (no home folder in the log)."""
    parts = Path(filename).parts
    for anchor in ("site-packages", "dist-packages"):
        if anchor in parts:
            return "/".join(parts[parts.index(anchor) + 1 :])
    if "ketenkoppeling" in parts:
        index = len(parts) - 1 - parts[::-1].index("ketenkoppeling")
        return "/".join(parts[index:])
    return Path(filename).name


def _frames(exc: BaseException) -> list[str]:
    lines = []
    for frame in traceback.extract_tb(exc.__traceback__):
        lines.append(f"  {_short_path(frame.filename)}:{frame.lineno} in {frame.name}")
        if frame.line:
            lines.append(f"    {frame.line.strip()}")
    return lines


def _database_detail(exc: BaseException) -> list[str]:
    """The statement and error codes of a SQLAlchemy error: never its parameters nor the
    server's message."""
    try:
        from sqlalchemy.exc import StatementError
    except ImportError:  # pragma: no cover - a dependency of the product
        return []
    if not isinstance(exc, StatementError):
        return []
    lines = []
    if exc.statement:
        statement = " ".join(str(exc.statement).split())
        if len(statement) > MAX_STATEMENT:
            statement = statement[:MAX_STATEMENT] + " …"
        lines.append(f"  SQL: {statement}")
        lines.append("  parameters: niet vastgelegd (persoonsgegevens)")
    orig: Any = getattr(exc, "orig", None)
    if orig is not None:
        lines.append(f"  driverfout: {_type_name(orig)}")
        code = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
        if code:
            lines.append(f"  SQLSTATE: {code}")
        name = getattr(orig, "sqlite_errorname", None)
        if name:
            lines.append(f"  SQLite: {name}")
        diag = getattr(orig, "diag", None)
        for field in ("schema_name", "table_name", "column_name", "constraint_name"):
            value = getattr(diag, field, None) if diag is not None else None
            if value:
                lines.append(f"  {field}: {value}")
    return lines


def _os_detail(exc: BaseException) -> list[str]:
    if not isinstance(exc, OSError) or exc.errno is None:
        return []
    name = errno.errorcode.get(exc.errno, str(exc.errno))
    return [f"  errno: {name} ({exc.strerror})"]


def _chain(exc: BaseException) -> list[BaseException]:
    found: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in found and len(found) < MAX_CHAIN:
        found.append(current)
        current = current.__cause__ or (
            None if current.__suppress_context__ else current.__context__
        )
    return found


def describe(exc: BaseException) -> str:
    """The log entry's detail of ``exc`` (see the module: no message, no values)."""
    lines: list[str] = []
    for number, item in enumerate(_chain(exc)):
        if number:
            lines.append("veroorzaakt door / tijdens:")
        lines.append(_type_name(item))
        lines.extend(_database_detail(item))
        lines.extend(_os_detail(item))
        lines.append("  verloop (laatste aanroep onderaan):")
        lines.extend(_frames(item))
    return "\n".join(lines)


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("ketenkoppeling")
    except Exception:
        return "onbekend"


def write_log(entry: str, folder: Path | None = None) -> Path:
    """Append ``entry`` to the log (created with mode 0600; see the module); its path."""
    folder = folder or log_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / LOG_NAME
    try:
        if path.stat().st_size > MAX_LOG:
            os.replace(path, folder / (LOG_NAME + ".1"))
    except FileNotFoundError:
        pass
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        os.chmod(path, 0o600)
        os.write(handle, entry.encode("utf-8", errors="replace"))
    finally:
        os.close(handle)
    return path


def report_unexpected(exc: BaseException, *, command: str | None = None) -> str:
    """Log ``exc`` (see the module) and return the Dutch message for the user, with the
    error reference and where the detail is."""
    reference = new_reference()
    now = datetime.now().astimezone()
    entry = "\n".join(
        [
            f"=== {reference} {now:%Y-%m-%d %H:%M:%S %z}",
            f"ketenkoppeling {_version()}, Python {platform.python_version()}, "
            f"{platform.system()}; opdracht: {command or 'onbekend'}",
            describe(exc),
            "",
            "",
        ]
    )
    message = f"Er ging iets onverwachts mis (foutreferentie {reference})."
    try:
        path = write_log(entry)
    except OSError:
        return message + " De details konden niet worden vastgelegd."
    return f"{message}\nDe details staan in {path}."
