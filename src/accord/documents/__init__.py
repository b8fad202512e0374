"""Documents: Word templates compiled once per batch and rendered per record."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

from accord.documents.context import build_context
from accord.documents.engine import CompiledTemplate
from accord.jurisdictions import Determination
from accord.paths import TEMPLATES_DIR
from accord.records import Kind, Record

DOCUMENT_TYPES: dict[Kind, tuple[str, ...]] = {
    Kind.OFFERS: ("offer_letter",),
    Kind.SEPARATIONS: (),
    Kind.AGREEMENTS: (),
}


def templates_version(root: Path = TEMPLATES_DIR) -> str:
    """Return a short hash of every template and clause file, for the manifest."""
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class DocumentSet:
    """The templates of one batch kind, compiled once, rendered per record."""

    def __init__(self, kind: Kind, root: Path = TEMPLATES_DIR) -> None:
        self.kind = kind
        self.templates = {
            doc_type: CompiledTemplate.compile(root / doc_type / f"{doc_type}.docx")
            for doc_type in DOCUMENT_TYPES[kind]
        }

    def render(
        self, record: Record, det: Determination, batch_id: str, letter_date: date
    ) -> dict[str, bytes]:
        """Return each document type's .docx bytes for ``record``."""
        ctx = build_context(record, det, batch_id, letter_date)
        return {doc_type: tpl.render(ctx) for doc_type, tpl in self.templates.items()}
