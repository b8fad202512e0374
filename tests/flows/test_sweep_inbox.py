"""The sweep_inbox flow in real processes against a real Prefect server, and `accord watch`."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from accord import batch
from tests.conftest import REPO, SAMPLES
from tests.harness import run_at_once, run_flow_process
from tests.published import SAMPLE_BATCH_ID as BATCH_ID

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

SAMPLE = SAMPLES / "offers_sample.xlsx"
SWEEP = """
import json, sys
from datetime import date
from flows.sweep_inbox import sweep_inbox
report = sweep_inbox(sys.argv[1], sys.argv[2], date(2026, 6, 1), 0.0, "thread")
print("REPORT " + json.dumps(report), flush=True)
"""


def _drop(inbox: Path, name: str = "offers_sample.xlsx") -> Path:
    inbox.mkdir(parents=True, exist_ok=True)
    target = inbox / name
    shutil.copyfile(SAMPLE, target)
    past = time.time() - 60
    os.utime(target, (past, past))
    return target


def _report(stdout: str) -> dict[str, object]:
    (line,) = [line for line in stdout.splitlines() if line.startswith("REPORT ")]
    report: dict[str, object] = json.loads(line.removeprefix("REPORT "))
    return report


def _batches(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.is_dir() and not p.name.startswith("."))


def _today() -> Path:
    return Path("processed") / date.today().isoformat()


def test_two_sweeps_at_once_publish_exactly_one_batch(tmp_path: Path, prefect_server):
    inbox, out = tmp_path / "inputs", tmp_path / "outputs"
    _drop(inbox)
    runs = run_at_once(["-c", SWEEP, str(inbox), str(out)], prefect_server.env)
    assert [r.returncode for r in runs] == [0, 0], [r.stderr[-2000:] for r in runs]
    outcomes = [_report(r.stdout)["files"] for r in runs]
    assert sorted(json.dumps(o) for o in outcomes) == sorted(
        [json.dumps({}), json.dumps({"offers_sample.xlsx": "published"})]
    )
    assert _batches(out) == [BATCH_ID]
    assert (inbox / _today() / "offers_sample.xlsx").read_bytes() == SAMPLE.read_bytes()
    assert not list(inbox.glob("*.xlsx"))
    assert not any((inbox / ".processing").iterdir())


@pytest.mark.parametrize("point", ["records staged", "batch published"])
def test_a_sweep_killed_mid_batch_leaves_the_file_claimed_and_the_next_sweep_finishes_it(
    tmp_path: Path, prefect_server, point: str
):
    """Killed while the batch is built, or after it is published but before the input is
    archived: the input is never lost, and the next sweep ends with one batch and the archive."""
    inbox, out = tmp_path / "inputs", tmp_path / "outputs"
    _drop(inbox)
    proc = subprocess.Popen(
        [sys.executable, "-c", SWEEP, str(inbox), str(out)],
        env=prefect_server.env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    if point == "records staged":
        ready = out / ".staging" / BATCH_ID / "work" / "records.jsonl"
    else:
        ready = out / BATCH_ID
    deadline = time.monotonic() + 240
    while proc.poll() is None and not ready.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    in_flight = [*inbox.glob("*.xlsx"), *(inbox / ".processing").glob("*.xlsx")]
    archived = list((inbox / "processed").rglob("*.xlsx"))
    assert len(in_flight) + len(archived) == 1
    if point == "batch published" and not archived:
        assert (inbox / ".processing" / "offers_sample.xlsx").is_file()
    result = run_flow_process(["-c", SWEEP, str(inbox), str(out)], prefect_server.env)
    assert result.returncode == 0, result.stderr[-3000:]
    assert _batches(out) == [BATCH_ID]
    assert (inbox / _today() / "offers_sample.xlsx").read_bytes() == SAMPLE.read_bytes()
    assert not any((inbox / ".processing").iterdir())


def test_a_copy_under_another_name_and_a_broken_file_are_set_aside_with_their_reasons(
    tmp_path: Path, prefect_server
):
    inbox, out = tmp_path / "inputs", tmp_path / "outputs"
    _drop(inbox, "offers_a.xlsx")
    _drop(inbox, "offers_b.xlsx")
    broken = inbox / "offers_broken.xlsx"
    broken.write_bytes(b"this is not a workbook")
    past = time.time() - 60
    os.utime(broken, (past, past))
    result = run_flow_process(["-c", SWEEP, str(inbox), str(out)], prefect_server.env)
    assert result.returncode == 0, result.stderr[-3000:]
    assert _report(result.stdout)["files"] == {
        "offers_a.xlsx": "published",
        "offers_b.xlsx": "duplicate",
        "offers_broken.xlsx": "rejected",
    }
    assert (inbox / _today() / "offers_a.xlsx").is_file()
    assert _batches(out) == [batch.batch_id_of(inbox / _today() / "offers_a.xlsx")]
    note = (inbox / "rejected" / "offers_b.xlsx.errors.txt").read_text()
    assert note.startswith("offers_b.xlsx has the same content as offers_a.xlsx, which was")
    errors = (inbox / "rejected" / "offers_broken.xlsx.errors.txt").read_text()
    assert errors.startswith("offers_broken.xlsx was not processed.\n")
    assert (inbox / "rejected" / "offers_broken.xlsx").read_bytes() == b"this is not a workbook"


def test_watch_processes_a_dropped_file_and_stops_cleanly_on_ctrl_c(tmp_path: Path, prefect_server):
    inbox, out = tmp_path / "inputs", tmp_path / "outputs"
    inbox.mkdir()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "accord",
            "watch",
            str(inbox),
            "--out",
            str(out),
            "--every",
            "3",
            "--settle",
            "1",
            "--runner",
            "thread",
        ],
        env=prefect_server.env,
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        time.sleep(3)
        shutil.copyfile(SAMPLE, inbox / "offers_sample.xlsx")
        archived = inbox / _today() / "offers_sample.xlsx"
        deadline = time.monotonic() + 180
        while not archived.exists() and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.5)
        assert archived.is_file()
        assert _batches(out) == [BATCH_ID]
    finally:
        proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 0, stderr[-3000:]
    assert f"Stopped watching {inbox}/." in stderr
    # The sweep's line, and none of Prefect's INFO lines (-v would show them).
    assert f"offers_sample.xlsx: published (batch {BATCH_ID})." in stdout.splitlines()
    assert "| INFO    |" not in stderr


def _watch(inbox: Path, out: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    options = ["--out", str(out), "--every", "3", "--settle", "1"]
    return subprocess.Popen(
        [sys.executable, "-m", "accord", "watch", str(inbox), *options],
        env=env,
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def _stop(proc: subprocess.Popen[str], how: signal.Signals) -> str:
    proc.send_signal(how)
    try:
        _, stderr = proc.communicate(timeout=180)
    finally:
        if proc.poll() is None:
            proc.kill()
    return stderr


def test_sigterm_to_watch_finishes_the_file_in_hand_exits_0_and_a_restart_takes_the_rest(
    tmp_path: Path, prefect_server
):
    from tests.intake.books import OFFER_HEADERS, offer_row, write_xlsx

    inbox, out, ready = tmp_path / "inputs", tmp_path / "outputs", tmp_path / "ready"
    inbox.mkdir()
    ready.mkdir()
    rows = [offer_row(f"E{n:04d}", name=f"Person {n}") for n in range(300)]
    write_xlsx(ready / "offers_a.xlsx", [OFFER_HEADERS, *rows])
    shutil.copyfile(SAMPLE, ready / "offers_sample.xlsx")
    proc = _watch(inbox, out, prefect_server.env)
    time.sleep(3)
    for name in ("offers_a.xlsx", "offers_sample.xlsx"):  # both complete, taken in one sweep
        past = time.time() - 60
        os.utime(ready / name, (past, past))
        (ready / name).rename(inbox / name)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and proc.poll() is None:
        if list(out.glob(".staging/offers_a-*/documents/*")):
            break
        time.sleep(0.1)
    stderr = _stop(proc, signal.SIGTERM)
    assert proc.returncode == 0, stderr[-3000:]
    assert "TerminationSignal" not in stderr
    assert "Stopping once the file being processed is done" in stderr
    assert [p.name for p in out.glob("offers_a-*")] != []
    assert (inbox / _today() / "offers_a.xlsx").is_file()
    assert [p.name for p in (inbox / ".processing").iterdir()] == ["offers_sample.xlsx"]

    again = _watch(inbox, out, prefect_server.env)
    archived = inbox / _today() / "offers_sample.xlsx"
    deadline = time.monotonic() + 180
    while not archived.exists() and time.monotonic() < deadline and again.poll() is None:
        time.sleep(0.5)
    stderr = _stop(again, signal.SIGINT)
    assert again.returncode == 0, stderr[-3000:]
    assert archived.is_file()
    assert BATCH_ID in _batches(out)
    assert not any((inbox / ".processing").iterdir())


def test_a_sweep_on_a_full_disk_keeps_the_file_claimed_and_a_later_sweep_publishes_it(
    tmp_path: Path, prefect_server
):
    from tests.disk import fill, small_disk

    inbox = tmp_path / "inputs"
    _drop(inbox)
    with small_disk(tmp_path / "disk", "2m") as disk:
        out = disk / "outputs"
        out.mkdir()
        (out / ".locks").mkdir()
        (out / ".staging").mkdir()
        filler = fill(disk)
        full = run_flow_process(["-c", SWEEP, str(inbox), str(out)], prefect_server.env)
        assert full.returncode == 0, full.stderr[-3000:]
        assert _report(full.stdout)["files"] == {"offers_sample.xlsx": "waiting for disk space"}
        assert [p.name for p in (inbox / ".processing").iterdir()] == ["offers_sample.xlsx"]
        assert not (inbox / "rejected").exists()
        filler.unlink()
        later = run_flow_process(["-c", SWEEP, str(inbox), str(out)], prefect_server.env)
        assert _report(later.stdout)["files"] == {"offers_sample.xlsx": "published"}
        assert (inbox / _today() / "offers_sample.xlsx").is_file()


RUN_THEN_SWEEP = """
import json, sys
from datetime import date
from flows.process_batch import process_batch
from flows.sweep_inbox import sweep_inbox
process_batch(sys.argv[3], sys.argv[2], date(2026, 6, 1))
report = sweep_inbox(sys.argv[1], sys.argv[2], date(2026, 6, 1), 0.0, "thread")
print("REPORT " + json.dumps(report), flush=True)
"""


def test_the_drop_folder_tells_rows_rejected_unreadable_files_and_copies_of_run_files(
    tmp_path: Path, prefect_server
):
    """A file with rejected rows is archived with its rejects beside it and "(1 row rejected)"
    on its line; a .docx is set aside with what Accord reads; a copy of a file `accord run`
    published is that batch, set aside, never published again."""
    from openpyxl import Workbook

    inbox, out = tmp_path / "inputs", tmp_path / "outputs"
    _drop(inbox, "offers_copy.xlsx")
    book = Workbook()
    book.active.append(["Candidate ID", "Name", "Title", "State", "Salary", "Start Date"])
    book.active.append(["C-1", "Pat Doe", "Analyst", "TX", 90000, "2026-07-06"])
    book.active.append(["C-2", "Sam Roe", "Analyst", "Calfornia", 90000, "2026-07-06"])
    book.save(inbox / "offers_june.xlsx")
    late = Workbook()
    late.active.append(["Candidate ID", "Name", "Title", "State", "Salary", "Start", "Respnd By"])
    late.active.append(["L-1", "Lee Poe", "Analyst", "TX", 90000, "2026-07-06", "2026-06-09"])
    late.save(inbox / "offers_late.xlsx")
    (inbox / "offer letter.docx").write_bytes(b"PK not really")
    for name in ("offers_june.xlsx", "offers_late.xlsx", "offer letter.docx"):
        past = time.time() - 60
        os.utime(inbox / name, (past, past))
    args = ["-c", RUN_THEN_SWEEP, str(inbox), str(out), str(SAMPLE)]
    result = run_flow_process(args, prefect_server.env)
    assert result.returncode == 0, result.stderr[-3000:]
    report = _report(result.stdout)
    assert report["files"] == {
        "offer letter.docx": "unreadable",
        "offers_copy.xlsx": "duplicate",
        "offers_june.xlsx": "published_with_rejects",
        "offers_late.xlsx": "published",
    }
    june = next(b for b in _batches(out) if b.startswith("offers_june-"))
    late_id = next(b for b in _batches(out) if b.startswith("offers_late-"))
    assert report["lines"] == [
        "offer letter.docx: not a spreadsheet; moved to rejected/.",
        "offers_copy.xlsx: same content as a file already processed; set aside.",
        f"offers_june.xlsx: published (batch {june}) (1 row rejected).",
        f"offers_late.xlsx: published (batch {late_id}).",
        "  column to check: Sheet: column 'Respnd By' is not recognised. Did you mean "
        "'respond_by'? Without it no row has a respond_by, and the documents use what Accord "
        "does without one. Rename the column to 'respond_by', or list 'Respnd By' under "
        "ignore_columns in accord.yaml. (file moved to rejected/)",
    ]
    assert _batches(out) == sorted([BATCH_ID, june, late_id])
    assert (inbox / "rejected" / "offers_late.xlsx").is_file()
    late_note = (inbox / "rejected" / "offers_late.xlsx.errors.txt").read_text()
    assert late_note.startswith(f"offers_late.xlsx was processed into the batch {late_id}, but")
    assert (inbox / _today() / "offers_june.rejects.xlsx").is_file()
    note = (inbox / "rejected" / "offer letter.docx.errors.txt").read_text()
    assert note.startswith("offer letter.docx was not processed: Accord reads spreadsheets")
    copy = (inbox / "rejected" / "offers_copy.xlsx.errors.txt").read_text()
    assert copy.startswith("offers_copy.xlsx has the same content as offers_sample.xlsx, which")
    assert f"into the batch {BATCH_ID}." in copy
