"""The rows held for the master merge are the rows the batch tracker gives back when read."""

from __future__ import annotations

import os
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.records import Kind
from accord.tracker import held_rows, merge_batch, write_batch_tracker
from accord.tracker.batch_tracker import read_batch_tracker
from accord.tracker.updates import Updates
from tests.tracker.builders import batch, entry, provenance

HOSTILE = [
    '=HYPERLINK("http://x")',
    "  padded  ",
    "   ",
    "",
    "tab\there\nline",
    "carriage\rreturn\r\nand\n\rmore\r",
    "bell\x07and\x1bescape",
    "surrogate \ud800 gone",
    "Zoë O'Brien & <Partners>",
    "12345678901234567890",
]


def _held_and_read(tmp_path: Path, entries: list[dict]) -> tuple[list | None, list]:
    tracker, held = tmp_path / "b-1" / "tracker.xlsx", tmp_path / "held.jsonl"
    tracker.parent.mkdir(exist_ok=True)
    prov = provenance("b-1", Kind.OFFERS, "offers.xlsx")
    write_batch_tracker(tracker, Kind.OFFERS, entries, prov, held)
    kept = held_rows.read(held, tracker)
    back = read_batch_tracker(tracker)
    if kept is None:
        return None, back.rows
    headers, _, lines = kept
    assert headers == back.headers
    return list(held_rows.rows(headers, lines)), back.rows


def test_hostile_names_and_terms_are_held_as_the_workbook_gives_them_back(tmp_path: Path):
    entries = [
        entry(f"R{n}", name=text, owner=text, terms={"respond_by": "2026-06-05", "notes": text})
        for n, text in enumerate(HOSTILE)
    ]
    held, back = _held_and_read(tmp_path, entries)
    assert held is not None
    assert held == back


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    values=st.lists(
        st.one_of(
            st.none(),
            st.booleans(),
            st.integers(-(2**53) + 1, 2**53 - 1),
            st.floats().filter(lambda f: not (f.is_integer() and abs(f) >= 2**53)),
            st.text(max_size=12),
            st.decimals(allow_nan=False, allow_infinity=False, places=2),
            st.dates(min_value=date(1900, 3, 1)),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_any_term_value_is_held_as_the_workbook_gives_it_back(tmp_path: Path, values: list):
    entries = [
        entry(f"R{n}", terms={"base_salary": v, "respond_by": v}) for n, v in enumerate(values)
    ]
    held, back = _held_and_read(tmp_path, entries)
    assert held is not None
    assert held == back


def test_a_date_before_march_1900_leaves_the_merge_to_read_the_workbook(tmp_path: Path):
    held, _ = _held_and_read(tmp_path, [entry("R1", terms={"respond_by": "1899-12-31"})])
    assert held is None


def test_a_tracker_saved_again_has_no_held_rows(tmp_path: Path):
    tracker, held = tmp_path / "tracker.xlsx", tmp_path / "held.jsonl"
    write_batch_tracker(tracker, Kind.OFFERS, [entry("R1")], None, held)
    stat = tracker.stat()
    os.utime(tracker, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))  # HR saved it
    assert held_rows.read(held, tracker) is None


def test_the_merge_uses_the_held_rows_once_and_removes_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    folder = batch(tmp_path, "b-1", [entry("R1", name="Ann"), entry("R2", name="Bo")])
    held = held_rows.held_path(tmp_path, "b-1")
    held.parent.mkdir()
    write_batch_tracker(
        folder / "tracker.xlsx",
        Kind.OFFERS,
        [entry("R1", name="Ann"), entry("R2", name="Bo")],
        provenance("b-1", Kind.OFFERS, "offers_june.xlsx"),
        held,
    )
    opened: list[Path] = []
    real = Updates.load

    def spying(self: Updates, tracker: Path, manifest, held: Path | None = None):
        opened.append(held if held is not None and held.exists() else tracker)
        return real(self, tracker, manifest, held)

    monkeypatch.setattr(Updates, "load", spying)
    assert merge_batch(folder).status == "created"
    assert opened == [held] and not held.exists()
    names = [r["Name"] for r in read_batch_tracker(tmp_path / "tracker.xlsx").rows]
    assert names == ["Ann", "Bo"]


def test_a_decimal_is_held_as_its_text(tmp_path: Path):
    held, back = _held_and_read(tmp_path, [entry("R1", terms={"base_salary": Decimal("85000.50")})])
    assert held is not None
    assert held == back


def test_a_tracker_that_fails_to_write_holds_no_rows(tmp_path: Path):
    held = tmp_path / "held.jsonl"
    broken = {k: v for k, v in entry("R2").items() if k != "record_id"}
    with pytest.raises(KeyError):
        write_batch_tracker(
            tmp_path / "tracker.xlsx", Kind.OFFERS, [entry("R1"), broken], None, held
        )
    assert list(tmp_path.iterdir()) == []


def test_a_merge_removes_what_a_run_killed_while_holding_rows_left(tmp_path: Path):
    folder = batch(tmp_path, "b-1", [entry("R1", name="Ann")])
    write_batch_tracker(
        folder / "tracker.xlsx",
        Kind.OFFERS,
        [entry("R1", name="Ann")],
        provenance("b-1", Kind.OFFERS, "offers_june.xlsx"),
    )
    held = held_rows.held_path(tmp_path, "b-1")
    held.parent.mkdir()
    half = held.with_name(f".{held.name}.4711.tmp")  # the process was killed mid-write
    half.write_text('{"headers": [')
    assert merge_batch(folder).status == "created"
    assert list(held.parent.iterdir()) == []
