"""Shared fixtures: the repository's folders, the shared corpus, the ``accord`` command (in a process
of its own or in this one), the test run's one Prefect server and one real run of the samples."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.harness import PrefectServer

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "inputs" / "samples"
CORPUS = REPO.parent / "shared" / "corpus"
AS_OF = "2026-06-01"


def imported_modules() -> set[str]:
    """Return the names of the modules the calling process has imported (run it in a worker)."""
    return set(sys.modules)


def packages_first_imported(prepare: str, work: str, *args: str) -> list[str]:
    """Return the packages a fresh Python process imports for the first time in ``work``, after
    ``prepare`` ran (both code; ``args`` are its ``sys.argv[1:]``), sorted. The process's own
    failure fails the test with its error."""
    script = "\n".join(
        [
            "import sys",
            prepare,
            "_before = {name.split('.')[0] for name in sys.modules}",
            work,
            "print(sorted({name.split('.')[0] for name in sys.modules} - _before))",
        ]
    )
    result = subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    names: list[str] = eval(result.stdout.splitlines()[-1])  # noqa: S307 (the list printed above)
    return names


def corpus_dir(name: str) -> Path:
    """Return a folder of ../shared/corpus, skipping the test when the corpus is absent."""
    path = CORPUS / name
    if not path.is_dir():
        pytest.skip(f"../shared/corpus/{name} is absent (only CI and developers have it)")
    return path


def accord(
    *args: str, env: dict[str, str] | None = None, timeout: int = 300
) -> subprocess.CompletedProcess[str]:
    """Run the real ``accord`` command in a subprocess and return what it did."""
    return subprocess.run(
        [sys.executable, "-m", "accord", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        cwd=REPO,
        check=False,
    )


@dataclass(frozen=True)
class Said:
    """What an ``accord`` command run in this process did: its exit status and its two streams."""

    returncode: int
    stdout: str
    stderr: str


def accord_here(*args: str, env: dict[str, str] | None = None) -> Said:
    """Run the ``accord`` command in this process with click's CliRunner; return what it did.

    The command's own entry point runs (``accord.cli.main``, with its exit statuses and error
    lines), with ``sys.argv``, the standard streams and the environment restored afterwards.
    For help, usage errors and commands that start no Prefect flow; :func:`accord` runs the rest.
    """
    from click.testing import CliRunner

    from accord.cli import main

    saved_argv, saved_env = sys.argv, dict(os.environ)
    code: int | str | None = 0
    try:
        with CliRunner().isolation(env=env) as (stdout, stderr, _):
            sys.argv = ["accord", *args]
            try:
                main()
            except SystemExit as exc:
                code = exc.code
            sys.stdout.flush()
            sys.stderr.flush()
            said = Said(
                code if isinstance(code, int) else int(bool(code)),
                stdout.getvalue().decode(),
                stderr.getvalue().decode(),
            )
    finally:
        sys.argv = saved_argv
        os.environ.clear()
        os.environ.update(saved_env)
    return said


@pytest.fixture(scope="session")
def prefect_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrefectServer]:
    """The test run's one Prefect server, for every test that runs flows in other processes."""
    from tests.harness import own_server

    with own_server(tmp_path_factory.mktemp("prefect-home")) as server:
        yield server


@pytest.fixture(scope="session")
def sample_run(
    tmp_path_factory: pytest.TempPathFactory, prefect_server: PrefectServer
) -> tuple[subprocess.CompletedProcess[str], Path]:
    """Run ``accord run`` once on the offers sample (on the run's server); return it and --out."""
    out = tmp_path_factory.mktemp("outputs")
    result = accord(
        "run",
        str(SAMPLES / "offers_sample.xlsx"),
        "--out",
        str(out),
        "--as-of",
        AS_OF,
        env=prefect_server.env,
    )
    return result, out


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """An outputs folder with the offers sample published awaiting approval, once per module."""
    from tests.published import publish_sample

    out = tmp_path_factory.mktemp("published") / "outputs"
    return out, publish_sample(out)


@pytest.fixture
def published(template: tuple[Path, str], tmp_path: Path) -> tuple[Path, str]:
    """A fresh copy of ``template`` for one test to change: (outputs folder, batch id)."""
    from tests.published import copy_of

    out, batch_id = template
    return copy_of(out, tmp_path / "outputs"), batch_id
