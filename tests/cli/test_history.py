"""`accord history RECORD_ID`: the versions of a record, their batches and what changed."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from accord.cli import cli
from tests.test_versions import AS_OF, FIRST, REISSUED, SECOND, _offers, _publish


def _two_versions(tmp_path: Path) -> tuple[Path, Path, Path]:
    out = tmp_path / "out"
    for name in ("first", "second"):
        (tmp_path / name).mkdir()
    first, _ = _publish(_offers(tmp_path / "first" / "offers_june.xlsx", FIRST), out, AS_OF)
    second, _ = _publish(_offers(tmp_path / "second" / "offers_june.xlsx", SECOND), out, REISSUED)
    return out, first, second


def test_history_lists_each_version_with_its_batch_redline_and_changes(tmp_path: Path):
    out, first, second = _two_versions(tmp_path)
    result = CliRunner().invoke(cli, ["history", "C1", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"C1: 2 versions in {out}",
        f"  version 1: {first.name} (as of 2026-06-01, from offers_june.xlsx) -> {first}",
        f"  version 2: {second.name} (as of 2026-06-10, from offers_june.xlsx) -> {second}",
        f"    redline: {second / 'documents' / 'C1' / 'offer_letter.redline.docx'}",
        "    Your role: July 6, 2026. -> July 20, 2026.",
        "    Your pay: $120,000.00 -> $128,000.00",
    ]


def test_history_shows_an_unchanged_reissue_without_documents(tmp_path: Path):
    out, first, second = _two_versions(tmp_path)
    result = CliRunner().invoke(cli, ["history", "C2", "--out", str(out)])
    assert result.output.splitlines()[1:] == [
        f"  version 1: {first.name} (as of 2026-06-01, from offers_june.xlsx) -> {first}",
        f"  version 1 again, unchanged: {second.name} (as of 2026-06-10, from offers_june.xlsx);"
        " no documents issued",
    ]


def test_history_of_an_unknown_record_names_it_and_the_fix(tmp_path: Path):
    out, _first, _second = _two_versions(tmp_path)
    result = CliRunner().invoke(cli, ["history", "C9", "--out", str(out)])
    assert result.exit_code == 1
    assert str(result.exception) == (
        f"Record 'C9' is in no batch published in {out}. Check the id as the spreadsheet's ID "
        "column writes it, or give --out the folder the batches went to."
    )
