"""A real `prefect server start`: deployments served by `accord serve`, a sweep run through the
server, the batch's artifacts read back, and no personal data in the server's database."""

from __future__ import annotations

import json
import os
import shutil
import signal
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

from tests.conftest import REPO, SAMPLES
from tests.flows.conftest import PrefectServer, run_flow_process
from tests.intake.books import OFFER_HEADERS, offer_row, write_xlsx

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

SAMPLE = SAMPLES / "offers_sample.xlsx"
KEY = "batch-offers-sample-f3b153bdadb0"


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
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    root = tmp_path_factory.mktemp("served")
    server = PrefectServer(root / "prefect-home")
    server.start()
    inbox, out = root / "inputs", root / "outputs"
    serve = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "accord",
            "serve",
            "--inbox",
            str(inbox),
            "--out",
            str(out),
            "--timezone",
            "Europe/Paris",
        ],
        env=server.env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    found: dict[str, Any] = {"server": server, "inbox": inbox, "out": out}
    try:
        with (
            temporary_settings(updates={PREFECT_API_URL: server.url}),
            get_client(sync_client=True) as client,
        ):
            deadline = time.monotonic() + 120
            while True:
                try:
                    found["sweep"] = client.read_deployment_by_name("sweep_inbox/sweep-inbox")
                    break
                except Exception:
                    if time.monotonic() > deadline or serve.poll() is not None:
                        raise
                    time.sleep(1)
            shutil.copyfile(SAMPLE, inbox / SAMPLE.name)
            past = time.time() - 60
            os.utime(inbox / SAMPLE.name, (past, past))
            run = client.create_flow_run_from_deployment(found["sweep"].id)
            deadline = time.monotonic() + 240
            state = client.read_flow_run(run.id).state
            while not (state and state.is_final()) and time.monotonic() < deadline:
                time.sleep(1)
                state = client.read_flow_run(run.id).state
            found["state"] = state
            found["deployments"] = client.read_deployments()
            found["artifacts"] = {
                a.key: a for a in client.read_artifacts() if a.key and a.key.startswith(KEY)
            }
            found["broken"] = _run_with_a_broken_template(server, root)
            found["deploy"] = _prefect_deploy(server)
            found["deployed"] = {
                d.name: d for d in client.read_deployments() if d.work_pool_name == "accord"
            }
    finally:
        os.killpg(serve.pid, signal.SIGINT)
        try:
            serve.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(serve.pid, signal.SIGKILL)
            serve.wait()
        server.stop()
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
    assert (served["out"] / "offers_sample-f3b153bdadb0" / "manifest.json").is_file()
    assert not list(served["inbox"].glob("*.xlsx"))


def test_the_batch_artifacts_are_a_summary_a_table_and_a_folder_link(served):
    artifacts = served["artifacts"]
    assert {key: a.type for key, a in artifacts.items()} == {
        f"{KEY}-summary": "markdown",
        f"{KEY}-counts": "table",
        f"{KEY}-folder": "markdown",
    }
    manifest = json.loads(
        (served["out"] / "offers_sample-f3b153bdadb0" / "manifest.json").read_text()
    )
    documents = sum(len(r["documents"]) for r in manifest["records"])
    counts = (
        f"Records: {len(manifest['records'])}; documents: {documents}; "
        f"rejected rows: {len(manifest['rejected'])}"
    )
    assert counts in artifacts[f"{KEY}-summary"].data
    assert '"item": "records"' in artifacts[f"{KEY}-counts"].data
    folder = (served["out"] / "offers_sample-f3b153bdadb0").resolve().as_uri()
    assert folder in artifacts[f"{KEY}-folder"].data


def test_prefect_yaml_deploys_the_same_deployments_to_a_process_work_pool(served):
    assert served["deploy"].returncode == 0, served["deploy"].stdout[-3000:]
    deployed = served["deployed"]
    assert set(deployed) == {"sweep-inbox", "follow-up"}
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
    assert "offers_sample-f3b153bdadb0" in text  # the search does see what the runs stored
    name, salary = _sample_person()
    for needle in (name, f"{salary:.0f}", f"{salary:,.0f}", f"{salary:,.2f}"):
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
