"""A batch's rows waiting for the master merge, in a temporary SQLite file keyed by record id.

Each master row finds its update without the batch being held in memory; rows no master row took
come back in the batch's order as new rows. The batch's manifest gives the provenance and the
records it did not issue again.
"""

from __future__ import annotations

import json
import pickle
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from accord.errors import AccordError
from accord.records import Kind
from accord.report.manifest_file import iter_items
from accord.tracker import held_rows
from accord.tracker.batch_tracker import Provenance, batch_rows
from accord.tracker.identity import same_person
from accord.tracker.layout import (
    BATCH,
    KIND,
    RECORD_ID,
    SOURCE,
    STATUS,
)
from accord.tracker.supersede import SUPERSEDED
from accord.xlsx.reader import SourceWorkbook

_INSERT = 2000


class Unavailable(AccordError):
    """The master tracker cannot take updates now; ``problem`` and ``fix`` are for HR."""

    def __init__(self, problem: str, fix: str) -> None:
        super().__init__(problem)
        self.problem = problem
        self.fix = fix


def with_manifest(prov: Provenance, manifest: Path) -> Provenance:
    """Return the provenance the batch's published manifest gives, else ``prov`` as it is."""
    # The manifest is the authority on provenance (the tracker may lack the as-of date).
    if manifest.is_file() and prov.batch_id in ("", manifest.parent.name):
        # Read one record at a time for the few fields around them: a 100,000-row manifest
        # loaded whole takes hundreds of MB.
        lists = ("records", "rejected", "unchanged")
        head = dict(iter_items(manifest, skip=lists))
        if "batch_id" not in head:  # not laid out as Accord writes it: read it whole
            head = json.loads(manifest.read_text(encoding="utf-8"))
        return Provenance.from_manifest(head)
    return prov


@dataclass
class Update:
    """One batch tracker's rows, waiting in a table of the temporary database."""

    provenance: Provenance
    kind: Kind
    headers: list[str]
    rows: int
    widths: dict[str, float]
    db: sqlite3.Connection
    number: int
    # record id -> (source file, batch) of a master row that holds another person under that id
    conflicts: dict[str, tuple[str, str]] = field(default_factory=dict)
    # Record ids the batch did not issue again (the values of their last version), or whose row
    # there a later version superseded: the master row is left as it is, still present
    unchanged: frozenset[str] = frozenset()

    def take(
        self, record_id: str, master_row: dict[str, Any] | None = None
    ) -> dict[str, Any] | None:
        """Return the row of ``record_id`` the first time it is asked for; ``None`` after that.

        ``None`` too when ``master_row`` (the master's Name, Source file and Batch) is another
        person: that row is left for :meth:`new_rows`, which keeps it apart and flags it.
        """
        found = self.db.execute(
            "SELECT rowid, data FROM rows WHERE upd = ? AND rid = ? AND seen = 0",
            (self.number, record_id),
        ).fetchone()
        if found is None:
            return None
        row = _loads(found[1])
        if master_row is not None and not same_person(master_row, row):
            where = (str(master_row.get(SOURCE) or ""), str(master_row.get(BATCH) or ""))
            self.conflicts.setdefault(record_id, where)
            return None
        self.db.execute("UPDATE rows SET seen = 1 WHERE rowid = ?", (found[0],))
        self.conflicts.pop(record_id, None)  # another master row of the same id is this person
        return row

    def new_rows(self) -> Iterator[dict[str, Any]]:
        """Return the rows no master row took, in the batch's order."""
        cursor = self.db.execute(
            # rowid follows insertion (an id seen twice keeps its first place), like pos, and
            # needs no sort: ordering by pos made SQLite sort every new row in memory.
            "SELECT data FROM rows WHERE upd = ? AND seen = 0 ORDER BY rowid",
            (self.number,),
        )
        for (data,) in cursor:
            yield _loads(data)


def _loads(data: bytes) -> dict[str, Any]:
    # The temporary database is this process's own, written a moment before and removed after:
    # pickle reads back only what it wrote (and keeps dates and links as they were).
    return dict(pickle.loads(data))  # noqa: S301


@dataclass
class Updates:
    """The temporary database for one master tracker update; use it in a ``with`` block."""

    _dir: tempfile.TemporaryDirectory[str] = field(
        default_factory=lambda: tempfile.TemporaryDirectory(prefix="accord-master-")
    )
    _tables: int = 0

    def __post_init__(self) -> None:
        self.db = sqlite3.connect(Path(self._dir.name) / "rows.db")
        self.db.executescript(
            "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
            "CREATE TABLE rows (upd INT, rid TEXT, pos INT, data BLOB, seen INT DEFAULT 0,"
            " PRIMARY KEY (upd, rid));"
        )

    def __enter__(self) -> Updates:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.db.close()
        self._dir.cleanup()

    def load(
        self, tracker: Path, manifest: Callable[[Provenance], Path], held: Path | None = None
    ) -> Update:
        """Return a batch tracker's rows stored for lookup; ``manifest`` locates its manifest.

        ``held`` (:mod:`.held_rows`) gives the same rows without reading the workbook, when they
        were held for the workbook as it is and the batch's manifest is there.
        """
        kept = held_rows.read(held, tracker) if held is not None else None
        if kept is not None and held is not None:
            batch_id = held.name.removesuffix(held_rows.SUFFIX)
            published = manifest(Provenance(batch_id=batch_id))
            if published.is_file() and published.parent.name == batch_id:
                prov = with_manifest(Provenance(batch_id=batch_id), published)
                headers, widths, lines = kept
                return self._store(prov, headers, widths, held_rows.rows(headers, lines), manifest)
        with SourceWorkbook(tracker) as source:
            prov, headers, rows = batch_rows(source)
            prov = with_manifest(prov, manifest(prov))
            # The batch tracker sized its columns to these very rows: the master widens to match.
            sized = source.columns(source.titles[0])
            widths = {
                h: sized[col].width or 0.0 for col, h in enumerate(headers, start=1) if col in sized
            }
            return self._store(prov, headers, widths, rows, manifest)

    def _store(
        self,
        prov: Provenance,
        headers: list[str],
        widths: dict[str, float],
        rows: Iterator[dict[str, Any]],
        manifest: Callable[[Provenance], Path],
    ) -> Update:
        self._tables += 1
        number = self._tables
        insert = (
            "INSERT INTO rows (upd, rid, pos, data) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (upd, rid) DO UPDATE SET data = excluded.data"
        )
        first_kind: Any = None
        count = 0
        pending: list[tuple[int, str, int, bytes]] = []
        superseded: set[str] = set()
        for row in rows:
            count += 1
            first_kind = first_kind if count > 1 else row.get(KIND)
            if str(row.get(STATUS) or "").strip() == SUPERSEDED:
                # A later version holds the master's row (this batch decided after it).
                superseded.add(str(row.get(RECORD_ID)))
                continue
            pending.append((number, str(row.get(RECORD_ID)), count, pickle.dumps(row)))
            if len(pending) >= _INSERT:
                self.db.executemany(insert, pending)
                pending.clear()
        self.db.executemany(insert, pending)
        kind = Kind(prov.kind or first_kind)
        same = _unchanged(manifest(prov)) | superseded
        return Update(prov, kind, headers, count, widths, self.db, number, unchanged=same)


def _unchanged(manifest: Path) -> frozenset[str]:
    """Return the record ids the batch's manifest lists as unchanged (none without a manifest)."""
    if not manifest.is_file():
        return frozenset()
    found = (v for k, v in iter_items(manifest, skip=("records", "rejected")) if k == "unchanged")
    return frozenset(str(entry["record_id"]) for entry in found)
