"""Batch identity, staging and atomic publish.

A batch is built in ``outputs/.staging/<batch_id>/`` and moved into ``outputs/<batch_id>/`` with one
rename, so a crash leaves either the whole batch or none. The batch id comes from the input's name and
content hash: the same file twice is the same batch.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import shutil
import sys
from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import orjson

from accord.ooxml.atomic import atomic_write, write_bytes, write_text
from accord.records import Record, from_json, to_json

_UNSAFE = re.compile(r"[^\w.-]+")
_EDGES = re.compile(r"^[-._]+|[._]+$")


def file_sha256(path: Path) -> str:
    """Return the hex sha256 of the file at ``path``, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def safe_name(text: str, limit: int = 64) -> str:
    """Return ``text`` reduced to characters safe in a file name on every OS ("_" when empty).

    It never starts with ``-``: a batch id such as ``-rf-3f06...`` would read as an option to
    every command HR-IT types it into.
    """
    cleaned = _EDGES.sub("", _UNSAFE.sub("_", text))[:limit]
    return cleaned or "_"


def record_folder(record_id: str) -> str:
    """Return the folder name of a record's documents: the id itself when it is safe.

    An id that had to be changed gets a short hash of the original appended, so that two ids that
    differ only in punctuation ("A/1", "A_1") never share a folder.
    """
    name = safe_name(record_id)
    if name == record_id:
        return name
    return f"{name}-{hashlib.sha256(record_id.encode()).hexdigest()[:8]}"


def batch_id_for(path: Path, sha256: str) -> str:
    """Return the batch id of an input: its sanitised name and the first 12 hex of its hash."""
    return f"{safe_name(path.stem)}-{sha256[:12]}"


def batch_id_of(path: Path) -> str:
    """Return the batch id of the input file at ``path``, hashing its content."""
    return batch_id_for(path, file_sha256(path))


@dataclass(frozen=True)
class Staging:
    """Where one batch is being built and where it will be published."""

    out_dir: Path
    batch_id: str

    @cached_property
    def dir(self) -> Path:
        """Return the staging folder of the batch."""
        return self.out_dir / ".staging" / self.batch_id

    @cached_property
    def work(self) -> Path:
        """Return the folder of intermediate files, removed before publishing."""
        return self.dir / "work"

    @property
    def final(self) -> Path:
        """Return the folder the batch is published to."""
        return self.out_dir / self.batch_id

    def chunk_path(self, index: int) -> Path:
        """Return the file where chunk ``index`` keeps its rendered records' entries (one JSON line)."""
        return self.work / f"chunk-{index:05d}.jsonl"

    def chunk_paths(self) -> list[Path]:
        """Return the chunk files written so far, in chunk order."""
        return sorted(self.work.glob("chunk-*.jsonl"))

    @classmethod
    def of(cls, staging_dir: Path) -> Staging:
        """Return the Staging whose folder is ``staging_dir``."""
        return cls(staging_dir.parent.parent, staging_dir.name)


def write_json(path: Path, data: Any, indent: int | None = 2) -> None:
    """Write ``data`` as stable JSON (sorted keys), atomically (:mod:`accord.ooxml.atomic`).

    It is indented for people to read; ``indent=None`` writes it on one line, several times faster
    (Python's C encoder only serves unindented JSON).
    """
    text = json.dumps(data, indent=indent, sort_keys=True, ensure_ascii=False)
    write_text(path, text + "\n")


def read_json(path: Path) -> Any:
    """Return the JSON data stored at ``path``."""
    return json.loads(path.read_text(encoding="utf-8"))


# orjson (which Prefect itself depends on) encodes a chunk seven times faster than json and reads
# it twice as fast; every later step reads each chunk, the tracker twice.
_CHUNK_OPTIONS = orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS
_ENTRY_GROUPS = ("records", "blocked", "unchanged")


def write_chunk(path: Path, data: dict[str, Any]) -> None:
    """Write a chunk file (``work/chunk-*.jsonl``: one chunk's entries and counts) atomically,
    as one line of JSON with sorted keys, so that the same chunk gives the same bytes.

    A signing copy's clause list (ids, headings, citations, rules: three quarters of an entry) is
    the same for every record of its variant and place: the file keeps each distinct list once,
    under ``clause_lists``, and :func:`read_chunk` puts them back.
    """
    lists: dict[bytes, str] = {}
    shared = {
        group: [_with_clause_refs(entry, lists) for entry in data.get(group, [])]
        for group in _ENTRY_GROUPS
        if group in data
    }
    stored = {ref: orjson.Fragment(raw) for raw, ref in lists.items()}
    body = {**data, **shared, "clause_lists": stored}
    write_bytes(path, orjson.dumps(body, option=_CHUNK_OPTIONS) + b"\n")


def _with_clause_refs(entry: dict[str, Any], lists: dict[bytes, str]) -> dict[str, Any]:
    docs = entry.get("documents")
    if not docs or not any("clauses" in d for d in docs):
        return entry
    out = []
    for doc in docs:
        if "clauses" in doc:
            raw = orjson.dumps(doc["clauses"], option=_CHUNK_OPTIONS)
            ref = lists.setdefault(raw, str(len(lists)))
            doc = {k: v for k, v in doc.items() if k != "clauses"} | {"clauses_ref": ref}
        out.append(doc)
    return {**entry, "documents": out}


