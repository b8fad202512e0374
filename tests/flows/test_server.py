"""A real `prefect server start`: deployments served by `accord serve`, a sweep run through the
server, the batch's artifacts read back, and no personal data in the server's database.

This module starts a server of its own rather than the test run's one: it serves and deploys
Accord's deployments, whose names are fixed, and reads back every run, artifact and deployment the
server holds. test_approval.py serves the same deployments and publishes the same sample batch,
whose approval run is keyed by the batch id: on one server each module would find the other's.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest

from accord import batch
from accord.report import artifact
from tests.conftest import REPO, SAMPLES
from tests.harness import (
    PrefectServer,
    deployment,
    own_server,
    run_flow_process,
    serving,
    wait_for,
)
from tests.intake.books import OFFER_HEADERS, offer_row, write_xlsx
from tests.published import SAMPLE_BATCH_ID

# The first test also starts the server, serves and deploys (92-122 s measured, load 1-8).
pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.timeout(480)]

SAMPLE = SAMPLES / "offers_sample.xlsx"
KEY = artifact.artifact_key(SAMPLE_BATCH_ID)
# The other samples, a copy of the offers with two bad rows, and a file Accord cannot read.
OTHERS = ("separations_sample.xlsx", "agreements_sample.xlsx")
BAD_ROWS = "offers_bad_rows.xlsx"
BROKEN = "offers_broken.xlsx"


def _bad_rows(target: Path) -> dict[str, str]:
    """Write the offers sample with a misspelled state in row 3 and no date in row 5; return them.

    Its candidates get ids of their own: with the sample's ids they would be the sample's
    people, and the batch that came second would issue only what changed (issue 19).
    """
    wb = openpyxl.load_workbook(SAMPLE)
    ws = wb.active
    header = [c.value for c in ws[1]]
    ids = header.index("candidate_id") + 1
    for row in range(2, ws.max_row + 1):
        ws.cell(row, ids).value = f"X{ws.cell(row, ids).value}"
    state, start = header.index("work_state") + 1, header.index("start_date") + 1
    name = header.index("candidate_name") + 1
    ws.cell(3, state).value = "Calfornia"
    ws.cell(5, start).value = "next month"
    wb.save(target)
    return {"name": str(ws.cell(3, name).value), "state": "Calfornia", "start": "next month"}


def _drop_files(inbox: Path) -> dict[str, str]:
    """Drop the samples, the file with bad rows and the broken file, all settled a minute ago."""
    inbox.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SAMPLE, inbox / SAMPLE.name)
    for name in OTHERS:
        shutil.copyfile(SAMPLES / name, inbox / name)
    bad = _bad_rows(inbox / BAD_ROWS)
    bad["batch_id"] = batch.batch_id_of(inbox / BAD_ROWS)
    (inbox / BROKEN).write_bytes(b"this is not a workbook")
    past = time.time() - 60
    for path in inbox.iterdir():
        os.utime(path, (past, past))
    return bad


def _prefect_deploy(server: PrefectServer) -> subprocess.CompletedProcess[str]:
    """Create the process work pool and deploy prefect.yaml against the server, as HR-IT would."""
    env = server.env | {"ACCORD_HOME": str(REPO)}
    prefect = [sys.executable, "-m", "prefect", "--no-prompt"]
    run = dict(env=env, cwd=REPO, capture_output=True, text=True, timeout=180, check=False)
    subprocess.run([*prefect, "work-pool", "create", "accord", "--type", "process"], **run)  # type: ignore[call-overload]
    result: subprocess.CompletedProcess[str] = subprocess.run(
        [*prefect, "deploy", "--all"],
        **run,  # type: ignore[call-overload]
    )
    return result


# A template error whose text quotes a value: the name is used as a key ("the field 'Quuxington
# Failwright' is missing"). Prefect must get ids and codes only; the local log gets the rest.
BROKEN_NAME = "Quuxington Failwright"
RUN_BATCH = """
import sys
from datetime import date
from flows.process_batch import process_batch
process_batch(sys.argv[1], sys.argv[2], date(2026, 6, 1))
"""


def _run_with_a_broken_template(server: PrefectServer, root: Path) -> dict[str, Any]:
    """Run process_batch through the server with an offer letter whose tag fails on the name."""
    home = root / "home"
    shutil.copytree(REPO / "templates", home / "templates")
    (home / "jurisdictions").symlink_to(REPO / "jurisdictions")
    letter = home / "templates" / "offer_letter" / "offer_letter.docx"
    document = docx.Document(str(letter))
    document.add_paragraph("Band: {{ pay[candidate.name] }}")
    document.save(str(letter))
    path = write_xlsx(root / "offers_q.xlsx", [OFFER_HEADERS, offer_row("Q1", name=BROKEN_NAME)])
    out = root / "broken-out"
    env = server.env | {"ACCORD_HOME": str(home)}
    return {"result": run_flow_process(["-c", RUN_BATCH, str(path), str(out)], env), "out": out}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A server of its own, `accord serve` registered against it, and a sweep run through it."""
    root = tmp_path_factory.mktemp("served")
    inbox, out = root / "inputs", root / "outputs"
    with (
        own_server(root / "prefect-home") as server,
        serving(inbox, out, server.env, "--timezone", "Europe/Paris") as serve,
        server.client() as client,
    ):
        found: dict[str, Any] = {"server": server, "inbox": inbox, "out": out}
        sweep = deployment(client, "sweep_inbox/sweep-inbox")
        found["sweep"] = wait_for("the sweep deployment", sweep, 120, serve)
        found["bad"] = _drop_files(inbox)
        run = client.create_flow_run_from_deployment(found["sweep"].id)
        deadline = time.monotonic() + 400
        state = client.read_flow_run(run.id).state
        while not (state and state.is_final()) and time.monotonic() < deadline:
            time.sleep(1)
            state = client.read_flow_run(run.id).state
        found["state"] = state
        found["deployments"] = client.read_deployments()
        found["artifacts"] = {a.key: a for a in client.read_artifacts() if a.key}
        found["runs"] = {r.name: r for r in client.read_flow_runs()}
        found["broken"] = _run_with_a_broken_template(server, root)
        found["deploy"] = _prefect_deploy(server)
        found["deployed"] = {
            d.name: d for d in client.read_deployments() if d.work_pool_name == "accord"
        }
    yield found


