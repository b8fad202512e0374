"""The .xls record scan: cells far apart, across many sheets, or behind a password are refused."""

from __future__ import annotations

import struct

import pytest

from accord.errors import InputFileError
from accord.intake.biff import measure_records
from accord.intake.limits import Clock, Limits


def _record(kind: int, body: bytes = b"") -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


def _number(row: int, column: int) -> bytes:
    return _record(0x0203, struct.pack("<HHHd", row, column, 0, 1.0))


def _sheet(*cells: bytes) -> bytes:
    return _record(0x0809, bytes(16)) + b"".join(cells) + _record(0x000A)


def _measure(stream: bytes, limits: Limits = Limits()) -> None:  # noqa: B008
    measure_records(stream, "offers_x.xls", limits, Clock("offers_x.xls", 60))


def test_a_normal_sheet_passes() -> None:
    _measure(_sheet(_number(0, 0), _number(120, 20)))


def test_two_cells_at_opposite_corners_are_refused() -> None:
    with pytest.raises(InputFileError) as caught:
        _measure(_sheet(_number(0, 0), _number(65535, 255)))
    assert str(caught.value).startswith("offers_x.xls has a sheet of 16,777,216 cells")


def test_many_middling_sheets_add_up() -> None:
    sheets = b"".join(_sheet(_number(0, 0), _number(9_999, 99)) for _ in range(11))
    with pytest.raises(InputFileError) as caught:
        _measure(sheets)
    assert str(caught.value).startswith("offers_x.xls has 11,000,000 cells across its sheets")


def test_a_span_of_cells_counts_to_its_last_column() -> None:
    span = _record(0x00BE, struct.pack("<HH", 99_99, 0) + bytes(2 * 200) + struct.pack("<H", 200))
    with pytest.raises(InputFileError, match="has a sheet of 2,010,000 cells"):
        _measure(_sheet(span), Limits(max_cells=1_000_000))


def test_a_password_record_means_encrypted() -> None:
    with pytest.raises(InputFileError, match="is password-protected"):
        _measure(_record(0x0809, bytes(16)) + _record(0x002F, bytes(6)) + _record(0x000A))


def test_truncated_records_do_not_break_the_scan() -> None:
    _measure(_sheet(_number(3, 3))[:-3] + b"\x03\x02\xff\xff")
