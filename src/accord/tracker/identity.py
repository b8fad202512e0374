"""Whose row and which sheet: in the master tracker a record is a person, and a sheet is a kind.

The master is keyed by (kind, record id), but an id is typed by people: two files may give the same
id to two different people. A row from another file with another name is someone else, and never
takes over the master row (its status, notes and dates are that person's). HR may also rename a
kind's sheet; it is found by its columns and rows, not by its title alone.
"""

from __future__ import annotations

import itertools
import unicodedata
from typing import Any

from accord.records import Kind
from accord.tracker.layout import KIND, NAME, RECORD_ID, SOURCE, header_map, sheet_title
from accord.xlsx.reader import SourceRow, SourceWorkbook

BATCHES = "Batches"


def _who(name: Any) -> str:
    return " ".join(unicodedata.normalize("NFC", str(name or "")).casefold().split())


def same_person(master_row: dict[str, Any], row: dict[str, Any]) -> bool:
    """Return whether a batch's tracker ``row`` is the person of ``master_row`` (same record id).

    A record is a person: the same id from another file with another name is someone else, and
    must never take over the master row (its status, notes and dates are that person's). A name
    changed in the same file is HR correcting it; a row without a name is taken as the same person.
    """
    if master_row.get(SOURCE) == row.get(SOURCE):
        return True
    old, new = _who(master_row.get(NAME)), _who(row.get(NAME))
    return not old or not new or old == new


def kind_sheets(source: SourceWorkbook | None) -> dict[Kind, str]:
    """Return the title of each kind's sheet in the master, found by its rows when HR renamed it.

    A sheet named for its kind (``Offers``) with a Record ID column is that kind's. Otherwise a
    sheet is a kind's when its header has Record ID and Kind and its first rows say that kind:
    a renamed sheet ("Offers (HR)") keeps being refreshed instead of a new one being started.
    """
    if source is None:
        return {}
    found: dict[Kind, str] = {}
    others: list[str] = []
    for title in source.titles:
        kind = next((k for k in Kind if sheet_title(k) == title), None)
        if kind is not None and RECORD_ID in _header_of(source, title):
            found[kind] = title
        elif title != BATCHES:
            others.append(title)
    for title in others:
        kind = _kind_by_rows(source, title)
        if kind is not None and kind not in found:
            found[kind] = title
    return found


def _texts(cells: SourceRow) -> list[str]:
    return ["" if c is None or c.value is None else str(c.value).strip() for c in cells]


def _first_rows(source: SourceWorkbook, title: str, count: int) -> list[SourceRow]:
    rows = source.rows(title, formulas=False)
    try:
        return [cells for _, cells in itertools.islice(rows, count)]
    finally:
        getattr(rows, "close", lambda: None)()  # a generator: its sheet part closes now


def _header_of(source: SourceWorkbook, title: str) -> dict[str, int]:
    first = _first_rows(source, title, 1)
    return header_map(first[0]) if first else {}


def _kind_by_rows(source: SourceWorkbook, title: str) -> Kind | None:
    rows = _first_rows(source, title, 101)
    header = header_map(rows[0]) if rows else {}
    if RECORD_ID not in header or KIND not in header:
        return None
    at = header[KIND] - 1
    for cells in rows[1:]:
        value = _texts(cells)[at] if at < len(cells) else ""
        if value:
            return next((k for k in Kind if k.value == value), None)
    return None


def conflict_note(record_id: str, source: str, batch_id: str) -> str:
    """Return the note on a new row whose record id is another person's row in the master."""
    return (
        f"Check: {RECORD_ID} {record_id} is also the row of a different person, from {source} "
        f"(batch {batch_id}). Both rows are kept; give one of them a new {RECORD_ID} in its file "
        "and delete the row that is wrong."
    )
