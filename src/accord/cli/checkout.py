"""Accord runs from a checkout of its repository: the flows and the data folders live there.

The wheel ships the ``accord`` package only. Its Prefect flows (``flows/``) and its data
(``templates/``, ``jurisdictions/``, ``inputs/``) stay at the top of the checkout, where
:mod:`accord.paths` finds them; ``uv sync`` installs the checkout editable, which puts both
``src/`` and the checkout's top level on ``sys.path``. The commands that start flows call
:func:`require_flows` first, so an installation without them says so in one line.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from accord.errors import ConfigError

FIX = (
    "Run Accord from a checkout of its repository: `make run`, or `uv sync` there and then "
    ".venv/bin/accord (the README's Quickstart)."
)


def flows_folder() -> Path | None:
    """Return the folder of Accord's ``flows`` package, or None when it cannot be imported.

    A ``flows`` package of another project (one without ``process_batch.py``) does not count.
    """
    try:
        spec = importlib.util.find_spec("flows")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin:
        return None
    folder = Path(spec.origin).parent
    return folder if (folder / "process_batch.py").is_file() else None


def require_flows(command: str) -> None:
    """Return nothing when Accord's flows can be imported; else raise ConfigError naming the fix.

    ``command`` is what the user ran (``accord run``), for the message.
    """
    if flows_folder() is None:
        raise ConfigError(
            f"{command} needs Accord's flows/ folder, which ships with its checkout and not with "
            f"the installed package. {FIX}"
        )
