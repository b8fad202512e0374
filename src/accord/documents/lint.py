"""`accord templates check`: every Word template compiles, is declared, and renders everywhere.

For each ``.docx`` under a folder: it compiles; no curly quotes sit inside a tag; every field it
uses is declared in its ``fields.yaml``; for Accord's own document types, every declared field is
supplied by the context builder, and it renders for every sample jurisdiction of every kind that
uses it. Problems quote the paragraph around them. Templates Accord cannot read (any docxtpl
template may be pointed at) get a clear message, never a traceback.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import jinja2
from lxml import etree

from accord.documents import TEMPLATE_TYPES, document_contexts, template_version
from accord.documents.clause import CLAUSE_IDS, clauses_folder, layer
from accord.documents.context import build_context
from accord.documents.render import CompiledTemplate
from accord.documents.samples import AS_OF, Sample, samples
from accord.documents.wording import load_yaml, placeholders
from accord.errors import AccordError
from accord.jurisdictions import determine
from accord.records import Kind

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml")
_TAG = re.compile(r"\{([{%#]).*?([}%#])\}")
_CURLY = "\u201c\u201d\u2018\u2019"
_DOCXTPL_PREFIX = re.compile(r"\{([{%])-?(?:p|tr|tc|r)\s")
_BLOCK = re.compile(r"\{%-?\s*(?:(?:p|tr|tc|r)\s+)?(if|for|endif|endfor)\b")
_BLOCK_ERROR = re.compile(r"end of template|unknown tag '(end\w+|else|elif)'")


@dataclass
class TemplateReport:
    """What the check found for one template: engine mode, renders done, problems and notes."""

    path: Path
    mode: str = ""
    fallback_reason: str | None = None
    renders: int = 0
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def paragraphs(path: Path) -> list[str]:
    """Return the text of every paragraph in the body, headers, footers and notes of ``path``."""
    found: list[str] = []
    with zipfile.ZipFile(path) as package:
        for name in sorted(n for n in package.namelist() if _PARTS.fullmatch(n)):
            root = etree.fromstring(package.read(name), etree.XMLParser(resolve_entities=False))
            for par in root.iter(f"{_W}p"):
                text = "".join(t.text or "" for t in par.iter(f"{_W}t"))
                if text.strip():
                    found.append(text)
    return found


def quote(paras: list[str], needle: str) -> str:
    """Return ``in paragraph "..."`` around the first paragraph containing ``needle``."""
    for text in paras:
        at = text.find(needle)
        if at >= 0:
            start = max(0, at - 50)
            snippet = text[start : at + len(needle) + 50]
            dots = ("..." if start else "", "..." if at + len(needle) + 50 < len(text) else "")
            return f' in paragraph "{dots[0]}{snippet}{dots[1]}"'
    return ""


def _unbalanced(paras: list[str]) -> str:
    """Return the quote of the paragraph whose if/for block is not closed, or closes nothing."""
    stack: list[tuple[str, str]] = []
    for text in paras:
        for match in _BLOCK.finditer(text):
            word = match.group(1)
            if word in ("if", "for"):
                stack.append((word, text))
            elif word in ("endif", "endfor"):
                if not stack or stack[-1][0] != word[3:]:
                    return quote([text], match.group(0))
                stack.pop()
    return quote([stack[-1][1]], stack[-1][0]) if stack else ""


def locate_error(message: str, paras: list[str]) -> str:
    """Return ``in paragraph "..."`` for the paragraph a compile error most likely comes from."""
    for name in re.findall(r"'([^']+)'", message):
        if name not in ("endif", "endfor", "else", "elif"):
            found = quote(paras, name)
            if found:
                return found
    found = _unbalanced(paras)
    if found:
        return found
    env = jinja2.Environment(autoescape=True)
    for text in paras:
        if "{{" not in text and "{%" not in text:
            continue
        try:
            env.parse(_DOCXTPL_PREFIX.sub(r"{\1 ", text))
        except jinja2.TemplateSyntaxError as exc:
            if not _BLOCK_ERROR.search(str(exc.message)):
                return quote([text], text[:40].strip())
    return ""


def _declared(path: Path, report: TemplateReport) -> set[str] | None:
    spec = path.parent / "fields.yaml"
    if not spec.is_file():
        report.notes.append("no fields.yaml beside it: field declarations not checked")
        return None
    data = load_yaml(spec)
    fields = data.get("fields") if isinstance(data, dict) else None
    if not isinstance(fields, list):
        report.problems.append(f"{spec} must have a 'fields:' list. Fix the file.")
        return None
    return {str(f) for f in fields}


def _doc_kinds(path: Path, root: Path) -> list[Kind]:
    doc_type = path.stem
    if path.parent.name != doc_type or not (root / "company.yaml").is_file():
        return []
    return [kind for kind, types in TEMPLATE_TYPES.items() if doc_type in types]


def check_template(path: Path, root: Path, fixtures: list[Sample]) -> TemplateReport:
    """Return the report of one template (never raises for a broken template)."""
    report = TemplateReport(path)
    try:
        paras = paragraphs(path)
    except (zipfile.BadZipFile, etree.XMLSyntaxError, KeyError, OSError) as exc:
        report.problems.append(f"{path.name} is not a Word .docx file Accord can read ({exc}).")
        return report
    for text in paras:
        for match in _TAG.finditer(text):
            if any(q in match.group(0) for q in _CURLY):
                report.problems.append(
                    f"{path.name} has curly quotes inside the tag {match.group(0)}{quote([text], match.group(0))}. "
                    "Retype them as straight quotes (turn off Word's smart quotes)."
                )
    try:
        tpl = CompiledTemplate.compile(path)
        used = tpl.variables()
    except AccordError as exc:
        # The engine may quote the paragraph itself; otherwise find the likeliest one.
        where = "" if "paragraph" in str(exc) else locate_error(str(exc), paras)
        report.problems.append(f"{exc} Look{where}." if where else str(exc))
        return report
    except Exception as exc:  # any docxtpl template may be pointed at; report, never crash
        report.problems.append(
            f"{path.name} is not supported by Accord's engine ({type(exc).__name__}: {exc}). "
            "Simplify the template or render it with plain docxtpl."
        )
        return report
    report.mode, report.fallback_reason = tpl.mode, tpl.fallback_reason
    declared = _declared(path, report)
    if declared is not None:
        for name in sorted(used - declared):
            report.problems.append(
                f"{path.name} uses '{name}', which fields.yaml does not declare{quote(paras, name)}. "
                "Declare it in fields.yaml, or remove it from the template."
            )
    kinds = _doc_kinds(path, root)
    if not kinds:
        report.notes.append("not one of Accord's document types: compiled and linted only")
        return report
    _render_all(path, root, tpl, declared or set(), kinds, fixtures, report)
    return report


def _render_all(
    path: Path,
    root: Path,
    tpl: CompiledTemplate,
    declared: set[str],
    kinds: list[Kind],
    fixtures: list[Sample],
    report: TemplateReport,
) -> None:
    doc_type = path.stem
    missing_reported: set[str] = set()
    for fx in (f for f in fixtures if f.kind in kinds):
        where = f"{fx.kind.value} in {fx.place} ({fx.record.record_id})"
        try:
            ctx = build_context(fx.record, fx.det, "check", AS_OF, fx.facts, "docusign", root)
            versions = {t: template_version(path) for t in TEMPLATE_TYPES[fx.kind]}
            contexts = [
                c
                for t, _n, c in document_contexts(fx.kind, ctx, fx.record, versions, root)
                if t == doc_type
            ]
        except AccordError as exc:
            report.problems.append(f"{path.name} cannot get a context for {where}: {exc}")
            continue
        for doc_ctx in contexts:
            for name in sorted(declared - set(doc_ctx) - missing_reported):
                missing_reported.add(name)
                report.problems.append(
                    f"{path.parent.name}/fields.yaml declares '{name}', but Accord does not supply it for "
                    f"{fx.kind.value}. Remove it from fields.yaml, or supply it in "
                    "src/accord/documents/context.py."
                )
            try:
                tpl.render(doc_ctx)
                report.renders += 1
            except AccordError as exc:
                report.problems.append(f"{path.name} does not render for {where}: {exc}")
            except Exception as exc:  # report a broken template as a problem, not a traceback
                report.problems.append(
                    f"{path.name} does not render for {where} ({type(exc).__name__}: {exc})."
                )


def clause_problems(root: Path) -> list[str]:
    """Return problems of the clause data: malformed files, ids without wording, bad placeholders."""
    folder = clauses_folder(root)
    if not folder.is_dir():
        return []
    problems: list[str] = []
    entries: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for path in sorted(folder.glob("*.yaml")):
        try:
            for cid, entry in layer(folder, path.stem).items():
                entries.setdefault(cid.split("__")[0], []).append((path.name, entry))
        except AccordError as exc:
            problems.append(str(exc))
    for kind, ids in CLAUSE_IDS.items():
        for cid in ids:
            if cid not in entries:
                problems.append(
                    f"Clause '{cid}' ({kind}) has no wording in {folder}. Add it to US.yaml "
                    "or the place file of the places that use it."
                )
    for cid, found in sorted(entries.items()):
        for file_name, entry in found:
            texts = [str(entry.get(k) or "") for k in ("heading", "text")]
            texts += [str(v) for v in (entry.get("when_missing") or {}).values()]
            try:
                for text in texts:
                    placeholders(text)
            except AccordError as exc:
                problems.append(f"{file_name}: clause '{cid}': {exc}")
    return problems


def rule_samples(fixtures: list[Sample]) -> tuple[list[Sample], list[str]]:
    """Return the samples again with the rules' own determinations, and what the rules refused.

    The hand-built samples exercise every clause; these show that what the rules pick today has
    wording and renders. A sample the rules block (an error finding) is left out, with a note.
    """
    out: list[Sample] = []
    problems: list[str] = []
    for fx in fixtures:
        where = f"{fx.kind.value} sample in {fx.place} ({fx.record.record_id})"
        try:
            det = determine(fx.record, AS_OF, fx.facts)
        except AccordError as exc:
            problems.append(f"The rules cannot decide the {where}: {exc}")
            continue
        if det.blocked:
            continue
        out.append(replace(fx, place=f"{fx.place} (rules)", det=det))
    return out, problems


def check_folder(root: Path) -> tuple[list[TemplateReport], list[str]]:
    """Return a report per template under ``root``, and problems of its clause data and rules."""
    fixtures, problems = rule_samples(samples())
    fixtures = samples() + fixtures
    paths = sorted(
        p for p in root.rglob("*.docx") if not p.name.startswith(("~$", ".")) and p.is_file()
    )
    return [check_template(p, root, fixtures) for p in paths], clause_problems(root) + problems
