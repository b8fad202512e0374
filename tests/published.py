"""A published batch of the offers sample, built by the steps the flow runs (no Prefect), to copy."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from accord import approval, batch, steps
from tests.conftest import SAMPLES

AS_OF = date(2026, 6, 1)
SAMPLE = SAMPLES / "offers_sample.xlsx"
# The offers sample's batch id, as Accord names it (the file's stem and the start of its sha256).
SAMPLE_BATCH_ID = batch.batch_id_of(SAMPLE)


def publish_sample(out: Path, sample: Path = SAMPLE) -> str:
    """Publish ``sample`` into ``out`` awaiting approval, as process_batch does; return its id."""
    staged = steps.stage_input(sample, out)
    staging = Path(staged.staging_dir)
    for index, (start, end) in enumerate(staged.chunks):
        steps.render_chunk(staging, index, start, end, AS_OF)
    steps.write_tracker(staging, AS_OF)
    steps.write_manifest(staging, AS_OF)
    steps.write_summary(staging)
    folder = Path(steps.publish(staging))
    steps.update_master_tracker(folder)
    approval.record_published(folder)
    return folder.name


def copy_of(template: Path, target: Path) -> Path:
    """Return a fresh copy of a published outputs folder at ``target``."""
    shutil.copytree(template, target, symlinks=True)
    return target
