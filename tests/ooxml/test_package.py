"""The deterministic zip package: same members, same bytes; stored members copied as they are."""

from __future__ import annotations

import io
import zipfile
import zlib
from datetime import UTC, datetime
from pathlib import Path

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.ooxml.package import (
    Package,
    PackageError,
    core_part_name,
    member,
    normalise,
    relationships,
    write_package,
)
from tests.conftest import REPO

OFFER = REPO / "templates" / "offer_letter" / "offer_letter.docx"


def _word_file(tmp_path: Path, text: str = "Hello") -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    document.save(tmp_path / "plain.docx")
    return (tmp_path / "plain.docx").read_bytes()


def test_the_same_members_make_the_same_bytes_dated_1980() -> None:
    first = write_package([member("a.xml", b"<a/>"), member("b/c.xml", b"<c/>")])
    second = write_package([member("a.xml", b"<a/>"), member("b/c.xml", b"<c/>")])
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        assert package.namelist() == ["a.xml", "b/c.xml"]
        assert package.read("b/c.xml") == b"<c/>"
        assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert package.testzip() is None


def test_a_name_outside_ascii_survives_the_round_trip() -> None:
    data = write_package([member("word/média.xml", b"<m/>")])
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert package.read("word/média.xml") == b"<m/>"


def test_a_raw_member_is_copied_with_its_stored_bytes() -> None:
    package = Package(OFFER.read_bytes())
    copy = Package(write_package(package.raw(name) for name in package.names))
    assert copy.names == package.names
    for name in package.names:
        assert copy.read(name) == package.read(name)
        assert copy.infos[name].compress_size == package.infos[name].compress_size


def test_a_file_that_is_not_a_zip_is_a_package_error() -> None:
    with pytest.raises(PackageError, match=r"not a Word \.docx file"):
        Package(b"name,salary\nAnn,1\n")


def test_normalising_a_word_file_fixes_its_dates_and_keeps_its_text(tmp_path: Path) -> None:
    package = Package(_word_file(tmp_path))
    fixed = normalise(package, core_part_name(package))
    document = docx.Document(io.BytesIO(fixed))
    assert document.paragraphs[0].text == "Hello"
    assert document.core_properties.created == datetime(1980, 1, 1, tzinfo=UTC)
    assert document.core_properties.modified == datetime(1980, 1, 1, tzinfo=UTC)
    assert document.core_properties.last_modified_by == "Accord"
    assert normalise(Package(fixed), core_part_name(package)) == fixed


def test_the_package_relationships_name_the_main_document_and_the_core_part() -> None:
    package = Package(OFFER.read_bytes())
    targets = [target for _, target in relationships(package, "_rels/.rels", "")]
    assert "word/document.xml" in targets
    assert core_part_name(package) == "docProps/core.xml"
    assert relationships(package, "word/_rels/missing.xml.rels", "word") == []


@settings(max_examples=60, deadline=None)
@given(
    text=st.text(alphabet='<w:t>="/ abcdefAB\n0123', max_size=40_000),
    level=st.sampled_from([1, 6]),
)
def test_a_member_holds_the_bytes_deflates_largest_window_gives(text: str, level: int) -> None:
    data = text.encode("utf-8")
    packer = zlib.compressobj(level, zlib.DEFLATED, -15)
    expected = packer.compress(data) + packer.flush()
    local = member("word/document.xml", data, level).local
    assert local.endswith(expected)
    assert (
        zipfile.ZipFile(io.BytesIO(write_package([member("a.xml", data, level)]))).read("a.xml")
        == data
    )


@pytest.mark.parametrize("size", [300, 763, 5_000, 16_123, 32_506, 70_000])
def test_a_match_as_far_back_as_the_part_is_long_is_still_found(size: int) -> None:
    import random

    # Random bytes repeat nothing, so the one long match is the end's copy of the start.
    rng = random.Random(size)
    start = rng.randbytes(40)
    data = start + rng.randbytes(size - 80) + start
    packer = zlib.compressobj(1, zlib.DEFLATED, -15)
    assert member("x.xml", data, 1).local.endswith(packer.compress(data) + packer.flush())
