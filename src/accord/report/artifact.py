"""The batch report Prefect shows: counts, places, finding codes and where rejected rows went wrong.

It is read from a published batch's manifest one record at a time, and holds no personal data:
a rejected row's problem keeps its words, the cell's value taken out (rejects.xlsx keeps it for HR).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from accord.report.manifest_file import iter_items


@dataclass(frozen=True)
class Report:
    """What a published batch holds, in counts and codes only: safe for Prefect artifacts."""

    batch_id: str
    folder: Path
    kind: str
    input_name: str
    as_of: str
    records: int
    documents: int
    rejected: int
    places: dict[str, int]
    findings: dict[tuple[str, str], int]
    # (row, column, problem) of each rejected row's errors, the cell values taken out.
    rejected_rows: tuple[tuple[int, str, str], ...] = ()

    def rejects_table(self) -> list[dict[str, Any]]:
        """Return the rejected rows' problems as table rows (row, column, problem): no values."""
        return [{"row": r, "column": c, "problem": p} for r, c, p in self.rejected_rows]

    def table(self) -> list[dict[str, Any]]:
        """Return the counts and finding codes as rows of one table (item, detail, count)."""
        rows: list[dict[str, Any]] = [
            {"item": "records", "detail": self.kind, "count": self.records},
            {"item": "documents", "detail": "", "count": self.documents},
            {"item": "rejected rows", "detail": "see rejects.xlsx", "count": self.rejected},
        ]
        rows += [{"item": "place", "detail": place, "count": n} for place, n in self.places.items()]
        rows += [
            {"item": f"finding {code}", "detail": severity, "count": n}
            for (code, severity), n in self.findings.items()
        ]
        return rows

    def markdown(self) -> str:
        """Return the batch summary as Markdown: counts, places and finding codes, no names."""
        lines = [
            f"# Batch {self.batch_id}",
            "",
            f"- Input: `{self.input_name}` ({self.kind}), rules applied as of {self.as_of}",
            f"- Records: {self.records}; documents: {self.documents}; rejected rows: "
            f"{self.rejected}",
            f"- Folder: `{self.folder}`",
            "",
            "| place | records |",  # places by name, as rule data names them
            "|---|---|",
            *(f"| {place} | {n} |" for place, n in self.places.items()),
        ]
        if self.findings:
            lines += ["", "| finding | severity | records |", "|---|---|---|"]
            lines += [f"| {c} | {s} | {n} |" for (c, s), n in self.findings.items()]
        return "\n".join(lines) + "\n"


def report(folder: Path) -> Report:
    """Return the report of the published batch in ``folder``, read from its manifest.

    The manifest is read one record at a time: a batch of any size is counted in little memory.
    """
    from accord.jurisdictions.names import chain_name  # rule data loads only when a report is due

    head: dict[str, Any] = {}
    places: dict[str, int] = {}
    findings: dict[tuple[str, str], int] = {}
    problems: list[tuple[int, str, str]] = []
    records = documents = rejected = 0
    for key, value in iter_items(folder / "manifest.json"):
        if key == "records":
            records += 1
            place = chain_name(value.get("jurisdiction") or []) or "unknown"
            places[place] = places.get(place, 0) + 1
            documents += len(value["documents"])
            for finding in value["findings"]:
                code = (finding["code"], finding["severity"])
                findings[code] = findings.get(code, 0) + 1
        elif key == "rejected":
            rejected += 1
            for error in value.get("errors") or []:
                text = without_values(str(error.get("message") or ""), error.get("value"))
                problems.append((int(value["row"]), str(error.get("column") or ""), text))
        else:
            head[key] = value
    return Report(
        batch_id=head["batch_id"],
        folder=folder.resolve(),
        kind=head["kind"],
        input_name=head["input"]["name"],
        as_of=head["as_of"],
        records=records,
        documents=documents,
        rejected=rejected,
        places=dict(sorted(places.items())),
        findings=dict(sorted(findings.items())),
        rejected_rows=tuple(problems),
    )


_QUOTED = re.compile(
    "(?<![A-Za-z])'[^']*'(?![A-Za-z])|\"[^\"]*\"|\u2018[^\u2019]*\u2019|\u201c[^\u201d]*\u201d"
)
_FIGURE = re.compile(r"[$\u20ac\u00a3]?\d[\d,.]{2,}")


def without_values(problem: str, value: Any = None) -> str:
    """Return a problem's text with the cell's value, quoted text and figures taken out.

    A rejected row's problem may quote what the cell held (a name, a salary): what goes to Prefect
    keeps the words and says where the value was, and rejects.xlsx keeps the value for HR.
    """
    text = problem
    raw = "" if value is None else str(value).strip()
    if raw:
        text = text.replace(raw, "(value)")
    text = _QUOTED.sub("(value)", text)
    return _FIGURE.sub("(figure)", text)


def artifact_key(batch_id: str) -> str:
    """Return a Prefect artifact key for the batch (lowercase letters, digits and dashes)."""
    return "batch-" + re.sub(r"[^a-z0-9]+", "-", batch_id.lower()).strip("-")
