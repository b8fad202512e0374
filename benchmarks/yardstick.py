"""The batch steps of the ``process_batch`` flow, called directly: the bench's measure of Prefect.

``make bench`` runs each batch through ``accord run`` and through this module, with the same worker
pool, chunks and order of steps. The time during which no step runs, beyond what it is here, is what
Prefect itself costs (its import and API, flow and task runs, artifacts, and, embedded, its temporary
server). Only the bench uses it: it skips the batch lock, resuming and the master tracker's retries.

Run as ``python -m benchmarks.yardstick INPUT OUT_DIR AS_OF`` from the checkout.
"""

from __future__ import annotations

import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

from accord import batch, steps
from accord.chunking import CHUNK_WORKERS
from accord.heap import skip_collection_at_exit
from accord.workers import WorkerPool


def run(input_path: Path, out_dir: Path, as_of: date) -> str:
    """Return the published batch folder of ``input_path``, processed without Prefect."""
    pool = WorkerPool(CHUNK_WORKERS)  # started first, as the flow's task runner starts it
    try:
        # What the flow's identify_input task does before it takes the batch's lock.
        batch.batch_id_of(input_path)
        staged = steps.stage_input(input_path, out_dir)
        if staged.file_error or staged.already_published:
            raise SystemExit(f"{input_path.name}: not a fresh, valid batch")
        staging = Path(staged.staging_dir)
        with ThreadPoolExecutor(CHUNK_WORKERS) as threads:
            chunks = [
                threads.submit(pool.run, steps.render_chunk, staging, i, start, end, as_of)
                for i, (start, end) in enumerate(staged.chunks)
            ]
            for chunk in chunks:
                chunk.result()
            tracker = threads.submit(pool.run, steps.write_tracker, staging, as_of)
            steps.write_manifest(staging, as_of)
            steps.write_summary(staging)
            tracker.result()
        folder = steps.publish(staging)
    finally:
        pool.close()
    steps.update_master_tracker(Path(folder))
    return folder


if __name__ == "__main__":
    skip_collection_at_exit()  # as `accord run` does, so that the two compare like for like
    run(Path(sys.argv[1]), Path(sys.argv[2]), date.fromisoformat(sys.argv[3]))