def test_serve_registers_the_sweep_on_a_five_minute_cron_in_the_chosen_time_zone(served):
    (schedule,) = served["sweep"].schedules
    assert schedule.schedule.cron == "*/5 * * * *"
    assert schedule.schedule.timezone == "Europe/Paris"
    assert served["sweep"].parameters == {
        "inbox": str(served["inbox"].resolve()),
        "out_dir": str(served["out"].resolve()),
    }


def test_at_most_one_sweep_runs_at_a_time(served):
    assert served["sweep"].global_concurrency_limit.limit == 1


def test_follow_up_is_served_daily_when_the_flow_exists(served):
    names = {d.name for d in served["deployments"]}
    if not (REPO / "flows" / "follow_up.py").is_file():
        assert names == {"sweep-inbox"}
        pytest.skip("flows/follow_up.py is not in this checkout yet")
    (follow_up,) = [d for d in served["deployments"] if d.name == "follow-up"]
    assert follow_up.schedules[0].schedule.cron == "0 7 * * *"


def test_a_sweep_triggered_on_the_server_publishes_the_dropped_batch(served):
    assert served["state"].is_completed(), served["state"]
    assert (served["out"] / SAMPLE_BATCH_ID / "manifest.json").is_file()
    assert not list(served["inbox"].glob("*.xlsx"))


def test_the_batch_artifacts_are_a_summary_and_a_table_and_no_folder_link(served):
    artifacts = {k: a for k, a in served["artifacts"].items() if k.startswith(KEY)}
    assert {key: a.type for key, a in artifacts.items()} == {
        f"{KEY}-summary": "markdown",
        f"{KEY}-counts": "table",
    }
    manifest = json.loads((served["out"] / SAMPLE_BATCH_ID / "manifest.json").read_text())
    documents = sum(len(r["documents"]) for r in manifest["records"])
    counts = (
        f"Records: {len(manifest['records'])}; documents: {documents}; "
        f"rejected rows: {len(manifest['rejected'])}"
    )
    assert counts in artifacts[f"{KEY}-summary"].data
    assert '"item": "records"' in artifacts[f"{KEY}-counts"].data
    assert "file://" not in repr([a.data for a in served["artifacts"].values()])


def test_the_batch_counts_name_places_by_name(served):
    counts = json.loads(served["artifacts"][f"{KEY}-counts"].data)
    places = {row["detail"] for row in counts if row["item"] == "place"}
    assert "San Francisco, CA" in places
    assert not any(p.startswith("US-") for p in places)


def test_each_batch_run_is_named_after_its_batch_and_tagged_with_its_kind(served):
    runs = served["runs"]
    for name, kind in (
        (SAMPLE_BATCH_ID, "offers"),
        (served["bad"]["batch_id"], "offers"),
    ):
        assert name in runs, sorted(runs)
        assert {"batch", kind} <= set(runs[name].tags)
    separations = [r for n, r in runs.items() if n.startswith("separations_sample-")]
    assert [set(r.tags) >= {"batch", "separations"} for r in separations] == [True]
    assert runs[SAMPLE_BATCH_ID].state.name == "Completed"


