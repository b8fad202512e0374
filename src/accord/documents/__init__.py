"""Documents: Word templates compiled once per batch and rendered per record."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from accord.documents.appreciation import letters
from accord.documents.context import build_context, company_view, manifest_clauses
from accord.documents.letterhead import with_logo
from accord.documents.render import CompiledTemplate
from accord.documents.revision import revision_view
from accord.documents.wording import long_date
from accord.jurisdictions import BatchFacts, Determination
from accord.paths import TEMPLATES_DIR
from accord.records import Kind, Record

# Type names are fixed: they appear in manifest.json and in file names. The batch writes these;
# the first of each kind is the document the person signs.
DOCUMENT_TYPES: dict[Kind, tuple[str, ...]] = {
    Kind.OFFERS: ("offer_letter", "negotiation_summary"),
    Kind.SEPARATIONS: ("separation_agreement", "negotiation_summary"),
    Kind.AGREEMENTS: ("staff_agreement", "negotiation_summary"),
}
# Written by the follow-up step once a record is Signed: appreciation follows the commitment.
FOLLOW_UP_TYPE = "appreciation_letter"
# Every template of a kind, as `accord templates check` renders them.
TEMPLATE_TYPES: dict[Kind, tuple[str, ...]] = {
    kind: (*types, FOLLOW_UP_TYPE) for kind, types in DOCUMENT_TYPES.items()
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
    """One rendered document: its type (as in the manifest), file stem and .docx bytes.

    The signing document of a kind also gives its ``variant`` (the hash of its clause list and
    wording) and its ``clauses`` as the manifest lists them; the negotiation summary gives the
    ``findings`` of the close (sensitive concerns, promises outside the agreement).
    """

    type: str
    name: str  # file stem: the type, or e.g. "appreciation_letter_party_a" when a type repeats
    data: bytes
    variant: str = ""
    clauses: tuple[dict[str, Any], ...] = ()
    findings: tuple[dict[str, str], ...] = ()


def document_contexts(
    kind: Kind,
    ctx: dict[str, Any],
    record: Record,
    versions: dict[str, str],
    root: Path,
    types: tuple[str, ...] | None = None,
) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Yield ``(type, file stem, context)`` for each document of ``record``, in type order
    (``types``, every template of the kind by default)."""
    for doc_type in types or TEMPLATE_TYPES[kind]:
        info = {"name": doc_type, "version": versions[doc_type]}
        if doc_type == FOLLOW_UP_TYPE:
            for suffix, letter in letters(record, ctx, root):
                yield doc_type, doc_type + suffix, {**ctx, "template": info, "letter": letter}
        else:
            yield doc_type, doc_type, {**ctx, "template": info}


class DocumentSet:
    """The templates of one batch kind, compiled once, rendered per record."""

    def __init__(self, kind: Kind, root: Path = TEMPLATES_DIR) -> None:
        self.kind = kind
        self.root = root
        paths = {doc_type: template_path(doc_type, root) for doc_type in TEMPLATE_TYPES[kind]}
        self.templates = {t: CompiledTemplate.compile(with_logo(p, root)) for t, p in paths.items()}
        self.versions = {t: template_version(p) for t, p in paths.items()}

    def render(
        self,
        record: Record,
        det: Determination,
        batch_id: str,
        letter_date: date,
        esign: str = "none",
        facts: BatchFacts | None = None,
        *,
        follow_up: bool = False,
    ) -> list[RenderedDocument]:
        """Return the rendered documents of ``record``, in document-type order.

        ``esign`` names the e-signature provider whose text tags go at signature fields ("none");
        ``facts`` carries the batch's decisional unit for the OWBPA exhibit of group programs;
        ``follow_up`` adds the appreciation letters the follow-up step would write, dated
        ``letter_date`` (for `accord templates check` and the golden files).
        """
        docs, letters_due = self.render_batch(record, det, batch_id, letter_date, esign, facts)
        if follow_up:
            docs += [
                self.render_letter(letter, batch_id, record.record_id, letter_date, name)
                for name, letter in letters_due
            ]
        return docs

    def render_batch(
        self,
        record: Record,
        det: Determination,
        batch_id: str,
        letter_date: date,
        esign: str = "none",
        facts: BatchFacts | None = None,
        revise: Callable[[bytes], dict[str, Any]] | None = None,
    ) -> tuple[list[RenderedDocument], list[tuple[str, dict[str, Any]]]]:
        """Return the batch's documents of ``record`` and its appreciation letters to write once
        it is Signed, as ``(file stem, letter view)`` pairs (empty when it gets none).

        ``revise``, for a revised version, takes the new signing copy and returns its version,
        previous version and changes, which the negotiation summary lists."""
        ctx = build_context(record, det, batch_id, letter_date, facts, esign, self.root)
        signing = DOCUMENT_TYPES[self.kind][0]
        out = []
        for doc_type, name, doc_ctx in document_contexts(
            self.kind, ctx, record, self.versions, self.root, DOCUMENT_TYPES[self.kind]
        ):
            data = self.templates[doc_type].render(doc_ctx)
            if doc_type == signing and revise is not None and "summary" in ctx:
                ctx["summary"]["revision"] = revision_view(ctx, det.terms, self.root, revise(data))
            if doc_type == signing:
                out.append(
                    RenderedDocument(
                        doc_type, name, data, ctx["variant"], tuple(manifest_clauses(ctx))
                    )
                )
            elif doc_type == "negotiation_summary":
                findings = tuple(ctx["summary"]["findings"])
                out.append(RenderedDocument(doc_type, name, data, findings=findings))
            else:
                out.append(RenderedDocument(doc_type, name, data))
        due = [(FOLLOW_UP_TYPE + suffix, v) for suffix, v in letters(record, ctx, self.root)]
        return out, due

    def render_letter(
        self, letter: dict[str, Any], batch_id: str, record_id: str, on: date, name: str
    ) -> RenderedDocument:
        """Return the appreciation letter ``letter`` (a view from :meth:`render_batch`) dated
        ``on``, with the company's details as they are now."""
        ctx = {
            "company": company_view(self.root),
            "letter_date": long_date(on),
            "letter": letter,
            "batch_id": batch_id,
            "record_id": record_id,
            "template": {"name": FOLLOW_UP_TYPE, "version": self.versions[FOLLOW_UP_TYPE]},
        }
        return RenderedDocument(FOLLOW_UP_TYPE, name, self.templates[FOLLOW_UP_TYPE].render(ctx))
