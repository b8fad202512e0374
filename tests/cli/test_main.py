"""What every `accord` command does as its process ends."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

ENDING = """
import atexit, sys
from accord.cli import skip_collection_at_exit
skip_collection_at_exit()
atexit.register(lambda: open(sys.argv[1], "w").write("sent"))
sys.exit(3)
"""


def test_exit_handlers_registered_later_still_run_and_the_status_is_kept(tmp_path: Path):
    """Prefect's last sends and the temporary server's stop are such handlers."""
    marker = tmp_path / "marker.txt"
    result = subprocess.run(
        [sys.executable, "-c", ENDING, str(marker)], cwd=REPO, capture_output=True, timeout=60
    )
    assert result.returncode == 3, result.stderr
    assert marker.read_text() == "sent"


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
