"""Intake: spreadsheets in, typed records (or a precise list of what to fix) out."""

from accord.intake.kinds import detect_kind
from accord.intake.limits import Limits
from accord.intake.reader import IntakeResult, RecordSink, read_batch, read_batch_to
from accord.intake.rejects import write_rejects

__all__ = [
    "IntakeResult",
    "Limits",
    "RecordSink",
    "detect_kind",
    "read_batch",
    "read_batch_to",
    "write_rejects",
]
