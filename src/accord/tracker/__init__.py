"""Follow-up trackers: the batch tracker, the master tracker and the reminder digest."""

from accord.tracker.batch_tracker import (
    ChunkEntries,
    Provenance,
    chunk_entries,
    read_batch_tracker,
    write_batch_tracker,
)
from accord.tracker.digest import FollowUp, follow_ups, open_master, read_master_rows
from accord.tracker.layout import STATUSES
from accord.tracker.master import (
    MASTER_NAME,
    MergeOutcome,
    apply_pending,
    merge_batch,
    pending_files,
)
from accord.tracker.reminder import DigestReport, write_digest

__all__ = [
    "MASTER_NAME",
    "STATUSES",
    "ChunkEntries",
    "DigestReport",
    "FollowUp",
    "MergeOutcome",
    "Provenance",
    "apply_pending",
    "chunk_entries",
    "follow_ups",
    "merge_batch",
    "open_master",
    "pending_files",
    "read_batch_tracker",
    "read_master_rows",
    "write_batch_tracker",
    "write_digest",
]
