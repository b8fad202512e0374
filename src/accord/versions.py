"""Versions of a record across batches: a record id seen before is a new version or unchanged.

A counter-offer or a revised separation is the same record id in a later file of the same kind.
Its previous version is found in the manifests of the batches published before (``outputs/
<batch>/`` and the versions ``--reissue`` set aside in ``outputs/.versions/<batch>/<n>/``):

- the same values as the last version: unchanged, not issued again;
- other values: version N, with a redline of its signing copy against version N-1's;
- never seen, or the id now names someone else (a conflict the master tracker reports): new.

The redline is against what the person received. Where counsel approves batches
(:mod:`accord.approval`), that is the last version **released** to the person: its batch was
approved (not rejected, not still awaiting approval) and the record was not held back with
"approve except", and the release copied it out. The version number still counts every version
published (version 3 follows a rejected version 2), and unchanged is still judged against the
last published values. When no earlier version was ever released (every one awaits approval, was
rejected or held, or predates the approval step), the redline is against the last published
version and the record gets a ``redline_base_unreleased`` warning saying that version was never
sent: the lawyer still sees what changed, and HR knows the person never saw the base.

Values are compared as a digest of the row (its position in the sheet aside), so the manifest
holds no personal data it did not hold before. The person is a digest of the name: the same id
with another name from another file is a conflict, never a version.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import time
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from lxml import etree

from accord import batch, timing
from accord.batch import Staging
from accord.records import Record, to_data
from accord.report import manifest_file

NEW, CHANGED, UNCHANGED = "new", "changed", "unchanged"
# Where a row sits in the sheet is not a value of the record.
_NOT_VALUES = ("row", "sheet")


@dataclass(frozen=True)
class Previous:
    """The last published version of a record: its batch, number and where its documents are."""

    batch_id: str
    folder: Path
    version: int
    as_of: str
    values: str
    person: str
    source: str
    signing: Path | None
    released: bool = False
    base: Previous | None = None

    @property
    def sent(self) -> Previous:
        """Return the version the redline is against: the last released one, else this one."""
        return self.base or self


def values_digest(record: Record) -> str:
    """Return a digest of the record's values; equal digests mean nothing HR wrote changed."""
    data = to_data(record)
    for key in _NOT_VALUES:
        data.pop(key, None)
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:32]


def person_digest(record: Record) -> str:
    """Return a digest of whose record it is (the name, as the master tracker compares names)."""
    name = " ".join(
        unicodedata.normalize("NFC", str(getattr(record, "name", ""))).casefold().split()
    )
    return hashlib.sha256(name.encode()).hexdigest()[:16] if name else ""


def _manifests(out_dir: Path) -> list[Path]:
    found = [p for p in out_dir.glob("*/manifest.json") if not p.parent.name.startswith(".")]
    return sorted(found + list(out_dir.glob(".versions/*/*/manifest.json")))


def _latest(found: dict[str, Previous], candidate: Previous, record_id: str) -> None:
    known = found.get(record_id)
    order = (candidate.version, candidate.as_of, str(candidate.folder))
    if known is None or order > (known.version, known.as_of, str(known.folder)):
        found[record_id] = candidate


def released_ids(folder: Path) -> set[str]:
    """Return the record ids a batch released to the people: approved (not held, not rejected)
    in its approval.json, with their release folder written; empty while it awaits approval."""
    from accord.approval import read_decision
    from accord.release import RELEASE_NAME

    decision = read_decision(folder)
    if decision is None or decision.get("decision") == "reject":
        return set()
    return {
        rid
        for rid, data in (decision.get("records") or {}).items()
        if data.get("outcome") == "approved"
        and (folder / RELEASE_NAME / batch.record_folder(rid)).is_dir()
    }


def for_staging(staging: Staging, kind: str) -> dict[str, Previous]:
    """Return :func:`previous_versions` for the batch ``staging`` is making, read once per
    worker and staging (a batch staged again, after a reissue, reads them again)."""
    stamp = (staging.work / "input.json").stat().st_mtime_ns
    return previous_versions(staging.out_dir, kind, staging.batch_id, stamp)


@lru_cache(maxsize=4)
def previous_versions(
    out_dir: Path, kind: str, exclude: str = "", stamp: int = 0
) -> dict[str, Previous]:
    """Return the last published version of every record id of ``kind`` under ``out_dir``.

    ``exclude`` is the batch id being made: the same file published again with ``--reissue``
    (other options) is that batch again, not a version of it; ``stamp`` tells one staging of
    it from the next. Empty when nothing of the kind was published.
    """
    found: dict[str, Previous] = {}
    sent: dict[str, Previous] = {}
    for path in _manifests(out_dir):
        folder = path.parent
        head: dict[str, Any] = {}
        released: set[str] | None = None
        for key, value in manifest_file.iter_items(path):
            if key != "records":
                head[key] = value
                if (key == "kind" and value != kind) or (key == "batch_id" and value == exclude):
                    break
                continue
            signing = next((d for d in value["documents"] if d.get("variant")), None)
            candidate = Previous(
                batch_id=str(head.get("batch_id", folder.name)),
                folder=folder,
                version=int(value.get("version", 1)),
                as_of=str(head.get("as_of", "")),
                values=str(value.get("values_sha256", "")),
                person=str(value.get("person", "")),
                source=str(head.get("input", {}).get("name", "")),
                signing=folder / signing["path"] if signing else None,
            )
            if released is None:
                released = released_ids(folder)
            if str(value["record_id"]) in released:
                candidate = dataclasses.replace(candidate, released=True)
                _latest(sent, candidate, value["record_id"])
            _latest(found, candidate, value["record_id"])
    # The last published version counts and compares; the redline is against the last released.
    return {
        rid: last if last.released or rid not in sent else dataclasses.replace(last, base=sent[rid])
        for rid, last in found.items()
    }


