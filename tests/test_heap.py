"""The garbage collector's pause while a process builds what it keeps, and its skip at exit."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

import pytest

from accord.heap import paused_collection
from tests.conftest import REPO

ENDING = """
import atexit, sys
import pytest

from accord.heap import skip_collection_at_exit
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


def test_the_collector_is_off_during_the_pause_and_on_again_after():
    with paused_collection():
        assert not gc.isenabled()
    assert gc.isenabled()  # a long run's garbage is still collected


def test_what_the_pause_built_is_frozen_out_of_later_collections():
    before = gc.get_freeze_count()
    with paused_collection():
        kept = [[n] for n in range(1000)]
    try:
        assert gc.get_freeze_count() >= before + len(kept)
    finally:
        gc.unfreeze()


def test_a_pause_where_the_collector_was_off_leaves_it_off():
    gc.disable()
    try:
        with paused_collection():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()


def test_the_collector_comes_back_when_the_build_fails():
    with pytest.raises(ValueError), paused_collection():
        raise ValueError("a template that does not compile")
    assert gc.isenabled()
    gc.unfreeze()
