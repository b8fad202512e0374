"""The drop folder: files HR ops drop are claimed once, processed, then archived; nothing is deleted.

Life of a dropped file (every move is a rename inside the same folder tree, so it is atomic)::

    inputs/offers_june.xlsx                     dropped; taken once stable for a few seconds
    inputs/.processing/offers_june.xlsx         claimed by a sweep; a crash leaves it here and
                                                the next sweep finishes it
    inputs/processed/2026-06-01/offers_june.xlsx  archived after its batch was published
    inputs/rejected/offers_june.xlsx            or rejected whole, with offers_june.xlsx.errors.txt

``outputs/.contents/<sha256>.json`` (:class:`Contents`) is the one registry of published contents,
shared by ``accord run``, ``accord watch`` and sweeps: the same bytes under any name are one batch,
whichever way they came first. ``inputs/.seen/<sha256>.json`` remembers where the drop folder
archived each file. Claims and moves are made by one sweep at a time (the caller holds the lock on
:attr:`Inbox.lock_file`), which is what makes "check, then rename" safe.
"""

from __future__ import annotations

import dataclasses
import hashlib
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from accord import batch
from accord.ooxml.atomic import atomic_write

INPUT_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
SETTLE_SECONDS = 5.0


def is_input(path: Path) -> bool:
    """Return True when ``path`` names a spreadsheet HR could have dropped (not a temp file)."""
    # Excel writes "~$name.xlsx" owner files and browsers ".part" files while a drop is in flight.
    return path.suffix.lower() in INPUT_SUFFIXES and not path.name.startswith((".", "~$"))


# Browsers and copy tools write these while a download or copy is in flight; they are left alone.
_IN_FLIGHT = (".part", ".crdownload", ".download", ".tmp")
# What Windows leaves in any folder it shows.
_SYSTEM_FILES = ("thumbs.db", "desktop.ini")


def is_unreadable(path: Path) -> bool:
    """Return True for a file HR dropped that Accord cannot read (a .docx, a .pdf).

    Hidden and temporary files, files still being copied, and the folder's own README are not
    HR's drops and are left where they are.
    """
    name = path.name
    if is_input(path) or name.startswith((".", "~$")) or name.lower().startswith("readme"):
        return False
    if name.lower() in _SYSTEM_FILES:
        return False
    return path.suffix.lower() not in _IN_FLIGHT


