"""Batch identity, staging, manifest and atomic publish.

A batch is built in ``outputs/.staging/<batch_id>/`` and moved into ``outputs/<batch_id>/`` with one
rename, so a crash leaves either the whole batch or none. The batch id comes from the input's name and
content hash: the same file twice is the same batch.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from accord.records import Record, from_json, to_json

_UNSAFE = re.compile(r"[^\w.-]+")


def file_sha256(path: Path) -> str:
    """Return the hex sha256 of the file at ``path``, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def safe_name(text: str, limit: int = 64) -> str:
    """Return ``text`` reduced to characters safe in a file name on every OS ("_" when empty)."""
    cleaned = _UNSAFE.sub("_", text).strip("._")[:limit]
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


@dataclass(frozen=True)
class Staging:
    """Where one batch is being built and where it will be published."""

    out_dir: Path
    batch_id: str

    @property
    def dir(self) -> Path:
        """Return the staging folder of the batch."""
        return self.out_dir / ".staging" / self.batch_id

    @property
    def work(self) -> Path:
        """Return the folder of intermediate files, removed before publishing."""
        return self.dir / "work"

    @property
    def final(self) -> Path:
        """Return the folder the batch is published to."""
        return self.out_dir / self.batch_id

    @classmethod
    def of(cls, staging_dir: Path) -> Staging:
        """Return the Staging whose folder is ``staging_dir``."""
        return cls(staging_dir.parent.parent, staging_dir.name)


def write_json(path: Path, data: Any) -> None:
    """Write ``data`` as stable, human-readable JSON (sorted keys), atomically."""
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n", "utf-8")
    tmp.replace(path)


def read_json(path: Path) -> Any:
    """Return the JSON data stored at ``path``."""
    return json.loads(path.read_text(encoding="utf-8"))


def write_records(staging: Staging, records: list[Record]) -> None:
    """Store the accepted records as JSON lines in the staging work folder."""
    tmp = staging.work / "records.jsonl.tmp"
    with tmp.open("w", encoding="utf-8") as fh:
        for record in records:
            fh.write(to_json(record) + "\n")
    tmp.replace(staging.work / "records.jsonl")


def read_records(staging: Staging, start: int, end: int) -> list[Record]:
    """Return records ``start`` (inclusive) to ``end`` (exclusive) from the staging work folder."""
    out: list[Record] = []
    with (staging.work / "records.jsonl").open(encoding="utf-8") as fh:
        for index, line in enumerate(fh):
            if index >= end:
                break
            if index >= start:
                out.append(from_json(line))
    return out


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
