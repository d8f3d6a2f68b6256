"""``python -m resolution_builder`` runs the ``safe-zone`` command."""

from .cli import main

raise SystemExit(main())