def test_a_file_rejected_whole_ends_failed_with_its_reason(served):
    (run,) = [r for n, r in served["runs"].items() if n.startswith("offers_broken")]
    assert run.state.type.value == "FAILED"
    assert run.state.message.startswith(f"Rejected: {BROKEN} ")
    assert "rejected" in run.tags


def test_a_batch_with_rejected_rows_ends_completed_under_a_name_that_counts_them(served):
    run = served["runs"][served["bad"]["batch_id"]]
    assert run.state.type.value == "COMPLETED"
    assert run.state.name == "Completed with 2 rejected rows"
    assert "rejected-rows" in run.tags


def test_the_rejected_rows_table_gives_row_column_and_problem_without_the_values(served):
    key = artifact.artifact_key(served["bad"]["batch_id"])
    rows = json.loads(served["artifacts"][f"{key}-rejected-rows"].data)
    assert sorted({r["row"] for r in rows}) == [3, 5]
    assert set(rows[0]) == {"row", "column", "problem"}
    text = json.dumps(rows)
    for value in ("Calfornia", "next month", served["bad"]["name"]):
        assert value not in text


def test_the_sweep_is_named_after_its_time_and_publishes_what_it_did(served):
    sweeps = [r for n, r in served["runs"].items() if n.startswith("sweep ")]
    assert len(sweeps) == 1
    assert re.fullmatch(r"sweep \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", sweeps[0].name)
    assert "sweep" in sweeps[0].tags
    assert sweeps[0].state.name == "Completed with 1 file rejected"
    counts = {r["files"]: r["count"] for r in json.loads(served["artifacts"]["sweep-counts"].data)}
    assert counts == {
        "taken": 5,
        "published": 3,
        "published with rejected rows": 1,
        "already published": 0,
        "rejected": 1,
        "failed (moved to rejected/)": 0,
        "set aside as copies": 0,
        "not spreadsheets (moved to rejected/)": 0,
    }


def test_prefect_yaml_deploys_the_same_deployments_to_a_process_work_pool(served):
    assert served["deploy"].returncode == 0, served["deploy"].stdout[-3000:]
    deployed = served["deployed"]
    assert set(deployed) == {"sweep-inbox", "approve-batch", "follow-up"}
    (schedule,) = deployed["sweep-inbox"].schedules
    assert schedule.schedule.cron == "*/5 * * * *"
    assert deployed["sweep-inbox"].entrypoint == "flows/sweep_inbox.py:sweep_inbox"
    assert deployed["sweep-inbox"].global_concurrency_limit.limit == 1


def _database_text(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        parts = [
            repr(row)
            for table in tables
            for row in conn.execute(f'SELECT * FROM "{table}"')  # noqa: S608
        ]
    return "\n".join(parts)


def _sample_person() -> tuple[str, float]:
    sheet = openpyxl.load_workbook(SAMPLE, read_only=True).active
    rows = sheet.iter_rows(values_only=True)
    header = list(next(rows))
    first = dict(zip(header, next(rows), strict=True))
    return str(first["candidate_name"]), float(first["base_salary"])


def test_no_name_or_salary_reaches_the_server_database(served):
    text = _database_text(served["server"].db)
    assert SAMPLE_BATCH_ID in text  # the search does see what the runs stored
    name, salary = _sample_person()
    bad = served["bad"]
    needles = (name, f"{salary:.0f}", f"{salary:,.0f}", f"{salary:,.2f}", bad["name"])
    for needle in (*needles, bad["state"], bad["start"]):
        assert needle not in text, needle
    # The run whose template failed on a name is in the database, without the name.
    assert "offers_q-" in text
    assert "could not be rendered (a field it uses is missing)" in text
    for needle in BROKEN_NAME.split():
        assert needle not in text, needle


def test_a_template_error_keeps_its_full_text_in_a_log_only_the_user_can_read(served):
    result = served["broken"]["result"]
    assert result.returncode != 0
    (log,) = served["broken"]["out"].glob(".staging/offers_q-*/work/errors.log")
    assert (log.stat().st_mode & 0o777) == 0o600
    assert f"'dict object' has no attribute '{BROKEN_NAME}'" in log.read_text()
    assert (
        f"Row 2 (Q1): offer_letter.docx could not be rendered (a field it uses is missing). The "
        f"full error, which may quote the row's values, is in {log} (only this machine's user can "
        "read it). Correct the template in Word and run again."
    ) in result.stderr
