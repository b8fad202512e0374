"""The `accord report` command: what it writes and the line it prints."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import accord_here as accord
from tests.tracker.test_report import worked_master


def test_accord_report_writes_a_png_and_says_what_it_found(tmp_path: Path):
    out = worked_master(tmp_path)
    result = accord("report", "--out", str(out), "--as-of", "2026-07-20", "--format", "png")
    assert result.returncode == 0, result.stderr
    png = out / "report" / "2026-07-20.png"
    assert result.stdout == (
        "Report for 2026-07-20: 7 records; offers accepted 3, declined 1; median days sent to "
        f"signed 8.5; 1 open agreement(s) -> {out / 'report' / '2026-07-20.xlsx'}, {png}\n"
    )
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
