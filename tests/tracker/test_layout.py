"""The one header map: how every tracker reader finds its columns by header text."""

from __future__ import annotations

import openpyxl

from accord.tracker.layout import header_map
from accord.xlsx.reader import SourceWorkbook


def test_headers_are_found_by_their_text_wherever_hr_moved_them():
    ws = openpyxl.Workbook().active
    ws.append(["Notes", " Record ID ", None, "", "Status", 42])
    assert header_map(ws[1]) == {"Notes": 1, "Record ID": 2, "Status": 5, "42": 6}


def test_of_two_equal_headers_the_last_counts():
    ws = openpyxl.Workbook().active
    ws.append(["Status", "Name", "Status"])
    assert header_map(ws[1]) == {"Status": 3, "Name": 2}


def test_the_streaming_reader_and_openpyxl_give_the_same_map(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["Record ID", None, " Kind", "Status"])
    wb.save(tmp_path / "t.xlsx")
    with SourceWorkbook(tmp_path / "t.xlsx") as source:
        (_, first), *_ = list(source.rows(source.titles[0]))
        streamed = header_map(first)
    assert streamed == header_map(openpyxl.load_workbook(tmp_path / "t.xlsx").active[1])
    assert streamed == {"Record ID": 1, "Kind": 3, "Status": 4}
