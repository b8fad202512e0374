"""How many records each chunk of a batch holds: one Prefect task renders one chunk."""

from __future__ import annotations

import os

from accord.errors import ConfigError

# Chunks per batch: about CHUNKS_PER_WORKER per pool worker, so a slow chunk does not leave the
# other worker idle at the end, and no more, since every chunk is a Prefect task, with its API
# calls from the flow process and its records in the server (MEASURED.md). Past MIN_CHUNK_SIZE
# records that cost is under 1% of rendering; MAX_CHUNK_SIZE bounds what one task holds and what
# a crash makes a re-run redo.
CHUNK_WORKERS = 2
CHUNKS_PER_WORKER = 4
MIN_CHUNK_SIZE = 250
MAX_CHUNK_SIZE = 2_500


def chunk_size_for(records: int) -> int:
    """Return the records per chunk for a batch of ``records``, by the adaptive rule.

    The batch is cut into ``CHUNK_WORKERS * CHUNKS_PER_WORKER`` (8) chunks of equal size, rounded
    up, then the size is held between ``MIN_CHUNK_SIZE`` (250) and ``MAX_CHUNK_SIZE`` (2,500):
    600 records give 3 chunks of at most 250, 10,000 give 8 of 1,250, 100,000 give 40 of 2,500.
    """
    chunks = CHUNK_WORKERS * CHUNKS_PER_WORKER
    return max(MIN_CHUNK_SIZE, min(MAX_CHUNK_SIZE, -(-records // chunks)))


def forced_chunk_size() -> int | None:
    """Return the records per chunk ``ACCORD_CHUNK_SIZE`` forces; None when it is unset."""
    raw = os.environ.get("ACCORD_CHUNK_SIZE", "").strip()
    if not raw:
        return None
    size = int(raw) if raw.isdigit() else 0
    if size < 1:
        raise ConfigError(
            f"ACCORD_CHUNK_SIZE is '{raw[:20]}'. Set it to a whole number of records per chunk, "
            "such as 500, or unset it to let the batch's size decide."
        )
    return size


def chunk_size_setting(records: int) -> int:
    """Return the records per chunk: ``ACCORD_CHUNK_SIZE`` when set, else :func:`chunk_size_for`."""
    return forced_chunk_size() or chunk_size_for(records)
