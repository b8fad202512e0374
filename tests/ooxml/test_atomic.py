"""The one atomic write: whole new content or the old content, and no temporary file left."""

from pathlib import Path

import pytest

from accord.ooxml import atomic
from accord.ooxml.atomic import atomic_write, temporary_path, write_bytes, write_text


def test_a_written_file_has_its_new_content_and_no_temporary_file_remains(tmp_path: Path) -> None:
    target = tmp_path / "state.json"
    target.write_text("old")
    write_text(target, "new\n")
    assert target.read_text() == "new\n"
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]


def test_a_write_that_fails_leaves_the_old_content_and_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "tracker.xlsx"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_write(target) as fh:
        fh.write(b"half")
        raise RuntimeError("disk gone")
    assert target.read_bytes() == b"old"
    assert not temporary_path(target).exists()


def test_the_new_content_is_invisible_until_the_block_ends(tmp_path: Path) -> None:
    target = tmp_path / "doc.docx"
    with atomic_write(target) as fh:
        fh.write(b"PK")
        assert not target.exists()
    assert target.read_bytes() == b"PK"


def test_text_is_utf8_with_unix_line_ends(tmp_path: Path) -> None:
    target = tmp_path / "note.txt"
    write_text(target, "Zoë\n")
    assert target.read_bytes() == "Zoë\n".encode()
    write_bytes(target, b"\x00")
    assert target.read_bytes() == b"\x00"


def test_an_unknown_mode_names_the_modes_to_use(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"atomic_write mode 'a': use 'wb' or 'w'"):
        atomic_write(tmp_path / "x", "a")  # type: ignore[call-overload]


def test_remove_also_takes_the_temporary_files_a_killed_write_left(tmp_path: Path) -> None:
    target = tmp_path / "b[1].rows"
    target.write_text("rows")
    left = [tmp_path / ".b[1].rows.4711.tmp", tmp_path / ".b[1].rows.99.tmp"]
    for path in left:
        path.write_text("half")
    other = tmp_path / ".b[2].rows.4711.tmp"
    other.write_text("another file's")
    atomic.remove(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == [other.name]
