"""Bulk-send lists: per e-sign provider, the CSV of who receives which released document.

When a record is rendered, who signs its documents (name, e-mail, role) is kept in the batch's
``follow_up/`` files (:mod:`accord.documents.follow_up`; never in the manifest, which holds no names). A release
writes ``release/bulk-send/<provider>.csv`` for each provider Accord places text tags for: one row
per recipient of each released signing copy, in the columns that provider's bulk import reads.
The company's own signer is not listed: the provider's account holder signs as the sender.

HR opens these lists in Excel before uploading them: a value a spreadsheet program would read as a
formula (a name typed as ``=HYPERLINK(...)``) is written with a leading apostrophe, as OWASP advises
for CSV, so that it shows as text and runs nothing.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from accord.records import Record
from accord.xlsx.guard import is_formula_like

FOLDER = "bulk-send"
# provider -> its import's column headers for: name, e-mail, document file, signer role.
COLUMNS: dict[str, tuple[str, str, str, str]] = {
    # Dropbox Sign's signer_file: name, email_address, and custom fields ending in "_field".
    "dropbox": ("name", "email_address", "document_field", "role_field"),
    # DocuSign bulk send lists: <role>::Name and <role>::Email, one recipient role per list.
    "docusign": ("Signer::Name", "Signer::Email", "Document", "Signer::RoleName"),
    # Acrobat Sign Send in Bulk: one row per child agreement, the recipient's e-mail first.
    "adobe": ("email", "name", "agreementName", "role"),
}
# Which fields of each kind's record name the people who sign, with their role key (company.yaml).
_PEOPLE = {
    "offers": (("candidate_name", "candidate_email", "candidate"),),
    "separations": (("employee_name", "employee_email", "employee"),),
    "agreements": (("party_a_name", None, "party"), ("party_b_name", None, "party")),
}


def recipients_of(record: Record) -> list[dict[str, str]]:
    """Return who signs ``record``'s documents: name, e-mail and role key, per signer."""
    return [
        {
            "name": str(getattr(record, name) or ""),
            "email": str(getattr(record, email, None) or "") if email else "",
            "role": role,
        }
        for name, email, role in _PEOPLE[record.kind.value]
    ]


def _as_text(value: str) -> str:
    return f"'{value}" if is_formula_like(value) else value


def write_lists(
    release: Path, rows: Iterable[tuple[list[dict[str, str]], str]], roles: dict[str, Any]
) -> list[Path]:
    """Write every provider's bulk-send list under ``release``; return the files written.

    ``rows`` holds, per released document, its recipients and its path inside ``release``.
    """
    items = list(rows)
    target = release / FOLDER
    target.mkdir()
    written = []
    for provider, headers in COLUMNS.items():
        path = target / f"{provider}.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            out = csv.writer(fh)
            out.writerow(headers)
            for people, document in items:
                for person in people:
                    role = str(roles.get(person["role"], person["role"]))
                    values = [person["name"], person["email"], document, role]
                    out.writerow([_as_text(value) for value in values])
        written.append(path)
    return written
