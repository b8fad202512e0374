"""The bulk-send lists HR opens in Excel and uploads to the e-sign provider."""

from __future__ import annotations

import csv
from pathlib import Path

from accord.bulk_send import write_lists


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def test_a_name_that_reads_as_a_formula_is_written_as_text(tmp_path: Path):
    people = [{"name": '=HYPERLINK("http://x.test","Jo")', "email": "@jo", "role": "candidate"}]
    written = write_lists(tmp_path, [(people, "C-1/offer_letter.docx")], {"candidate": "Candidate"})
    dropbox = _rows(tmp_path / "bulk-send" / "dropbox.csv")
    assert dropbox[1] == [
        '\'=HYPERLINK("http://x.test","Jo")',
        "'@jo",
        "C-1/offer_letter.docx",
        "Candidate",
    ]
    assert len(written) == 3


def test_ordinary_names_and_addresses_are_written_as_they_are(tmp_path: Path):
    people = [{"name": "Ana O'Neil-Ruiz", "email": "ana@example.com", "role": "candidate"}]
    write_lists(tmp_path, [(people, "C-2/offer_letter.docx")], {"candidate": "Candidate"})
    docusign = _rows(tmp_path / "bulk-send" / "docusign.csv")
    assert docusign[1] == [
        "Ana O'Neil-Ruiz",
        "ana@example.com",
        "C-2/offer_letter.docx",
        "Candidate",
    ]
