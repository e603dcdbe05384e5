"""Regenerate the initial migration from store/tables.py (only while nothing has shipped).

Run: .venv/bin/python tools/regen_initial_migration.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from alembic import command

from ketenkoppeling.store.migrate import MIGRATIONS, alembic_config


def main() -> None:
    target = MIGRATIONS / "versions" / "0001_initial_schema.py"
    target.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        config = alembic_config()
        config.set_main_option("sqlalchemy.url", f"sqlite:///{Path(tmp) / 'empty.sqlite'}")
        command.revision(config, message="initial schema", autogenerate=True, rev_id="0001")
    ruff = Path(sys.executable).with_name("ruff")
    subprocess.run([str(ruff), "check", "--fix", "-q", str(target)], check=False)
    subprocess.run([str(ruff), "format", "-q", str(target)], check=True)


if __name__ == "__main__":
    main()
