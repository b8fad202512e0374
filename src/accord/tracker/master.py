"""The master tracker ``outputs/tracker.xlsx``: every batch's rows, upserted by (kind, record id).

Columns Accord computes are refreshed by each batch; the columns HR owns (status, owner override, next
action, notes, the dates things were done) are written once, when a record first appears, and never
again. Rows are never deleted: a record missing from a re-issued file is marked in ``In latest file``.

The workbook is rewritten under a lock, through a temporary file and one rename, and the version it
replaces is kept as ``tracker.prev.xlsx``. When HR has it open in Excel, or it cannot be read, the
batch's rows wait in ``tracker.pending-<batch_id>.xlsx`` and a later run applies them.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from accord.lock import LockTimeout, wait_lock
from accord.ooxml.atomic import atomic_write
from accord.tracker import held_rows
from accord.tracker.updates import Unavailable, Update, Updates
from accord.tracker.upsert import rewrite

MASTER_NAME = "tracker.xlsx"


@dataclass(frozen=True)
class MergeOutcome:
    """What a master tracker update did: ``created``, ``updated``, ``unchanged`` or ``pending``.

    ``message`` is one line for HR (file names and batch ids only); ``pending`` is the side file
    that holds this batch's rows when the master tracker could not be written.
    """

    status: str
    message: str
    pending: Path | None = None
    applied_pending: int = 0


def prev_path(master: Path) -> Path:
    """Return where the master tracker's previous version is kept (``tracker.prev.xlsx``)."""
    return master.with_name(f"{master.stem}.prev{master.suffix}")


def pending_path(master: Path, batch_id: str) -> Path:
    """Return the side file that keeps a batch's rows until the master tracker can take them."""
    return master.with_name(f"{master.stem}.pending-{batch_id}{master.suffix}")


def pending_files(master: Path) -> list[Path]:
    """Return the side files waiting to be applied, oldest first."""
    found = master.parent.glob(f"{master.stem}.pending-*{master.suffix}")
    return sorted(found, key=lambda p: (p.stat().st_mtime_ns, p.name))


def hold_for_master(tracker: Path, master: Path, batch_id: str) -> Path:
    """Return the side file now holding a copy of a batch tracker's rows for the master.

    Written just before the batch is published and removed by the merge that follows: a run that
    dies in between leaves it, and the next merge (any run, sweep or ``accord follow-up``) applies
    it, so a published batch always reaches the master. A side file whose batch folder is not
    published yet waits.
    """
    kept = pending_path(master, batch_id)
    _copy(tracker, kept)
    return kept


def _copy(source: Path, target: Path) -> None:
    """Copy ``source`` over ``target`` atomically (a reader sees the old copy or the new one)."""
    with source.open("rb") as src, atomic_write(target) as out:
        shutil.copyfileobj(src, out, 1 << 20)


def _published(master: Path, pending: Path) -> bool:
    prefix = f"{master.stem}.pending-"
    batch_id = pending.name[len(prefix) : len(pending.name) - len(master.suffix)]
    return (master.parent / batch_id / "manifest.json").is_file()


def lock_path(master: Path) -> Path:
    """Return the lock file that guards ``master`` (hidden, beside it)."""
    return master.with_name(f".{master.name}.lock")


def _excel_lock(master: Path) -> Path:
    # Excel creates "~$<name>" beside a workbook while it has it open.
    return master.with_name(f"~${master.name}")


def merge_batch(
    batch_dir: Path, master: Path | None = None, timeout: float = 120.0
) -> MergeOutcome:
    """Return what happened after upserting a published batch's tracker rows into the master.

    ``master`` defaults to ``tracker.xlsx`` beside the batch folder. Side files left by earlier runs
    are applied first. When the master is open in Excel, damaged or locked for longer than
    ``timeout`` seconds, the batch's rows are kept in a side file and the outcome says so.
    """
    master = master or batch_dir.parent / MASTER_NAME
    held = held_rows.held_path(batch_dir.parent, batch_dir.name)
    try:
        with Updates() as work:
            tracker = batch_dir / "tracker.xlsx"
            update = work.load(tracker, lambda _: batch_dir / "manifest.json", held)
            return _update_master(master, work, update, tracker, timeout)
    finally:
        # Read once: a later merge of this batch reads the workbook.
        held_rows.discard(batch_dir.parent, batch_dir.name)


def apply_pending(master: Path, timeout: float = 120.0) -> MergeOutcome:
    """Return what happened after applying the side files waiting beside ``master``."""
    if not pending_files(master):
        return MergeOutcome("unchanged", f"{master} has no pending updates.")
    with Updates() as work:
        return _update_master(master, work, None, None, timeout)


def _update_master(
    master: Path, work: Updates, update: Update | None, source: Path | None, timeout: float
) -> MergeOutcome:
    try:
        with wait_lock(lock_path(master), timeout, fix="The next run applies the pending rows."):
            return _merge_locked(master, work, update)
    except LockTimeout:
        problem = f"{master} stayed locked by another run for {timeout:g} s."
        fix = "the next run applies them"
    except Unavailable as exc:
        problem, fix = exc.problem, exc.fix
    if update is None or source is None:
        return MergeOutcome("pending", f"{problem} Pending updates wait; {fix}.")
    kept = pending_path(master, update.provenance.batch_id)
    _copy(source, kept)
    return MergeOutcome(
        "pending", f"{problem} Accord kept this batch's rows in {kept.name}; {fix}.", kept
    )


