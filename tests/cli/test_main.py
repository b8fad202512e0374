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
