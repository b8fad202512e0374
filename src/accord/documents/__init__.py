"""Documents: Word templates compiled once per batch and rendered per record."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
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


@dataclass(frozen=True)
class RenderedDocument:
    """One rendered document: its type (as in the manifest), file stem and .docx bytes."""

    type: str
    name: str  # file stem: the type, or e.g. "appreciation_letter_party_a" when a type repeats
    data: bytes


class DocumentSet:
    """The templates of one batch kind, compiled once, rendered per record."""

    def __init__(self, kind: Kind, root: Path = TEMPLATES_DIR) -> None:
        self.kind = kind
        self.templates = {
            doc_type: CompiledTemplate.compile(root / doc_type / f"{doc_type}.docx")
            for doc_type in DOCUMENT_TYPES[kind]
        }

    def render(
        self,
        record: Record,
        det: Determination,
        batch_id: str,
        letter_date: date,
        esign: str = "none",
    ) -> list[RenderedDocument]:
        """Return the rendered documents of ``record``, in document-type order.

        ``esign`` names the e-signature provider whose text tags go at signature fields ("none").
        """
        ctx = build_context(record, det, batch_id, letter_date)
        return [
            RenderedDocument(doc_type, doc_type, tpl.render(ctx))
            for doc_type, tpl in self.templates.items()
        ]
