"""``python -m ketenkoppeling``: the command line."""

from ketenkoppeling.cli import main

raise SystemExit(main())
