"""The README's commands run as written after `make run`: the short ones are run here."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

README = REPO / "README.md"
# Quick, and writing at most into outputs/: the others start servers, clusters or watchers.
SHORT = ("check", "rules", "follow-up")


def commands() -> list[str]:
    """Return every `accord ...` line of the README's shell blocks, without its comment."""
    found = []
    for block in re.findall(r"```sh\n(.*?)```", README.read_text("utf-8"), re.S):
        for line in block.splitlines():
            command = re.split(r"\s+#", line)[0].strip()
            if command.startswith("accord "):
                found.append(command)
    return found


def test_the_readme_names_only_venv_commands_that_exist():
    named = set(re.findall(r"\.venv/bin/([\w-]+)", README.read_text("utf-8")))
    assert {"accord", "pytest"} <= named
    assert [n for n in sorted(named) if not (REPO / ".venv" / "bin" / n).exists()] == []


def test_the_readme_shows_the_short_commands():
    short = [c for c in commands() if c.split()[1] in SHORT]
    assert len(short) >= 4, short


@pytest.mark.slow
def test_the_short_readme_commands_run_as_written(sample_run, tmp_path: Path):
    """In a folder laid out like a clone after `make run`: inputs/ and a filled outputs/."""
    _, out = sample_run
    (tmp_path / "inputs").symlink_to(REPO / "inputs")
    shutil.copytree(out, tmp_path / "outputs")
    for command in (c for c in commands() if c.split()[1] in SHORT):
        args = shlex.split(command)[1:]
        done = subprocess.run(
            [sys.executable, "-m", "accord", *args],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert done.returncode in (0, 1), (command, done.stderr[-2000:])
        assert "Error" not in done.stderr, (command, done.stderr[-2000:])
        if args[0] == "follow-up":
            assert " 0 overdue, 0 due soon" not in done.stdout, done.stdout
