"""How the `accord` command starts: what it imports, and the commands its help lists."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO

RUN_ONLY = """
import sys
from accord.cli import cli
cli.main(["run", "--help"], standalone_mode=False)
print(sorted(m for m in ("accord.cli.check", "accord.intake", "openpyxl") if m in sys.modules))
"""


def test_accord_run_starts_without_importing_the_other_commands():
    """Its temporary Prefect server starts that much sooner: the check command's imports
    (intake, openpyxl, numpy) come later, while the server boots."""
    result = subprocess.run(
        [sys.executable, "-c", RUN_ONLY], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "[]"


def test_help_lists_every_command_however_they_are_loaded():
    result = subprocess.run(
        [sys.executable, "-m", "accord", "--help"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    listed = [line.split()[0] for line in result.stdout.split("Commands:")[1].splitlines() if line]
    assert listed == [
        "approve",
        "audit",
        "check",
        "follow-up",
        "history",
        "reject",
        "release",
        "report",
        "rules",
        "run",
        "serve",
        "templates",
        "watch",
    ]
