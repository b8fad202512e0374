"""Accord runs from a checkout: commands that start flows say so where the flows are missing."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from accord.cli import cli
from accord.cli.checkout import flows_folder
from accord.errors import ConfigError

REPO = Path(__file__).resolve().parents[2]


def test_from_a_checkout_the_flows_are_the_checkouts_own():
    assert flows_folder() == REPO / "flows"


@pytest.mark.parametrize(
    ("args", "command"),
    [
        (["run", "inputs/samples/offers_sample.xlsx"], "accord run"),
        (["watch", "inputs/"], "accord watch"),
        (["serve"], "accord serve"),
    ],
)
def test_without_the_flows_a_command_that_starts_them_names_the_fix(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, args: list[str], command: str
):
    monkeypatch.chdir(REPO)
    monkeypatch.setitem(sys.modules, "flows", None)  # what an installed wheel sees
    result = CliRunner().invoke(cli, [*args, "--out", str(tmp_path)], standalone_mode=False)
    assert isinstance(result.exception, ConfigError)
    assert str(result.exception) == (
        f"{command} needs Accord's flows/ folder, which ships with its checkout and not with the "
        "installed package. Run Accord from a checkout of its repository: `make run`, or `uv sync` "
        "there and then .venv/bin/accord (the README's Quickstart)."
    )


def test_another_projects_flows_package_is_not_taken_for_accords(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    (tmp_path / "flows").mkdir()
    (tmp_path / "flows" / "__init__.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "flows", raising=False)
    assert flows_folder() is None
