"""Documents: Word templates compiled once per batch and rendered per record."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from accord.documents.appreciation import letters
from accord.documents.context import build_context
from accord.documents.engine import CompiledTemplate
from accord.jurisdictions import BatchFacts, Determination
from accord.paths import TEMPLATES_DIR
from accord.records import Kind, Record

# Type names are fixed: they appear in manifest.json and in file names.
DOCUMENT_TYPES: dict[Kind, tuple[str, ...]] = {
    Kind.OFFERS: ("offer_letter", "negotiation_summary", "appreciation_letter"),
    Kind.SEPARATIONS: ("separation_agreement", "negotiation_summary", "appreciation_letter"),
    Kind.AGREEMENTS: ("staff_agreement", "negotiation_summary", "appreciation_letter"),
}


def template_path(doc_type: str, root: Path = TEMPLATES_DIR) -> Path:
    """Return where the Word template of ``doc_type`` lives under ``root``."""
    return root / doc_type / f"{doc_type}.docx"


def templates_version(root: Path = TEMPLATES_DIR) -> str:
    """Return a short hash of every template and clause file, for the manifest."""
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def template_version(path: Path) -> str:
    """Return a short hash of one template file, printed in each document's footer."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


@dataclass(frozen=True)
class RenderedDocument:
    """One rendered document: its type (as in the manifest), file stem and .docx bytes."""

    type: str
    name: str  # file stem: the type, or e.g. "appreciation_letter_party_a" when a type repeats
    data: bytes


def document_contexts(
    kind: Kind, ctx: dict[str, Any], record: Record, versions: dict[str, str], root: Path
) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Yield ``(type, file stem, context)`` for each document of ``record``, in type order."""
    for doc_type in DOCUMENT_TYPES[kind]:
        info = {"name": doc_type, "version": versions[doc_type]}
        if doc_type == "appreciation_letter":
            for suffix, letter in letters(record, ctx, root):
                yield doc_type, doc_type + suffix, {**ctx, "template": info, "letter": letter}
        else:
            yield doc_type, doc_type, {**ctx, "template": info}


class DocumentSet:
    """The templates of one batch kind, compiled once, rendered per record."""

    def __init__(self, kind: Kind, root: Path = TEMPLATES_DIR) -> None:
        self.kind = kind
        self.root = root
        paths = {doc_type: template_path(doc_type, root) for doc_type in DOCUMENT_TYPES[kind]}
        self.templates = {t: CompiledTemplate.compile(p) for t, p in paths.items()}
        self.versions = {t: template_version(p) for t, p in paths.items()}

    def render(
        self,
        record: Record,
        det: Determination,
        batch_id: str,
        letter_date: date,
        esign: str = "none",
        facts: BatchFacts | None = None,
    ) -> list[RenderedDocument]:
        """Return the rendered documents of ``record``, in document-type order.

        ``esign`` names the e-signature provider whose text tags go at signature fields ("none");
        ``facts`` carries the batch's decisional unit for the OWBPA exhibit of group programs.
        """
        ctx = build_context(record, det, batch_id, letter_date, facts, esign, self.root)
        return [
            RenderedDocument(doc_type, name, self.templates[doc_type].render(doc_ctx))
            for doc_type, name, doc_ctx in document_contexts(
                self.kind, ctx, record, self.versions, self.root
            )
        ]
