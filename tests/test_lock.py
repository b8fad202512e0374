"""Locks between real processes: exclusive while the holder lives, free the moment it dies."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from accord import lock
from accord.disk import DiskFull
from accord.lock import FileLock, LockTimeout
from tests.disk import fill, small_disk

HOLD = """
import sys, time
from pathlib import Path
from accord.lock import FileLock
FileLock(Path(sys.argv[1])).acquire()
print("held", flush=True)
time.sleep(120)
"""


@pytest.fixture
def holder(tmp_path: Path):
    """A separate process that holds the lock on tmp_path/x.lock until it is killed."""
    path = tmp_path / "x.lock"
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "held"
    yield path, proc
    proc.kill()
    proc.wait()


def test_a_lock_held_by_another_live_process_is_not_granted(holder):
    path, _ = holder
    assert lock.try_lock(path) is None


def test_a_lock_is_free_as_soon_as_its_holder_is_killed_with_signal_9(holder):
    path, proc = holder
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    held = lock.try_lock(path)
    assert held is not None
    held.release()


def test_waiting_for_a_held_lock_gives_up_with_a_message_naming_the_holder(holder):
    path, proc = holder
    with pytest.raises(LockTimeout) as caught:
        lock.wait_lock(path, timeout=0.3)
    assert str(caught.value) == (
        f"x.lock is still held (pid {proc.pid} on {__import__('socket').gethostname()}) after "
        "0.3 s. Another run is working on the same batch; wait for it to finish and run again."
    )


def test_a_released_lock_can_be_taken_again(tmp_path: Path):
    path = tmp_path / "locks" / "y.lock"
    with FileLock(path) as first:
        assert first.held
    assert not first.held
    second = lock.try_lock(path)
    assert second is not None
    second.release()


def test_taking_the_same_lock_object_twice_is_refused(tmp_path: Path):
    held = FileLock(tmp_path / "z.lock")
    held.acquire()
    with pytest.raises(RuntimeError, match="already locked by this object"):
        held.acquire()
    held.release()


def test_waiting_for_a_held_lock_first_says_what_it_waits_for_and_who_holds_it(holder):
    path, proc = holder
    told: list[str] = []
    with pytest.raises(LockTimeout):
        lock.wait_lock(path, timeout=0.2, on_wait=told.append)
    assert told == [
        f"Waiting up to 0.2 s for x.lock (pid {proc.pid} on {socket.gethostname()}): another "
        "run is working on the same batch."
    ]


def test_a_lock_taken_on_a_full_disk_is_held_and_released_not_kept_for_ever(tmp_path: Path):
    """A full disk refuses the holder's note; the lock must still work, and end."""
    with small_disk(tmp_path / "disk", "1m") as disk:
        fill(disk)
        path = disk / "x.lock"
        first = lock.wait_lock(path, timeout=1)
        assert lock.try_lock(path) is None
        first.release()
        again = lock.try_lock(path)
        assert again is not None
        again.release()


def test_a_lock_whose_folder_cannot_be_made_on_a_full_disk_says_the_disk_is_full(tmp_path: Path):
    # Three inodes: the disk's root, out/ and the filler; no room for another folder.
    with small_disk(tmp_path / "disk", "1m,nr_inodes=3") as disk:
        (disk / "out").mkdir()
        fill(disk)
        with pytest.raises(DiskFull) as caught:
            lock.wait_lock(disk / "out" / ".locks" / "b.lock", timeout=1)
    assert str(caught.value).startswith(
        f"The disk holding {disk / 'out' / '.locks'} is full (no space left on {disk}, "
    )


def test_a_lock_that_stays_held_names_its_file_and_the_fix_its_caller_gives(holder):
    path, _ = holder
    with pytest.raises(
        LockTimeout, match=r"^x\.lock is still held .* The next run applies them\.$"
    ):
        lock.wait_lock(path, timeout=0, fix="The next run applies them.")


PROBE = """
import sys
from pathlib import Path
from accord.lock import try_lock
print("taken" if try_lock(Path(sys.argv[1])) else "held")
"""


def _seen_by_another_process(path: Path) -> str:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(path)], capture_output=True, text=True, timeout=60
    )
    return result.stdout.strip()


def test_a_lock_held_for_a_run_is_lent_to_that_runs_wait_once_the_holder_is_ready(
    tmp_path: Path,
):
    """`accord run` holds the batch's lock while its workers stage the file; its flow run's wait
    for the same lock gets it once they are done, not before (a second lock of this process on
    the same file would wait for ever)."""
    path = tmp_path / "batch.lock"
    with lock.held_for_run(path) as lending:
        assert lending is not None
        threading.Timer(0.3, lending.ready).start()
        started = time.monotonic()
        with lock.wait_lock(path, 10) as lent:
            assert lent.held
            assert time.monotonic() - started >= 0.3


def test_a_run_whose_lock_holder_is_never_ready_times_out_naming_the_fix(tmp_path: Path):
    path = tmp_path / "batch.lock"
    with lock.held_for_run(path), pytest.raises(LockTimeout) as caught:
        lock.wait_lock(path, 0.2, fix="Run it again.")
    assert str(caught.value) == (
        "batch.lock is still held by this run's own staging after 0.2 s. Run it again."
    )


def test_a_lock_lent_to_a_run_stays_held_after_the_run_until_its_holder_lets_go(tmp_path: Path):
    path = tmp_path / "batch.lock"
    with lock.held_for_run(path) as lending:
        assert lending is not None
        lending.ready()
        with lock.wait_lock(path, 0.2):
            pass
        assert _seen_by_another_process(path) == "held"
    assert _seen_by_another_process(path) == "taken"


def test_holding_for_a_run_a_lock_another_process_has_holds_nothing(holder):
    path, _ = holder
    with lock.held_for_run(path) as lending:
        assert lending is None
        with pytest.raises(LockTimeout):
            lock.wait_lock(path, 0.2)
