"""Appreciation follows the commitment: which records get letters, what they say, and what the
batch leaves for later (who signs each record's documents, its letters due)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from accord.documents import follow_up
from accord.documents.samples import AS_OF, sample
from accord.jurisdictions import determine
from accord.records import Kind, Record
from tests.documents.conftest import document_set
from tests.jurisdictions.builders import separation

BATCH = "offers_x-0123abcd"


def _letters(record: Record) -> list[tuple[str, dict]]:
    det = determine(record, AS_OF)
    return document_set(record.kind).render_batch(record, det, BATCH, AS_OF)[1]


@pytest.mark.parametrize("kind_of", ["performance", "other"])
def test_a_performance_or_other_separation_gets_no_appreciation_letter(kind_of: str):
    assert _letters(separation(separation_type=kind_of)) == []


def test_a_layoff_gets_one_letter():
    assert [name for name, _ in _letters(separation(separation_type="layoff"))] == [
        "appreciation_letter"
    ]


def test_no_letter_thanks_for_openness_unless_concerns_were_recorded():
    quiet = _letters(separation(concerns=(), resolutions=()))[0][1]
    assert not any("openness" in p for p in quiet["paragraphs"])
    spoken = _letters(separation(concerns=("More time",), resolutions=("Granted",)))[0][1]
    assert any("openness" in p for p in spoken["paragraphs"])


def test_an_agreement_gets_one_letter_per_party():
    s = sample(Kind.AGREEMENTS, "US-TX")
    assert [n for n, _ in _letters(s.record)] == [
        "appreciation_letter_party_a",
        "appreciation_letter_party_b",
    ]


PEOPLE = [{"name": "Ana Díaz", "email": "ana@example.com", "role": "candidate"}]
LETTER = {"greeting": "Dear Ana Díaz,"}


def test_one_file_per_chunk_gives_each_record_its_signers_and_letters(tmp_path: Path):
    follow_up.write_due(tmp_path, 0, {"C-1": follow_up.due_entry(PEOPLE, [("letter", LETTER)])})
    follow_up.write_due(tmp_path, 1, {"C-2": follow_up.due_entry([], [])})
    assert sorted(p.name for p in (tmp_path / "follow_up").iterdir()) == [
        "chunk-00000.json",
        "chunk-00001.json",
    ]
    assert follow_up.recipients(tmp_path, "C-1") == PEOPLE
    assert follow_up.letters_due(tmp_path, "C-1") == {"letter": LETTER}
    assert follow_up.letters_due(tmp_path, "C-2") == {}
    assert follow_up.recipients(tmp_path, "C-9") == []


def test_a_chunk_rendered_again_replaces_what_it_left(tmp_path: Path):
    follow_up.write_due(tmp_path, 0, {"C-1": follow_up.due_entry(PEOPLE, [("letter", LETTER)])})
    follow_up.write_due(tmp_path, 0, {"C-1": follow_up.due_entry(PEOPLE, [])})
    assert follow_up.letters_due(tmp_path, "C-1") == {}


def test_a_batch_published_before_the_follow_up_files_is_still_read(tmp_path: Path):
    folder = tmp_path / "documents" / "C-1"
    folder.mkdir(parents=True)
    (folder / "recipients.json").write_text(json.dumps(PEOPLE), "utf-8")
    (folder / "appreciation_letter.pending.json").write_text(json.dumps(LETTER), "utf-8")
    assert follow_up.recipients(tmp_path, "C-1") == PEOPLE
    assert follow_up.letters_due(tmp_path, "C-1") == {"appreciation_letter": LETTER}
