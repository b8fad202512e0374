"""Appreciation letters due once a record is Signed: the batch leaves their wording behind.

The batch leaves each letter's wording beside the record's documents
(``documents/<record>/<letter>.pending.json``) and lists the letter in the manifest and the
tracker under ``follow_up_documents``, linked to where it will be. ``accord follow-up`` (and the
``follow_up`` flow) reads the master tracker and writes the letters of Signed records
(:func:`accord.tracker.letters.write_signed_letters`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

# What says a letter is due; the tracker writes the letter once the record is Signed.
PENDING = ".pending.json"


def save_letters_due(
    batch_dir: Path, folder: Path, letters: list[tuple[str, dict[str, Any]]]
) -> list[dict[str, str]]:
    """Write each letter's wording into ``folder``; return them as the manifest lists them:
    type, the path the letter will have, and when it is written ("once Signed")."""
    out = []
    for name, letter in letters:
        (folder / f"{name}{PENDING}").write_text(
            json.dumps(letter, ensure_ascii=False, sort_keys=True), encoding="utf-8"
        )
        path = (folder / f"{name}.docx").relative_to(batch_dir).as_posix()
        out.append({"type": "appreciation_letter", "path": path, "written": "once Signed"})
    return out
