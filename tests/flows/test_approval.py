"""A real `prefect server`: a served deployment publishes a batch, its approval run waits suspended,
the test answers the form through the Prefect client, and the release folder then holds exactly the
approved records' documents.

This module starts a server of its own rather than the test run's one: the approval run of a batch
is keyed by its id (``approve-<batch id>``) and found by its tag, and test_server.py publishes the
same sample batch through the same deployments; on one server each would find the other's run.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import time
from collections.abc import Iterator
from typing import Any

import pytest

from accord import audit, batch
from accord.signature_fields import signature_fields
from tests.conftest import REPO, SAMPLES, accord
from tests.harness import deployment, own_server, serving, wait_for
from tests.published import SAMPLE_BATCH_ID as BATCH

# The first test also starts the server, serves and waits for both approvals (85-207 s measured,
# load 1-8).
pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.timeout(480)]

SAMPLE = SAMPLES / "offers_sample.xlsx"
# Answered from the CLI, which answers its waiting run too.
SEPARATIONS = SAMPLES / "separations_sample.xlsx"
HELD = "C-1002"
NOTE = "Ask Maya Okafor's manager about the start date"


@pytest.fixture(scope="module")
def answered(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """Serve the deployments, sweep the sample in, wait for its approval run, answer it."""
    from flows.approval import waiting_runs
    from prefect.flow_runs import resume_flow_run

    root = tmp_path_factory.mktemp("approval")
    inbox, out = root / "inputs", root / "outputs"
    inbox.mkdir()
    # Accord's data with release.pdf on: the served release writes PDF/A copies too.
    home = root / "accord-home"
    for name in ("templates", "jurisdictions"):
        shutil.copytree(REPO / name, home / name)
    company = home / "templates" / "company.yaml"
    company.write_text(company.read_text().replace("  pdf: false", "  pdf: true"))
    with (
        own_server(root / "prefect-home") as server,
        serving(inbox, out, server.env | {"ACCORD_HOME": str(home)}) as serve,
        server.client() as client,
    ):
        found: dict[str, Any] = {"server": server, "out": out}
        sweep = wait_for(
            "the sweep deployment", deployment(client, "sweep_inbox/sweep-inbox"), 120, serve
        )
        past = time.time() - 60
        for sample in (SAMPLE, SEPARATIONS):
            shutil.copyfile(sample, inbox / sample.name)
            os.utime(inbox / sample.name, (past, past))
        other = batch.batch_id_of(SEPARATIONS)
        client.create_flow_run_from_deployment(sweep.id)
        (run_id,) = wait_for("the suspended approval run", lambda: waiting_runs(BATCH), 400, serve)
        (cli_run,) = wait_for("the second approval run", lambda: waiting_runs(other), 300, serve)
        waiting = client.read_flow_run(run_id)
        found["waiting"] = waiting
        found["awaiting_files"] = sorted(p.name for p in (out / BATCH).iterdir())
        resume_flow_run(
            run_id,
            run_input={"decision": "approve except", "hold": [HELD], "reviewer": "R. Counsel"},
        )

        def finished() -> Any:
            state = client.read_flow_run(run_id).state
            return state if state and state.is_final() else None

        found["state"] = wait_for("the approval run to finish", finished, 300, serve)
        found["cli"] = accord(
            "approve",
            other,
            "--by",
            "R. Counsel",
            "--note",
            NOTE,
            "--out",
            str(out),
            env={"PREFECT_API_URL": server.url, "PREFECT_HOME": str(server.home)},
        )
        run_id = cli_run
        found["cli_state"] = wait_for("the CLI-answered run to finish", finished, 300, serve)
        found["other"] = other
    yield found


def test_the_batch_waits_suspended_for_counsel_with_nothing_released(answered):
    waiting = answered["waiting"]
    assert waiting.state.type.value == "PAUSED"
    assert waiting.state.name == "Suspended"
    assert waiting.name == f"approve {BATCH}"
    assert "release" not in answered["awaiting_files"]
    # Suspended, not paused: the run holds no process while it waits.
    assert waiting.state.state_details.pause_reschedule is True


def test_the_answered_run_releases_exactly_the_approved_records(answered):
    assert answered["state"].is_completed(), answered["state"]
    out = answered["out"]
    manifest = json.loads((out / BATCH / "manifest.json").read_text())
    ids = {r["record_id"] for r in manifest["records"]}
    folder = out / BATCH / "release"
    assert {p.name for p in folder.iterdir()} == (ids - {HELD}) | {"bulk-send"}
    files = {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}
    lists = {f"bulk-send/{provider}.csv" for provider in ("adobe", "docusign", "dropbox")}
    documents = {f"{rid}/offer_letter.{ext}" for rid in ids - {HELD} for ext in ("docx", "pdf")}
    assert files == documents | lists
    for rid in ids - {HELD}:
        pdf = folder / rid / "offer_letter.pdf"
        assert signature_fields(pdf) == ["Signature 1", "Signature 2"], rid
    dropbox = (folder / "bulk-send" / "dropbox.csv").read_text().splitlines()
    assert len(dropbox) == 1 + len(ids - {HELD})
    assert dropbox[1].split(",")[2] == "C-1001/offer_letter.pdf"
    decision = json.loads((out / BATCH / "approval.json").read_text())
    assert (decision["decision"], decision["by"], decision["via"]) == (
        "approve except",
        "R. Counsel",
        "prefect",
    )


def test_the_audit_chain_verifies_and_holds_each_step(answered):
    out = answered["out"]
    assert audit.verify(out).lines > 0
    steps = [e["event"] for e in audit.history(out, HELD)]
    assert steps == ["published", "held"]
    assert [e["event"] for e in audit.history(out, "C-1001")] == [
        "published",
        "approved",
        "released",
    ]


def test_the_approval_form_has_no_free_text_note(answered):
    db = answered["server"].db
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT key, value FROM flow_run_input").fetchall()
    schema = next(json.loads(v) for k, v in rows if k.endswith("-schema"))
    assert set(schema["properties"]) == {"decision", "hold", "reviewer"}


def test_the_cli_answers_the_waiting_run_so_both_paths_record_one_decision(answered):
    result = answered["cli"]
    assert result.returncode == 0, result.stderr
    assert "Answered the waiting approval run in Prefect" in result.stdout
    assert answered["cli_state"].is_completed(), answered["cli_state"]
    out, other = answered["out"], answered["other"]
    decisions = [e for e in audit.read(out) if e.get("batch") == other and "record" not in e]
    assert [(e["event"], e["via"]) for e in decisions] == [("approved", "cli")]


def test_the_reviewers_note_is_in_the_audit_trail_and_not_in_prefects_database(answered):
    assert NOTE in (answered["out"] / "audit.jsonl").read_text()
    db = answered["server"].db
    blob = b"".join(p.read_bytes() for p in db.parent.glob(db.name + "*"))
    assert NOTE.encode() not in blob
    assert b"Okafor" not in blob
