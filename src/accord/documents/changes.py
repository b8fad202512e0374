"""What changed between two versions of a signing copy, as lines a negotiator reads.

"Your pay: $120,000.00 -> $128,000.00", "Added: Statements about the company", "Removed: Pay
range": one line per edited paragraph, clause added or removed, or table row changed, named by
the heading it sits under. The redline shows every change; these lines say what they come to.
"""

from __future__ import annotations

import difflib
import io
import re
import zipfile

from lxml import etree

from accord.documents.redline import block_text, w

_PARSER = etree.XMLParser(resolve_entities=False)
# Style ids as Word stores them, marked as accord.documents.text marks their names.
_PREFIX = {
    "Title": "= ",
    "Subtitle": "== ",
    "Heading1": "# ",
    "Heading2": "## ",
    "Heading3": "### ",
    "Quote": "> ",
    "ListBullet": "- ",
}
_HEADING = re.compile(r"^(#+) (.*)$")
_WORD = re.compile(r"\S+")
# Words kept either side of a change so that "8 weeks" reads as "(8 weeks" -> "(12 weeks".
_MAX_WORDS = 12
_UNIT = re.compile(r"^(weeks?|months?|days?|years?|hours?)\b")


def _heading(line: str) -> str | None:
    found = _HEADING.match(line)
    return found.group(2) if found else None


def _cells(old: str, new: str) -> str:
    """Return "old cell -> new cell" for the cells that differ between two table rows."""
    a = [c.strip() for c in old.strip("| ").split(" | ")]
    b = [c.strip() for c in new.strip("| ").split(" | ")]
    if len(a) != len(b):
        return f"{old.strip('| ')} -> {new.strip('| ')}"
    return "; ".join(f"{x} -> {y}" for x, y in zip(a, b, strict=True) if x != y)


# How many words a change line reads on to close a parenthesis it opened.
_CLOSE_WITHIN = 8


def _span(words: list[str], start: int, end: int) -> tuple[int, int]:
    """Return ``start..end`` widened to the whole value: "July 6, 2026", "(8 weeks"."""
    if start < end and start > 0 and words[start][:1].isdigit() and words[start - 1].istitle():
        start -= 1
    while end < len(words) and any(c.isdigit() for c in words[end]) and end > start:
        end += 1
    if 0 < end < len(words) and words[end - 1][-1:].isdigit() and _UNIT.match(words[end]):
        end += 1
    # A value's parenthesis is read whole: "(8 weeks of base pay)", never "(8 weeks".
    opened = sum(w.count("(") - w.count(")") for w in words[start:end])
    stop = min(len(words), end + _CLOSE_WITHIN)
    while opened > 0 and end < stop:
        opened += words[end].count("(") - words[end].count(")")
        end += 1
    return start, end


def _words(old: str, new: str) -> str:
    """Return "old words -> new words" for the words that differ between two lines."""
    if old.startswith("|") and new.startswith("|"):
        return _cells(old, new)
    a, b = _WORD.findall(old), _WORD.findall(new)
    parts = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        i1, i2 = _span(a, i1, i2) if i2 > i1 else (i1, i2)
        j1, j2 = _span(b, j1, j2) if j2 > j1 else (j1, j2)
        before = " ".join(a[i1:i2][:_MAX_WORDS]).rstrip(",;:") or "(nothing)"
        after = " ".join(b[j1:j2][:_MAX_WORDS]).rstrip(",;:") or "(nothing)"
        parts.append(f"{before} -> {after}")
    return "; ".join(parts)


def _short(line: str) -> str:
    words = _WORD.findall(line.lstrip("#>- "))
    return " ".join(words[:_MAX_WORDS]) + (" ..." if len(words) > _MAX_WORDS else "")


def body_lines(data: bytes) -> list[str]:
    """Return the body's lines of the .docx ``data`` as :func:`docx_lines` writes them (headings
    ``#``, bullets ``-``, table rows ``| a | b |``), read from its XML: a twentieth of the time of
    opening it with python-docx, which matters with hundreds of changed records."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        root = etree.fromstring(package.read("word/document.xml"), _PARSER)
    body = root.find(w("body"))
    lines: list[str] = []
    for child in body if body is not None else []:
        if child.tag == w("p"):
            text = "".join(block_text(child).split("\n")).strip()
            if text:
                found = child.find(f"{w('pPr')}/{w('pStyle')}")
                style = found.get(w("val"), "") if found is not None else ""
                lines.append(_PREFIX.get(style, "") + text)
        elif child.tag == w("tbl"):
            lines.append("[table]")
            for row in child.iter(w("tr")):
                cells = [
                    " / ".join(t for p in cell.iter(w("p")) if (t := block_text(p).strip()))
                    for cell in row.findall(w("tc"))
                ]
                lines.append("| " + " | ".join(cells) + " |")
            lines.append("[/table]")
    return lines


def changes(old: bytes, new: bytes) -> list[str]:
    """Return the lines saying what changed from the .docx ``old`` to ``new``, in document order;
    empty when their text is the same."""
    a, b = body_lines(old), body_lines(new)
    out: list[str] = []
    where = ""
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            where = next((h for h in map(_heading, reversed(b[j1:j2])) if h), where)
            continue
        removed, added = a[i1:i2], b[j1:j2]
        gone = [h for h in map(_heading, removed) if h]
        come = [h for h in map(_heading, added) if h]
        out += [f"Removed: {h}" for h in gone if h not in come]
        out += [f"Added: {h}" for h in come if h not in gone]
        body_a = [line for line in removed if not _heading(line)]
        body_b = [line for line in added if not _heading(line)]
        label = f"{come[-1] if come else where}: " if (come or where) else ""
        for line_a, line_b in zip(body_a, body_b, strict=False):
            out.append(f"{label}{_words(line_a, line_b)}")
        if not gone and not come:
            out += [f"{label}removed '{_short(x)}'" for x in body_a[len(body_b) :]]
            out += [f"{label}added '{_short(x)}'" for x in body_b[len(body_a) :]]
        where = come[-1] if come else where
    return out
