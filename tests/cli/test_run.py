"""`accord run` exit statuses and messages for usage errors (no Prefect needed)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import accord


def test_a_missing_path_is_a_usage_error_with_status_2(tmp_path: Path):
    result = accord("run", str(tmp_path / "nope.xlsx"))
    assert result.returncode == 2
    assert "does not exist" in result.stderr


def test_a_folder_without_spreadsheets_is_a_usage_error(tmp_path: Path):
    (tmp_path / "notes.txt").write_text("hello")
    result = accord("run", str(tmp_path))
    assert result.returncode == 2
    assert "No spreadsheets (.xlsx .xlsm .xls .ods .csv) in the given paths." in result.stderr


def test_every_command_has_help_with_an_example():
    result = accord("--help")
    assert result.returncode == 0
    commands = [
        line.split()[0] for line in result.stdout.split("Commands:")[1].splitlines() if line.strip()
    ]
    assert "run" in commands
    for command in commands:
        sub = accord(command, "--help")
        assert sub.returncode == 0, command
        assert "Example:" in sub.stdout, command


def test_every_command_appears_in_the_readme():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    result = accord("--help")
    for line in result.stdout.split("Commands:")[1].splitlines():
        if line.strip():
            assert f"accord {line.split()[0]}" in readme


def test_a_read_only_out_folder_is_a_one_line_usage_error(tmp_path: Path):
    from tests.disk import remount, small_disk
    from tests.intake.books import OFFER_HEADERS, offer_row, write_xlsx

    path = write_xlsx(tmp_path / "offers_x.xlsx", [OFFER_HEADERS, offer_row("E1")])
    with small_disk(tmp_path / "disk", "1m") as disk:
        remount(disk, "ro")
        result = accord("run", str(path), "--out", str(disk / "out"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1] == (
        f"Error: Invalid value for '--out': {disk / 'out'} cannot be written (read-only file "
        "system). Choose a folder you can write to with --out."
    )
