"""accord.yaml: the headers HR lists under ignore_columns, or a clear error for a bad file."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.errors import ConfigError
from accord.settings import ignore_columns


def test_no_settings_file_ignores_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("ACCORD_SETTINGS", str(tmp_path / "absent.yaml"))
    assert ignore_columns() == frozenset()


def test_listed_headers_compare_as_headers_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "accord.yaml"
    path.write_text("ignore_columns:\n  - Respnd By\n  - internal_notes\n", encoding="utf-8")
    monkeypatch.setenv("ACCORD_SETTINGS", str(path))
    assert ignore_columns() == frozenset({"respndby", "internalnotes"})


def test_ignore_columns_that_is_not_a_list_names_the_file_and_the_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    path = tmp_path / "accord.yaml"
    path.write_text("ignore_columns: respnd by\n", encoding="utf-8")
    monkeypatch.setenv("ACCORD_SETTINGS", str(path))
    with pytest.raises(ConfigError) as caught:
        ignore_columns()
    assert str(caught.value) == (
        f"{path}: ignore_columns must be a list of column headers, one per line starting with "
        "'- '. Fix the file."
    )