def _signature(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return st.st_size, st.st_mtime_ns


@dataclass(frozen=True)
class Seen:
    """A content already published: the file it came in as and the batch it became."""

    sha256: str
    name: str
    batch_id: str
    archived: str
    day: str


class Contents:
    """The registry of published contents in ``out_dir``: which batch each content became.

    Written when a batch is published, by whatever published it, and read before a file is
    staged: a copy of a published file under another name is that same batch.
    """

    def __init__(self, out_dir: Path) -> None:
        self.dir = Path(out_dir) / ".contents"

    def get(self, sha256: str) -> Seen | None:
        """Return what this content became; None when no batch in ``out_dir`` came from it."""
        path = self.dir / f"{sha256}.json"
        if not path.is_file():
            return None
        return Seen(**batch.read_json(path))

    def add(self, sha256: str, name: str, batch_id: str, day: date) -> Seen:
        """Return the registered batch of ``sha256``, registering this one if it is the first."""
        known = self.get(sha256)
        if known is not None:
            return known
        seen = Seen(sha256, name, batch_id, "", day.isoformat())
        self.dir.mkdir(parents=True, exist_ok=True)
        batch.write_json(self.dir / f"{sha256}.json", dataclasses.asdict(seen))
        return seen


class Inbox:
    """The drop folder at ``root`` and its hidden working folders."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.processing = root / ".processing"
        self.processed = root / "processed"
        self.rejected = root / "rejected"
        self.seen_dir = root / ".seen"

    @property
    def lock_file(self) -> Path:
        """Return the lock file that lets one sweep at a time claim and move files."""
        return self.root / ".sweep.lock"

    def dropped(self) -> list[Path]:
        """Return the spreadsheets lying in the drop folder itself, by name."""
        if not self.root.is_dir():
            return []
        return sorted(p for p in self.root.iterdir() if p.is_file() and is_input(p))

    def unreadable(self) -> list[Path]:
        """Return the files in the drop folder Accord cannot read (see :func:`is_unreadable`)."""
        if not self.root.is_dir():
            return []
        return sorted(p for p in self.root.iterdir() if p.is_file() and is_unreadable(p))

    def stable(
        self,
        settle: float = SETTLE_SECONDS,
        probe: float = 1.0,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
        among: list[Path] | None = None,
    ) -> list[Path]:
        """Return the dropped files that are complete: unchanged for ``settle`` seconds.

        A file counts when its last change is at least ``settle`` seconds old and its size and
        modification time are the same again ``probe`` seconds later. Younger files are left for the
        next sweep; an empty list means nothing is ready yet. ``among`` (default: the dropped
        spreadsheets) are the files looked at.
        """
        now = clock()
        first: dict[Path, tuple[int, int]] = {}
        for path in self.dropped() if among is None else among:
            sig = _signature(path)
            if sig is not None and now - sig[1] / 1e9 >= settle:
                first[path] = sig
        if not first:
            return []
        sleep(probe)
        return [path for path, sig in first.items() if _signature(path) == sig]

    def claim(self, path: Path) -> Path | None:
        """Return the file's new path in ``.processing/``; None when it cannot be taken now.

        None means the file vanished (someone else took it) or a file of the same name is still
        being processed; it stays in the drop folder for a later sweep.
        """
        if self._set_aside_if_outside(path):
            return None
        self.processing.mkdir(parents=True, exist_ok=True)
        target = self.processing / path.name
        if target.exists():
            return None
        try:
            path.rename(target)
        except FileNotFoundError:
            return None
        return target

    def _set_aside_if_outside(self, path: Path) -> bool:
        """Return True when ``path`` is a link out of the drop folder, moved to ``rejected/``.

        The link is moved, never followed: its target is neither read nor archived.
        """
        if not path.is_symlink():
            return False
        target = path.resolve()
        if target.is_relative_to(self.root.resolve()):
            return False
        link_text = str(path.readlink())
        where = _free_name(self.rejected, path.name, hashlib.sha256(link_text.encode()).hexdigest())
        self.rejected.mkdir(parents=True, exist_ok=True)
        where.with_name(where.name + ".errors.txt").write_text(
            f"{path.name} was not processed.\n{path.name} is a link to {target}, outside the drop "
            "folder, and Accord does not follow links out of it.\nCopy the file itself into the "
            "drop folder.\n",
            encoding="utf-8",
        )
        path.rename(where)
        return True

    def claimed(self) -> list[Path]:
        """Return files claimed earlier and not yet archived (a sweep died): finish these first."""
        if not self.processing.is_dir():
            return []
        return sorted(p for p in self.processing.iterdir() if p.is_file() and is_input(p))

    def seen(self, sha256: str) -> Seen | None:
        """Return what became of this content before; None when it was never published."""
        path = self.seen_dir / f"{sha256}.json"
        if not path.is_file():
            return None
        return Seen(**batch.read_json(path))

    def archive(
        self,
        claimed: Path,
        sha256: str,
        batch_id: str,
        today: date,
        rejects: Path | None = None,
    ) -> Path:
        """Move a claimed file to ``processed/<date>/`` once its batch is published; return it.

        ``rejects`` (the batch's rejects.xlsx, when rows were rejected) is copied beside the
        archived file as ``<name>.rejects.xlsx``, where HR finds what to fix. Safe to repeat: when
        the file was already moved, the archived path is returned again.
        """
        archived = self._archive(claimed, sha256, batch_id, today)
        _rejects_beside(archived, rejects)
        return archived

    def _archive(self, claimed: Path, sha256: str, batch_id: str, today: date) -> Path:
        seen = self.seen(sha256)
        if not claimed.exists() and seen is not None and (self.root / seen.archived).exists():
            return self.root / seen.archived
        folder = self.processed / today.isoformat()
        target = _free_name(folder, claimed.name, sha256)
        self.seen_dir.mkdir(parents=True, exist_ok=True)
        # Remember the content first: a crash before the move leaves the file claimed, and the
        # next sweep recognises it as this same file (same name) and only moves it.
        record: dict[str, Any] = {
            "sha256": sha256,
            "name": claimed.name,
            "batch_id": batch_id,
            "archived": target.relative_to(self.root).as_posix(),
            "day": today.isoformat(),
        }
        batch.write_json(self.seen_dir / f"{sha256}.json", record)
        folder.mkdir(parents=True, exist_ok=True)
        claimed.rename(target)
        return target

    def reject(self, claimed: Path, reason: str, rejects: Path | None = None) -> Path:
        """Move a claimed file to ``rejected/`` with ``<name>.errors.txt`` beside it; return it.

        ``rejects`` (a published batch's rejects.xlsx) goes beside it too, as in the archive.
        """
        sha = batch.file_sha256(claimed)
        target = _free_name(self.rejected, claimed.name, sha)
        self.rejected.mkdir(parents=True, exist_ok=True)
        note = target.with_name(target.name + ".errors.txt")
        note.write_text(reason.rstrip() + "\n", encoding="utf-8")
        _rejects_beside(target, rejects)
        claimed.rename(target)
        return target


def _rejects_beside(path: Path, rejects: Path | None) -> None:
    # Beside the input, as <name>.rejects.xlsx: where HR looks for what to fix.
    if rejects is None or not rejects.is_file():
        return
    beside = path.with_name(f"{path.stem}.rejects.xlsx")
    with rejects.open("rb") as source, atomic_write(beside) as fh:
        shutil.copyfileobj(source, fh)


def duplicate_reason(name: str, seen: Seen) -> str:
    """Return the errors.txt text for a file whose content was already processed."""
    where = f" (archived as {seen.archived})" if seen.archived else ""
    return (
        f"{name} has the same content as {seen.name}, which was processed on {seen.day} into the "
        f"batch {seen.batch_id}{where}.\n"
        "Nothing was done with this copy. If you meant to send changes, edit the spreadsheet and "
        "drop it again."
    )


def unreadable_reason(name: str) -> str:
    """Return the errors.txt text for a file Accord cannot read (a .docx, a .pdf)."""
    return (
        f"{name} was not processed: Accord reads spreadsheets only ({', '.join(INPUT_SUFFIXES)}).\n"
        "Save the data as an Excel workbook (.xlsx) or a CSV file and drop that file; the rest of "
        "the inbox was processed as usual."
    )


def near_miss_reason(name: str, batch_id: str, near_misses: list[str]) -> str:
    """Return the errors.txt text for a file published with headers Accord did not recognise."""
    listed = "\n".join(f"- {n}" for n in near_misses)
    return (
        f"{name} was processed into the batch {batch_id}, but some headers look like columns "
        f"Accord reads and were not recognised, so its documents were made without them:\n"
        f"{listed}\n"
        "Rename those columns and drop the file again: the new batch replaces this one in the "
        "master tracker. If a column is meant to be left out, list it under ignore_columns in "
        "accord.yaml; the batch stands as it is."
    )


def rejection_reason(name: str, error: str) -> str:
    """Return the errors.txt text for a file rejected whole."""
    return (
        f"{name} was not processed.\n{error}\n"
        "Fix the file and drop it again; the rest of the inbox was processed as usual."
    )


def _free_name(folder: Path, name: str, sha256: str) -> Path:
    """Return a path in ``folder`` for ``name`` that does not overwrite anything already there."""
    target = folder / name
    if not target.exists():
        return target
    stem, suffix = Path(name).stem, Path(name).suffix
    target = folder / f"{stem}-{sha256[:12]}{suffix}"
    counter = 2
    while target.exists():
        target = folder / f"{stem}-{sha256[:12]}-{counter}{suffix}"
        counter += 1
    return target
