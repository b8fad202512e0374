"""Every document type's text in California, New York City, Minnesota, Montana and Texas.

The text of each rendered sample is compared with a reviewed golden file under golden/. After a
deliberate change of a template, clause or wording, regenerate them and read the diff:

    ACCORD_REGEN_GOLDEN=1 uv run pytest tests/documents/test_golden.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from accord.documents.text import docx_text
from accord.records import Kind
from tests.documents.conftest import CASES, rendered

GOLDEN = Path(__file__).parent / "golden"
REGEN = os.environ.get("ACCORD_REGEN_GOLDEN") == "1"


@pytest.mark.parametrize(("kind", "place"), CASES, ids=[f"{k.value}-{p}" for k, p in CASES])
def test_rendered_text_matches_the_golden_file(kind: Kind, place: str):
    for name, doc in rendered(kind, place).items():
        path = GOLDEN / kind.value / place / f"{name}.txt"
        text = docx_text(doc.data)
        if REGEN:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        assert path.is_file(), f"{path} is missing: run with ACCORD_REGEN_GOLDEN=1 and review it"
        assert text == path.read_text(encoding="utf-8"), f"{path} differs"


def test_every_golden_file_belongs_to_a_rendered_document():
    """A golden file left behind by a renamed document would never be compared."""
    expected = {
        GOLDEN / kind.value / place / f"{name}.txt"
        for kind, place in CASES
        for name in rendered(kind, place)
    }
    assert set(GOLDEN.rglob("*.txt")) == expected