def _merge_locked(master: Path, work: Updates, update: Update | None) -> MergeOutcome:
    if _excel_lock(master).exists():
        raise Unavailable(
            f"{master} is open in Excel ({_excel_lock(master).name} is beside it).",
            "close it (or delete that file if nobody has it open) and the next run applies them",
        )
    created = not master.exists()
    this = pending_path(master, update.provenance.batch_id) if update else None
    done: list[Path] = []
    unreadable: list[str] = []
    updates: list[Update] = []
    for path in pending_files(master):
        if path == this:
            done.append(path)  # the same batch again: its fresh rows below replace this copy
            continue
        if not _published(master, path):
            continue  # held by a run that is publishing it now (or died before it did)
        try:
            updates.append(
                work.load(path, lambda prov: master.parent / prov.batch_id / "manifest.json")
            )
        except Exception:  # a damaged side file stays where it is for HR to look at
            unreadable.append(path.name)
            continue
        done.append(path)
    applied = len(done) - (this in done)
    if update is not None:
        updates.append(update)
    elif not applied:
        return MergeOutcome("unchanged", f"{master} has no pending updates.")
    current: Path | None = None if created else master
    written: list[Path] = []
    try:
        # One streaming pass per update: each reads the previous result and writes the next.
        for n, item in enumerate(updates):
            # openpyxl opens only names ending in .xlsx, and the next pass reads this one.
            out = master.with_name(f".{master.stem}.{os.getpid()}.{n}.tmp{master.suffix}")
            written.append(out)
            rewrite(current, item, out, _damaged(master))
            current = out
        assert current is not None
        _install(current, master)
    finally:
        for path in written:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
    for path in done:
        path.unlink(missing_ok=True)
    status = "created" if created else "updated"
    extra = f" (and {applied} pending update(s) applied)" if applied else ""
    if unreadable:
        extra += f"; {', '.join(unreadable)} could not be read and was left in place"
    extra += "".join(_conflicts(item) for item in updates)
    return MergeOutcome(status, f"{master} {status}{extra}.", applied_pending=applied)


def _conflicts(update: Update) -> str:
    # Ids and file names only: this message reaches Prefect's logs.
    if not update.conflicts:
        return ""
    shown = sorted(update.conflicts.items())[:5]
    listed = ", ".join(f"{rid} (also in {source}, batch {batch})" for rid, (source, batch) in shown)
    more = f" and {len(update.conflicts) - 5} more" if len(update.conflicts) > 5 else ""
    return (
        f"; {update.provenance.source} gives record ids of other people in the master: "
        f"{listed}{more}. Both rows are kept and the new one says so in Notes: HR decides"
    )


def _damaged(master: Path) -> Unavailable:
    return Unavailable(
        f"{master} cannot be read as a workbook (it may be damaged).",
        f"restore {prev_path(master).name} over it or move it aside, and the next run applies them",
    )


class _Discard:
    """An lxml parser target that keeps nothing: the parse only proves the XML well formed."""

    def close(self) -> None:
        """Return nothing: there is no tree to hand back."""


def opens(path: Path) -> bool:
    """Return whether ``path`` is a workbook Excel, LibreOffice and openpyxl can open.

    Every member's checksum is checked and every XML part parsed (a character XML cannot hold, a
    truncated part and a damaged zip all fail), in bounded memory. ``False`` says it is damaged.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
                return False
            for name in names:
                with archive.open(name) as member:
                    xml = name.endswith((".xml", ".rels"))
                    parser = etree.XMLParser(target=_Discard(), huge_tree=True) if xml else None
                    while chunk := member.read(1 << 20):  # reading to the end checks the CRC
                        if parser is not None:
                            parser.feed(chunk)
                    if parser is not None:
                        parser.close()
    except (OSError, zipfile.BadZipFile, etree.XMLSyntaxError, ValueError, EOFError):
        return False
    return True


def _stamp(master: Path) -> Path:
    return master.with_name(f".{master.name}.installed")


def _remember_installed(master: Path) -> None:
    st = master.stat()
    _stamp(master).write_text(f"{st.st_size} {st.st_mtime_ns}\n", encoding="ascii")


def _as_installed(master: Path) -> bool:
    """Return whether ``master`` is still the file Accord read back when it installed it.

    Reading a 100,000-row master back takes seconds: when nobody saved it since (same size and
    modification time), it is known to open.
    """
    try:
        st = master.stat()
        return _stamp(master).read_text(encoding="ascii").split() == [
            str(st.st_size),
            str(st.st_mtime_ns),
        ]
    except (OSError, ValueError):
        return False


def _install(written: Path, master: Path) -> None:
    if not opens(written):
        # Accord's own writer made it, so this should never happen; if it does, the master
        # HR works in stays as it is and the rows wait in a side file.
        raise Unavailable(
            f"the updated {master.name} did not open when Accord read it back; {master} was "
            "left as it was.",
            "report this with the batch folder, and the next run applies them",
        )
    try:
        # tracker.prev.xlsx is the last copy that opens: a master that does not (damaged by
        # hand, or by an older Accord) is replaced but never kept as the previous version.
        if master.exists() and (_as_installed(master) or opens(master)):
            _copy(master, prev_path(master))
        written.replace(master)
        _remember_installed(master)
    except PermissionError:
        # Windows refuses to replace a workbook another program holds open.
        raise Unavailable(
            f"{master} could not be replaced (another program has it open).",
            "close it and the next run applies them",
        ) from None
