"""Every third-party file in the shared corpus gets a clean answer from ``accord check``.

Some corpus files are hostile (a decompression bomb, fuzzer crash cases), so each runs in its own
process under a 3 GiB address-space limit and a 60 s timeout: a bug shows as a failed test, not as a
machine out of memory.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "spreadsheets"
FILES = sorted(p.name for p in CORPUS.glob("*.*") if p.suffix != ".md") if CORPUS.is_dir() else []
RUNNER = """
import resource, sys
limit = 3 * 2**30
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from accord.cli import main
sys.argv = ["accord", "check", *sys.argv[1:]]
main()
"""

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not FILES, reason=f"the shared corpus is not at {CORPUS}"),
]


@pytest.mark.parametrize("kind", [None, "offers"])
@pytest.mark.parametrize("name", FILES or ["(none)"])
def test_corpus_file_gets_a_clean_answer(name: str, kind: str | None) -> None:
    args = [str(CORPUS / name), *(["--kind", kind] if kind else [])]
    done = subprocess.run(
        [sys.executable, "-c", RUNNER, *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode in (0, 1), done.stderr[-2000:]
    assert "Traceback" not in done.stdout + done.stderr
    assert name in done.stdout