def read_chunk(path: Path) -> dict[str, Any]:
    """Return the data of a chunk file written by :func:`write_chunk`, each document's clause
    list in place (documents of one variant share one list: read it, never change it)."""
    data: dict[str, Any] = orjson.loads(path.read_bytes())
    lists = data.pop("clause_lists", None) or {}
    if lists:
        for group in _ENTRY_GROUPS:
            for entry in data.get(group, ()):
                for doc in entry.get("documents", ()):
                    ref = doc.pop("clauses_ref", None)
                    if ref is not None:
                        doc["clauses"] = lists[ref]
    return data


class RecordWriter:
    """Stores records as JSON lines in the staging work folder as they come, with a line index.

    ``records.idx`` holds each line's byte offset (native 8-byte integers), so a chunk seeks to its
    first record instead of reading every line before it (which made rendering quadratic in the
    batch's size). Both files are written under temporary names and take their real names only in
    :meth:`commit`; used as a context manager, an exception discards them, so a rejected or
    interrupted file never leaves records that look complete.
    """

    def __init__(self, staging: Staging) -> None:
        self._files = contextlib.ExitStack()
        # Entered in this order, the index takes its name first: a records.jsonl without its
        # index is still read (by scanning).
        self._lines = self._files.enter_context(atomic_write(staging.work / "records.jsonl"))
        self._index = self._files.enter_context(atomic_write(staging.work / "records.idx"))
        self.count = 0

    def add(self, record: Record) -> None:
        """Append one record after those already written."""
        self._index.write(self._lines.tell().to_bytes(8, sys.byteorder))
        self._lines.write(to_json(record).encode("utf-8") + b"\n")
        self.count += 1

    def commit(self) -> int:
        """Give both files their real names and return how many records they hold."""
        self._index.write(self._lines.tell().to_bytes(8, sys.byteorder))
        self._files.close()
        return self.count

    def discard(self) -> None:
        """Remove what was written so far."""
        self._files.__exit__(_Discarded, _Discarded(), None)

    def __enter__(self) -> RecordWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        if kind is None:
            self.commit()
        else:
            self.discard()


class _Discarded(Exception):
    """Passed to the temporary files of a :class:`RecordWriter` so that they are removed."""


def write_records(staging: Staging, records: Iterable[Record]) -> int:
    """Store ``records`` in the staging work folder (see :class:`RecordWriter`); return how many."""
    with RecordWriter(staging) as writer:
        for record in records:
            writer.add(record)
    return writer.count


def read_records(staging: Staging, start: int, end: int) -> list[Record]:
    """Return records ``start`` (inclusive) to ``end`` (exclusive) from the staging work folder."""
    index = staging.work / "records.idx"
    path = staging.work / "records.jsonl"
    if not index.is_file():
        return _scan_records(path, start, end)
    offsets = array("Q")
    offsets.frombytes(index.read_bytes())
    end = min(end, len(offsets) - 1)
    if start >= end:
        return []
    with path.open("rb") as fh:
        fh.seek(offsets[start])
        block = fh.read(offsets[end] - offsets[start])
    # Split on the newline byte only: str.splitlines would also split inside values (U+2028).
    return [from_json(line.decode("utf-8")) for line in block.split(b"\n")[:-1]]


def _scan_records(path: Path, start: int, end: int) -> list[Record]:
    # A staging folder written before the index existed: read up to the chunk's end.
    out: list[Record] = []
    with path.open(encoding="utf-8") as fh:
        for index, line in enumerate(fh):
            if index >= end:
                break
            if index >= start:
                out.append(from_json(line))
    return out


def staged_info(
    staging: Staging, sha256: str, chunk_size: Callable[[int], int]
) -> dict[str, Any] | None:
    """Return the ``input.json`` a dead run left for this content and chunk size, else None.

    ``chunk_size`` gives the records per chunk for a number of records: the staging is reused only
    when its chunks were cut at the size it gives for the count staged. None means there is nothing
    reusable: no staging, another content, or other chunk bounds.
    """
    path = staging.work / "input.json"
    if not path.is_file() or not (staging.work / "records.jsonl").is_file():
        return None
    info: dict[str, Any] = read_json(path)
    if info.get("sha256") != sha256 or not isinstance(info.get("accepted"), int):
        return None
    if info.get("chunk_size") != chunk_size(info["accepted"]):
        return None
    return info


def clear_staging(staging: Staging) -> None:
    """Remove whatever an earlier, unusable attempt left in the batch's staging folder."""
    if staging.dir.exists():
        shutil.rmtree(staging.dir)


def finished_chunk(path: Path, plan: dict[str, Any]) -> dict[str, int] | None:
    """Return the counts of a chunk already rendered with this ``plan``; None when it must be.

    A chunk file is written last, after its documents, so its presence means they are complete.
    """
    if not path.is_file():
        return None
    data = read_chunk(path)
    if data.get("plan") != plan or "counts" not in data:
        return None
    counts: dict[str, int] = data["counts"]
    return counts


def lock_path(out_dir: Path, batch_id: str) -> Path:
    """Return the lock file that lets one run at a time build or publish a batch."""
    # Beside .staging, not in it: .staging must be empty once every batch is published.
    return out_dir / ".locks" / f"{batch_id}.lock"


def publish(staging: Staging) -> Path:
    """Move the staged batch into place with one rename and return its folder.

    When the batch was already published (the same file dropped twice), the staged copy is discarded
    and the published folder is returned unchanged.
    """
    shutil.rmtree(staging.work, ignore_errors=True)
    if staging.final.exists():
        shutil.rmtree(staging.dir)
        return staging.final
    staging.dir.replace(staging.final)
    return staging.final
