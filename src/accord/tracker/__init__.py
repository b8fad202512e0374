"""Follow-up trackers: the batch tracker, the master tracker and the reminder digest."""

from accord.tracker.batch_tracker import write_batch_tracker

__all__ = ["write_batch_tracker"]
