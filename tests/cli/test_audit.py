"""`accord audit verify` and `accord audit show` on a real trail."""

from __future__ import annotations

from pathlib import Path

from accord import audit
from tests.conftest import accord_here as accord


def _trail(out: Path) -> None:
    audit.append(
        out,
        [
            audit.event(
                "published", batch="b-1", record="C-1", documents={"d/C-1/a.docx": "ab" * 32}
            ),
            audit.event("approved", batch="b-1", record="C-1", by="R. Counsel"),
            audit.event("released", batch="b-1", record="C-1"),
        ],
    )


def test_verify_exits_0_on_a_whole_chain(tmp_path: Path):
    _trail(tmp_path)
    result = accord("audit", "verify", "--out", str(tmp_path))
    assert result.returncode == 0
    assert result.stdout.startswith(f"{tmp_path / 'audit.jsonl'}: 3 events, chain whole (head ")


def test_verify_exits_1_naming_the_line_where_a_tampered_trail_breaks(tmp_path: Path):
    _trail(tmp_path)
    path = tmp_path / "audit.jsonl"
    path.write_text(path.read_text().replace('"by":"R. Counsel"', '"by":"Somebody else"'))
    result = accord("audit", "verify", "--out", str(tmp_path))
    assert result.returncode == 1
    assert result.stderr == (
        f"Error: {path} is broken at line 3: its 'prev' is not the sha256 of the line before it. "
        "Restore the file from a backup; every line after the break can no longer be trusted.\n"
    )


def test_show_prints_a_records_history_in_order(tmp_path: Path):
    _trail(tmp_path)
    result = accord("audit", "show", "C-1", "--out", str(tmp_path))
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert [line.split("  ")[1] for line in lines] == ["published", "approved", "released"]
    assert "by R. Counsel" in lines[1]
    assert "d/C-1/a.docx sha256 abababababab" in lines[0]


def test_show_of_an_unknown_record_exits_1(tmp_path: Path):
    _trail(tmp_path)
    result = accord("audit", "show", "C-404", "--out", str(tmp_path))
    assert result.returncode == 1
    assert result.stderr == f"No events for record C-404 in {tmp_path / 'audit.jsonl'}.\n"
