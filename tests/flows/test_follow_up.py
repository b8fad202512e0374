"""The follow-up side of a real run: summary, master tracker, then `accord follow-up` end to end."""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
import pytest
from flows.follow_up import _markdown

from tests.conftest import AS_OF, SAMPLES, accord

pytestmark = pytest.mark.e2e


def _batch(out: Path) -> Path:
    (folder,) = [p for p in out.iterdir() if p.is_dir() and not p.name.startswith((".", "follow"))]
    return folder


def test_a_run_then_follow_up_gives_summary_master_tracker_and_digest(
    sample_run, tmp_path: Path, prefect_server
):
    first_result, first = sample_run
    assert first_result.returncode == 0, first_result.stderr
    out = tmp_path / "outputs"
    args = ("run", str(SAMPLES / "offers_sample.xlsx"), "--out", str(out), "--as-of", AS_OF)
    rerun = accord(*args, env=prefect_server.env)
    assert rerun.returncode == 0, rerun.stderr
    for name in ("tracker.xlsx", "summary.docx"):
        assert (_batch(out) / name).read_bytes() == (_batch(first) / name).read_bytes(), name
    assert (out / "tracker.xlsx").read_bytes() == (first / "tracker.xlsx").read_bytes()

    tables = docx.Document(str(_batch(out) / "summary.docx")).tables
    assert [c.text for c in tables[0].rows[1].cells] == ["offers", "12", "12", "0"]
    master = openpyxl.load_workbook(out / "tracker.xlsx")["Offers"]
    assert master.max_row == 13

    result = accord("follow-up", "--out", str(out), "--as-of", "2026-06-03", env=prefect_server.env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Follow-ups for 2026-06-03: 0 overdue, 2 due soon, 1 owner(s)")
    digest = out / "follow-ups" / "2026-06-03.docx"
    assert digest.is_file() and digest.with_suffix(".xlsx").is_file()


def test_the_artifact_holds_counts_and_no_names():
    counts = {
        "as_of": "2026-06-01",
        "overdue": 3,
        "due_soon": 6,
        "owners": 2,
        "records": 8,
        "by_what": {"Final pay due": 1},
        "docx": "outputs/follow-ups/2026-06-01.docx",
    }
    assert _markdown(counts) == (
        "# Follow-ups as of 2026-06-01\n\n| | count |\n|---|---:|\n| overdue | 3 |\n"
        "| due soon | 6 |\n| owners | 2 |\n| records | 8 |\n| Final pay due | 1 |\n"
    )