def classify(record: Record, previous: Previous | None, source: str) -> str:
    """Return NEW, CHANGED or UNCHANGED for ``record`` against its last version ``previous``.

    A record whose id names another person (another name, from another file) is NEW: the master
    tracker reports the conflict, and nothing of the other person's is compared with it.
    """
    if previous is None:
        return NEW
    person = person_digest(record)
    if previous.person and person and previous.person != person and previous.source != source:
        return NEW
    if previous.values and previous.values == values_digest(record):
        return UNCHANGED
    return CHANGED


def stamp(entry: dict[str, Any], record: Record, previous: Previous | None, state: str) -> None:
    """Add the version fields to a manifest ``entry``: version, values and person digests, and
    for a changed record the batch and number of the version it replaces."""
    entry["values_sha256"] = values_digest(record)
    entry["person"] = person_digest(record)
    if state == CHANGED and previous is not None:
        entry["version"] = previous.version + 1
        entry["previous"] = {"batch_id": previous.batch_id, "version": previous.version}
    elif state == UNCHANGED and previous is not None:
        entry["version"] = previous.version
        entry["same_as"] = previous.batch_id
    else:
        entry["version"] = 1


def write_redline(previous: Previous, signing: Any, folder: Path, as_of: date) -> Path | None:
    """Return the ``<type>.redline.docx`` written in ``folder``: the new signing copy
    (a RenderedDocument) with every change from the previous version's tracked; None when the
    previous version's signing copy is gone (moved or deleted by hand)."""
    from accord.documents.redline import redline  # lxml: only when a record changed

    base = previous.sent
    if base.signing is None or not base.signing.is_file():
        return None
    started = time.perf_counter()
    path = folder / f"{signing.name}.redline.docx"
    try:
        data = redline(base.signing.read_bytes(), signing.data, as_of)
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError):
        return None  # saved over by hand in another program: the finding says so
    path.write_bytes(data)
    timing.record("redline", time.perf_counter() - started)
    return path


def unreleased_base(previous: Previous) -> dict[str, str] | None:
    """Return the finding of a changed record none of whose earlier versions was released to
    the person (the redline is then against the last published one); None when one was."""
    if previous.sent.released:
        return None
    return {
        "code": "redline_base_unreleased",
        "severity": "warning",
        "message": (
            f"This is version {previous.version + 1}. No earlier version was released to the "
            f"person (version {previous.version}, batch {previous.batch_id}, awaits approval, was "
            "rejected or held back, or predates the approval step), so the redline is against "
            f"version {previous.version}, which the person never received."
        ),
        "citation": "",
    }


def no_redline(previous: Previous) -> dict[str, str]:
    """Return the finding of a changed record whose previous signing copy could not be read."""
    sent = previous.sent
    where = sent.signing.relative_to(sent.folder.parent) if sent.signing else None
    return {
        "code": "redline_unavailable",
        "severity": "warning",
        "message": (
            f"This is version {previous.version + 1}, but the signing copy of version "
            f"{sent.version} ({where or 'its signing copy'}) is missing or is no longer a Word "
            "file Accord wrote, so no redline was written. Compare the two versions in Word "
            "(Review > Compare)."
        ),
        "citation": "",
    }


def reviser(previous: Previous) -> Callable[[bytes], dict[str, Any]]:
    """Return what the negotiation summary of the next version needs from its signing copy:
    the version numbers and the lines saying what changed since ``previous``."""

    def revise(signing: bytes) -> dict[str, Any]:
        from accord.documents.changes import changes

        sent = previous.sent.signing
        try:
            found = changes(sent.read_bytes(), signing) if sent and sent.is_file() else []
        except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError):
            found = []  # no redline either: its finding says why
        return {
            "version": previous.version + 1,
            "previous": previous.sent.version,
            "changes": found,
        }

    return revise


@dataclass(frozen=True)
class Seen:
    """One batch a record id appears in: its version there and where its documents are."""

    version: int
    batch_id: str
    as_of: str
    source: str
    folder: Path
    unchanged: bool
    signing: Path | None
    redline: Path | None


def history(out_dir: Path, record_id: str) -> list[Seen]:
    """Return every batch under ``out_dir`` holding ``record_id``, oldest version first; empty
    when no published batch has it."""
    found: list[Seen] = []
    for path in _manifests(out_dir):
        folder = path.parent
        head: dict[str, Any] = {}
        for key, value in manifest_file.iter_items(path):
            if key not in ("records", "unchanged"):
                head[key] = value
                continue
            if value.get("record_id") != record_id:
                continue
            docs = value.get("documents") or []
            signing = next((d for d in docs if d.get("variant")), None)
            found.append(
                Seen(
                    version=int(value.get("version", 1)),
                    batch_id=str(head.get("batch_id", folder.name)),
                    as_of=str(head.get("as_of", "")),
                    source=str(head.get("input", {}).get("name", "")),
                    folder=folder,
                    unchanged=key == "unchanged",
                    signing=folder / signing["path"] if signing else None,
                    redline=folder / value["redline"] if value.get("redline") else None,
                )
            )
    return sorted(found, key=lambda s: (s.version, s.unchanged, s.as_of, str(s.folder)))
