"""Shared fixtures: the repository's folders, the shared corpus, and one real run of the samples."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "inputs" / "samples"
CORPUS = REPO.parent / "shared" / "corpus"
AS_OF = "2026-06-01"


def imported_modules() -> set[str]:
    """Return the names of the modules the calling process has imported (run it in a worker)."""
    return set(sys.modules)


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


@pytest.fixture(scope="session")
def sample_run(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[subprocess.CompletedProcess[str], Path]:
    """Run ``accord run`` once on the offers sample (embedded Prefect) and return it and --out."""
    out = tmp_path_factory.mktemp("outputs")
    result = accord("run", str(SAMPLES / "offers_sample.xlsx"), "--out", str(out), "--as-of", AS_OF)
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
