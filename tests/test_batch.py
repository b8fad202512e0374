"""Batch identity, staging and publishing."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord import batch
from accord.batch import Staging


def test_same_content_and_name_give_the_same_batch_id(tmp_path: Path):
    a = tmp_path / "offers_june.xlsx"
    a.write_bytes(b"same bytes")
    sha = batch.file_sha256(a)
    assert batch.batch_id_for(a, sha) == batch.batch_id_for(a, batch.file_sha256(a))
    assert batch.batch_id_for(a, sha) == f"offers_june-{sha[:12]}"


def test_changed_content_gives_a_new_batch_id(tmp_path: Path):
    a = tmp_path / "offers_june.xlsx"
    a.write_bytes(b"one")
    first = batch.batch_id_for(a, batch.file_sha256(a))
    a.write_bytes(b"two")
    assert batch.batch_id_for(a, batch.file_sha256(a)) != first


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("offers june", "offers_june"),
        ("../../etc/passwd", "etc_passwd"),
        ("C-1001", "C-1001"),
        ("", "_"),
        ("Ünïcode/名前", "Ünïcode_名前"),
        ("///", "_"),
    ],
)
def test_file_names_from_data_are_sanitised(text: str, expected: str):
    assert batch.safe_name(text) == expected


def test_record_folders_never_collide_when_ids_differ_only_in_punctuation():
    assert batch.record_folder("C-1001") == "C-1001"
    assert batch.record_folder("A/1") != batch.record_folder("A_1")
    assert batch.record_folder("A/1").startswith("A_1-")


def test_publish_moves_the_staged_batch_in_one_piece(tmp_path: Path):
    staging = Staging(tmp_path, "offers-abc")
    staging.work.mkdir(parents=True)
    (staging.dir / "manifest.json").write_text("{}")
    final = batch.publish(staging)
    assert final == tmp_path / "offers-abc"
    assert (final / "manifest.json").is_file()
    assert not (final / "work").exists()
    assert not staging.dir.exists()


def test_publishing_a_batch_twice_keeps_the_first(tmp_path: Path):
    staging = Staging(tmp_path, "offers-abc")
    staging.dir.mkdir(parents=True)
    (staging.dir / "manifest.json").write_text("first")
    batch.publish(staging)
    staging.dir.mkdir(parents=True)
    (staging.dir / "manifest.json").write_text("second")
    batch.publish(staging)
    assert (tmp_path / "offers-abc" / "manifest.json").read_text() == "first"
