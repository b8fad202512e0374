"""Accord's own settings file, ``accord.yaml`` in the project folder (or ``ACCORD_SETTINGS``).

It holds what a team decides once rather than on every command line. Today that is one list::

    ignore_columns:        # headers Accord is to leave out without asking
      - respnd by
      - Internal notes

A header close to a column Accord reads (``respnd by`` for ``respond_by``) is otherwise a problem of
the file: the rows would be read without that column. The file is read afresh on every call, so an
edit applies to the next run or sweep.
"""

from __future__ import annotations

import os
from pathlib import Path

from accord import yaml_text
from accord.errors import ConfigError
from accord.paths import PROJECT_ROOT

ENV = "ACCORD_SETTINGS"


def settings_path() -> Path:
    """Return the settings file in use: ``$ACCORD_SETTINGS``, else ``accord.yaml`` at home."""
    return Path(os.environ.get(ENV) or PROJECT_ROOT / "accord.yaml")


def ignore_columns() -> frozenset[str]:
    """Return the headers to leave out silently, in the form headers compare in; empty when the
    settings file is absent or lists none. Raises ``ConfigError`` for a file that is not a list."""
    from accord.intake.columns import key  # the one header comparison (intake imports us)

    path = settings_path()
    if not path.is_file():
        return frozenset()
    try:
        data = yaml_text.parse(path.read_text(encoding="utf-8")) or {}
    except yaml_text.YAMLError as exc:
        raise ConfigError(f"{path} is not valid YAML ({exc}). Fix the file.") from None
    listed = data.get("ignore_columns") if isinstance(data, dict) else None
    if listed is None:
        return frozenset()
    if not isinstance(listed, list) or not all(isinstance(h, str) for h in listed):
        raise ConfigError(
            f"{path}: ignore_columns must be a list of column headers, one per line starting "
            "with '- '. Fix the file."
        )
    return frozenset(key(h) for h in listed)
