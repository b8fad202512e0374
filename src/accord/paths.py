"""Where Accord finds its data: the project folders next to ``src/``, or ACCORD_HOME."""

from __future__ import annotations

import os
from pathlib import Path

# Installed editable from the repository, the data folders sit two levels above this package.
PROJECT_ROOT = Path(os.environ.get("ACCORD_HOME", Path(__file__).resolve().parents[2]))
TEMPLATES_DIR = PROJECT_ROOT / "templates"
JURISDICTIONS_DIR = PROJECT_ROOT / "jurisdictions"
