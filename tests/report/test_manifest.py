"""The batch's last steps in the flow process: what they import, and when."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import REPO, packages_first_imported

PREPARED = """
from datetime import date
from pathlib import Path
from accord import steps
from accord.report.manifest import prepare_writers
out, sample = Path(sys.argv[1]), Path(sys.argv[2])
staged = steps.stage_input(sample, out)
staging = Path(staged.staging_dir)
for index, (start, end) in enumerate(staged.chunks):
    steps.render_chunk(staging, index, start, end, date(2026, 6, 1))
prepare_writers()
"""
LAST_STEPS = """
steps.write_manifest(staging, date(2026, 6, 1))
steps.write_summary(staging)
"""


def test_after_prepare_writers_the_manifest_and_summary_import_no_library(tmp_path: Path):
    """`accord run` prepares them while Prefect's server starts: after the chunks, the flow
    process writes the manifest, review copies and summary without first importing python-docx,
    openpyxl or matplotlib (0.7 s on the 2-core machine)."""
    sample = REPO / "inputs" / "samples" / "offers_sample.xlsx"
    args = (str(tmp_path / "out"), str(sample))
    assert packages_first_imported(PREPARED, LAST_STEPS, *args) == []
