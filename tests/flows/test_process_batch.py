"""The real process_batch flow, end to end on the offers sample, through `accord run`."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import docx
import openpyxl
import pypdf
import pytest

from accord.documents import follow_up
from tests.conftest import REPO, SAMPLES
from tests.harness import run_at_once, run_flow_process
from tests.published import SAMPLE_BATCH_ID as BATCH_ID

pytestmark = pytest.mark.e2e


def _sample_offers() -> list[dict[str, object]]:
    ws = openpyxl.load_workbook(SAMPLES / "offers_sample.xlsx", read_only=True).active
    rows = ws.iter_rows(values_only=True)
    header = [str(h) for h in next(rows)]
    return [dict(zip(header, row, strict=True)) for row in rows]


def _batch(out: Path) -> Path:
    (folder,) = [p for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")]
    return folder


def _text(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def test_run_exits_zero_when_every_row_produces_documents(sample_run):
    result, _ = sample_run
    assert result.returncode == 0, result.stderr


def test_each_offer_letter_names_the_person_title_salary_and_start_date(sample_run):
    _, out = sample_run
    batch = _batch(out)
    offers = _sample_offers()
    assert len(offers) == 12
    for offer in offers:
        text = _text(batch / "documents" / str(offer["candidate_id"]) / "offer_letter.docx")
        assert str(offer["candidate_name"]) in text
        assert str(offer["job_title"]) in text
        salary = offer["base_salary"]
        assert isinstance(salary, int | float)
        assert f"${salary:,.2f}" in text
        start = offer["start_date"]
        assert f"{start:%B} {start.day}, {start.year}" in text


def test_manifest_lists_every_record_with_document_hashes(sample_run):
    _, out = sample_run
    batch = _batch(out)
    manifest = json.loads((batch / "manifest.json").read_text())
    assert manifest["batch_id"] == batch.name
    assert manifest["as_of"] == "2026-06-01"
    assert len(manifest["input"]["sha256"]) == 64
    ids = [r["record_id"] for r in manifest["records"]]
    assert ids == [str(o["candidate_id"]) for o in _sample_offers()]
    first = manifest["records"][0]
    assert first["row"] == 2
    assert first["documents"][0]["type"] == "offer_letter"
    assert (batch / first["documents"][0]["path"]).is_file()


def test_tracker_has_one_row_per_record(sample_run):
    _, out = sample_run
    ws = openpyxl.load_workbook(_batch(out) / "tracker.xlsx").active
    ids = [row[0] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert ids == [str(o["candidate_id"]) for o in _sample_offers()]


def test_staging_folder_is_empty_after_publishing(sample_run):
    _, out = sample_run
    assert not any((out / ".staging").iterdir())


# Real processes against a real Prefect server: kill -9, concurrent runs, a Dask cluster.

SAMPLE = SAMPLES / "offers_sample.xlsx"


def _run_args(out: Path, *extra: str) -> list[str]:
    return ["-m", "accord", "run", str(SAMPLE), "--out", str(out), "--as-of", "2026-06-01", *extra]


def _kill_when(args: list[str], env: dict[str, str], ready: Callable[[], bool]) -> None:
    """Start ``python args`` in its own session and kill -9 the whole session once ready()."""
    proc = subprocess.Popen(
        [sys.executable, *args],
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 240
    while proc.poll() is None and not ready() and time.monotonic() < deadline:
        time.sleep(0.01)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def _assert_whole_or_none(out: Path) -> None:
    final = out / BATCH_ID
    if not final.exists():
        return
    manifest = json.loads((final / "manifest.json").read_text())
    assert len(manifest["records"]) == 12
    for record in manifest["records"]:
        for doc in record["documents"]:
            data = (final / doc["path"]).read_bytes()
            assert hashlib.sha256(data).hexdigest() == doc["sha256"]


KILL_POINTS = ["work/records.jsonl", "work/chunk-00000.jsonl", "manifest.json"]


@pytest.mark.slow
def test_kill_9_leaves_the_whole_batch_or_none_and_the_next_run_finishes_it(
    tmp_path: Path, prefect_server, sample_run
):
    """Killed once records are staged, again once a chunk is rendered, again once the manifest
    is written: each time the batch is whole or absent, and each run carries on from the last."""
    out = tmp_path / "out"
    env = prefect_server.env | {"ACCORD_CHUNK_SIZE": "4"}
    staging = out / ".staging" / BATCH_ID
    for point in KILL_POINTS:
        _kill_when(_run_args(out, "--runner", "thread"), env, (staging / point).exists)
        _assert_whole_or_none(out)
    resumable = (staging / "work" / "input.json").exists()
    rerun = run_flow_process(_run_args(out, "-v"), env)  # -v: Prefect's INFO lines too
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    if resumable:
        assert "its records were staged already" in rerun.stderr
    _, reference = sample_run
    assert (out / BATCH_ID / "manifest.json").read_bytes() == (
        reference / BATCH_ID / "manifest.json"
    ).read_bytes()
    assert not any((out / ".staging").iterdir())


@pytest.mark.slow
def test_each_chunk_is_a_completed_prefect_task_run_of_the_flow_run(tmp_path: Path, prefect_server):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId
    from prefect.settings import PREFECT_API_URL, temporary_settings

    out = tmp_path / "out"
    env = prefect_server.env | {"ACCORD_CHUNK_SIZE": "5"}
    result = run_flow_process(_run_args(out), env)
    assert result.returncode == 0, result.stderr[-3000:]
    with (
        temporary_settings(updates={PREFECT_API_URL: prefect_server.url}),
        get_client(sync_client=True) as client,
    ):
        (run,) = [r for r in client.read_flow_runs() if r.parameters.get("out_dir") == str(out)]
        tasks = client.read_task_runs(
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[run.id]))
        )
    chunks = [t for t in tasks if t.task_key.startswith("render_chunk")]
    assert sorted(t.state_name for t in chunks) == ["Completed"] * 3  # 12 records, 5 per chunk


def test_accord_run_reads_its_first_file_and_renders_every_file_in_the_same_two_workers(
    tmp_path: Path, prefect_server
):
    out, timings = tmp_path / "out", tmp_path / "timings.jsonl"
    files = [str(SAMPLE), str(SAMPLES / "separations_sample.xlsx")]
    args = ["-m", "accord", "run", *files, "--out", str(out), "--as-of", "2026-06-01"]
    env = prefect_server.env | {"ACCORD_CHUNK_SIZE": "2", "ACCORD_TIMINGS": str(timings)}
    result = run_flow_process(args, env)
    assert result.returncode == 0, result.stderr[-3000:]
    logged = sorted((json.loads(line) for line in timings.read_text().splitlines()), key=_end)
    flow = {s["pid"] for s in logged if s["step"] == "manifest"}
    workers = {s["pid"] for s in logged if s["step"] == "render_chunk"}
    reads = [s["pid"] in workers for s in logged if s["step"] == "read"]
    # The first file is read by a worker; the flow then finds it staged, and reads the second.
    assert (len(workers), reads) == (2, [True, False, False])
    assert not flow & workers
    assert len(list(out.glob("*/manifest.json"))) == 2


def _end(step: dict[str, float]) -> float:
    return step["end"]


@pytest.mark.slow
@pytest.mark.parametrize("runner", ["thread", "process"])
def test_two_runs_of_the_same_file_at_once_publish_exactly_one_batch(
    tmp_path: Path, prefect_server, runner: str
):
    out = tmp_path / "out"
    runs = run_at_once(_run_args(out, "--runner", runner), prefect_server.env)
    assert [r.returncode for r in runs] == [0, 0], [(r.stdout, r.stderr) for r in runs]
    said = sorted("already processed" in r.stdout + r.stderr for r in runs)
    assert said == [False, True]
    assert [p.name for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")] == [
        BATCH_ID
    ]
    assert not any((out / ".staging").iterdir())


CLUSTER = """
from distributed import LocalCluster
cluster = LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None)
print(cluster.scheduler_address, flush=True)
input()
"""


@pytest.mark.slow
def test_chunks_rendered_on_a_dask_cluster_give_the_same_files_as_a_local_run(
    tmp_path: Path, prefect_server, sample_run
):
    cluster = subprocess.Popen(
        [sys.executable, "-c", CLUSTER],
        env=prefect_server.env,
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert cluster.stdout is not None
        address = cluster.stdout.readline().strip()
        assert address.startswith("tcp://")
        out = tmp_path / "out"
        env = prefect_server.env | {"ACCORD_CHUNK_SIZE": "5"}
        result = run_flow_process(
            _run_args(out, "--runner", "dask", "--dask-address", address), env
        )
        assert result.returncode == 0, result.stderr[-3000:]
    finally:
        cluster.kill()
        cluster.wait()
    _, reference = sample_run
    local = reference / BATCH_ID
    remote = out / BATCH_ID

    def published(folder: Path) -> list[Path]:
        # follow_up/ holds one file per chunk, and the two runs cut the batch differently.
        found = (p.relative_to(folder) for p in folder.rglob("*") if p.is_file())
        return sorted(p for p in found if p.parts[0] != follow_up.FOLDER)

    files = published(local)
    assert files == published(remote)
    assert follow_up.read_due(remote) == follow_up.read_due(local)
    for name in files:
        if name.suffix == ".xlsx":
            continue  # workbooks carry their creation time; their rows are compared by tracker tests
        assert (remote / name).read_bytes() == (local / name).read_bytes(), name


@pytest.mark.skipif(
    not (shutil.which("soffice") or shutil.which("libreoffice")),
    reason="LibreOffice (soffice) is not installed; `make test` installs it",
)
def test_run_with_pdf_puts_a_pdf_naming_the_person_beside_every_document(
    tmp_path: Path, prefect_server
):
    out = tmp_path / "out"
    # Three chunks, each converting its own documents while the next renders.
    env = prefect_server.env | {"ACCORD_CHUNK_SIZE": "5"}
    result = run_flow_process(_run_args(out, "--pdf"), env, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    batch = _batch(out)
    documents = sorted((batch / "documents").rglob("*.docx"))
    assert len(documents) == 24  # offer letter and negotiation summary per row
    assert sorted((batch / "documents").rglob("*.pdf")) == [
        d.with_suffix(".pdf") for d in documents
    ]
    offer = _sample_offers()[0]
    letter = batch / "documents" / str(offer["candidate_id"]) / "offer_letter.pdf"
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(letter).pages)
    assert str(offer["candidate_name"]) in " ".join(text.split())
