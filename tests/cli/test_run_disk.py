"""`accord run` on a disk that fills up: a bounded end, a message naming the disk, then a rerun."""

from __future__ import annotations

import time
from pathlib import Path

from tests.conftest import AS_OF, accord
from tests.disk import fill, remount, small_disk
from tests.intake.books import OFFER_HEADERS, offer_row, write_xlsx


def test_a_full_disk_ends_the_run_within_a_minute_naming_the_disk_and_a_rerun_completes(
    tmp_path: Path, prefect_server
):
    rows = [offer_row(f"E{n:04d}", name=f"Person {n}") for n in range(300)]
    path = write_xlsx(tmp_path / "offers_big.xlsx", [OFFER_HEADERS, *rows])
    # 300 rows need about 9 MB of documents: 3 MB fills up while they render.
    with small_disk(tmp_path / "disk", "3m") as disk:
        out = disk / "out"
        started = time.monotonic()
        run = ("--out", str(out), "--as-of", AS_OF)
        full = accord("run", str(path), *run, env=prefect_server.env, timeout=120)
        assert time.monotonic() - started < 60
        assert full.returncode == 1
        assert full.stderr.splitlines()[-1].startswith(
            f"Error: The disk holding {out} is full (no space left on {disk}, "
        )
        assert "could not be rendered" not in full.stderr
        # The failed batch gave its space back, and held no lock the next run waits for.
        assert list((out / ".staging").iterdir()) == []
        # A file the full disk has never seen used to hang here: its lock was never let go.
        other = write_xlsx(tmp_path / "offers_new.xlsx", [OFFER_HEADERS, offer_row("N1")])
        filler = fill(disk)
        started = time.monotonic()
        stuck = accord("run", str(other), *run, env=prefect_server.env, timeout=120)
        assert time.monotonic() - started < 60
        assert stuck.stderr.splitlines()[-1].startswith(f"Error: The disk holding {out} is full")
        filler.unlink()
        remount(disk, "size=64m")
        again = accord("run", str(path), *run, env=prefect_server.env, timeout=120)
        assert again.returncode == 0, again.stderr[-2000:]
        assert len(list((out / ".").glob("offers_big-*/documents/*"))) == 300
