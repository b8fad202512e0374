"""The parts of a template that docxtpl renders, each turned into compiled Jinja once.

docxtpl renders the document body, the headers and footers the document refers to, the footnotes
and six core properties (title, subject, author, comments, identifier, language); the custom
properties part (``docProps/custom.xml``, where documents keep their ids) is rendered too. Each becomes a
:class:`Part` whose `render` returns the finished zip member for one record; parts without tags
are not rendered at all.
"""

from __future__ import annotations

import copy
import posixpath
import re
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment, Template, TemplateSyntaxError
from lxml import etree

from accord.documents.render import patch, wordxml
from accord.errors import RenderError, TemplateError
from accord.ooxml.package import (
    OFFICE_REL,
    Member,
    Package,
    core_part_name,
    member,
    relationships,
)
from accord.ooxml.properties import CUSTOM_REL, fix_core_properties

_DECLARATION = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
_WORD_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
_HAS_TAG = re.compile(r"\{[{%#]")
# docxtpl's way to print a literal `{{` in a document: type `{_{` in the template.
_LITERAL_DELIMITERS = (("{_{", "{{"), ("}_}", "}}"), ("{_%", "{%"), ("%_}", "%}"))
# Core properties docxtpl renders, by their python-docx names.
_PROPERTIES = {
    "title": "{http://purl.org/dc/elements/1.1/}title",
    "subject": "{http://purl.org/dc/elements/1.1/}subject",
    "author": "{http://purl.org/dc/elements/1.1/}creator",
    "comments": "{http://purl.org/dc/elements/1.1/}description",
    "identifier": "{http://purl.org/dc/elements/1.1/}identifier",
    "language": "{http://purl.org/dc/elements/1.1/}language",
}
_UNSUPPORTED = {
    "r": "rich text tags ({{r ...}}) place docxtpl RichText runs",
    "p": "paragraph tags ({{p ...}}) place docxtpl subdocuments or rich paragraphs",
    "tr": "row value tags ({{tr ...}}) need docxtpl",
    "tc": "cell value tags ({{tc ...}}) need docxtpl",
}
_VALUE_ELEMENT_TAG = re.compile(r"\{\{(tr|tc|p|r)\s")
# zlib level of the parts rendered per record: they are small (an offer letter's body is 12 kB of
# XML), and level 1 takes 30% less time than the default 6 for files 2% larger.
RENDERED_LEVEL = 1


class NeedsDocxtpl(Exception):
    """A value is a docxtpl rich object (its class name is the argument)."""


class Part:
    """One zip member rendered per record from compiled Jinja."""

    def __init__(self, file_name: str, name: str, template: Template, head: str, tail: str) -> None:
        self.file_name = file_name
        self.name = name
        self.template = template
        self.head = head
        self.tail = tail
        # The last text rendered and its member: a header that prints the company's letterhead
        # is the same for every record, and is compressed once.
        self._last: tuple[str, Member] | None = None

    def render(self, values: dict[str, Any]) -> Member:
        """Return the rendered member for one record's `values`."""
        text = self.finish(self.template.render(values))
        last = self._last  # read once: threads of one worker may share the part
        if last is not None and last[0] == text:
            return last[1]
        done = member(self.name, (self.head + text + self.tail).encode("utf-8"), RENDERED_LEVEL)
        self._last = (text, done)
        return done

    def finish(self, text: str) -> str:
        """Return rendered `text` after docxtpl's literal-delimiter and line-break handling."""
        if "{_" in text or "_}" in text:
            for old, new in _LITERAL_DELIMITERS:
                text = text.replace(old, new)
        if any(char in text for char in patch.LISTING_CHARACTERS):
            text = patch.resolve_listing(text)
        return text


class _Body(Part):
    def __init__(
        self, file_name: str, name: str, template: Template, head: str, tail: str, **how: bool
    ) -> None:
        super().__init__(file_name, name, template, head, tail)
        self.reparse = how["reparse"]
        self.drawings = how["drawings"]

    def finish(self, text: str) -> str:
        text = super().finish(text)
        if self.reparse:
            body = wordxml.recover(text)
            if body is None:
                raise unbalanced(self.file_name, self.name)
            wordxml.repair_tables(body)
            wordxml.renumber_drawings(body)
            return etree.tostring(body, encoding="unicode")
        return wordxml.renumber_drawings_text(text) if self.drawings else text


class _Checked(Part):
    """A header, footer or footnotes part whose tags can leave elements unclosed."""

    def finish(self, text: str) -> str:
        text = super().finish(text)
        if not wordxml.is_well_formed(text):
            raise unbalanced(self.file_name, self.name)
        return text


def unbalanced(file_name: str, part: str) -> RenderError:
    """Return the error for a part whose tags left Word's XML broken for one record."""
    return RenderError(
        f"{file_name}: {part} is broken after rendering this record: a tag opens in one "
        "paragraph or cell and closes in another. Keep each {% if %}...{% endif %} within one "
        "paragraph, or put it in paragraphs of its own with {%p if %}...{%p endif %}."
    )


class _Core(Part):
    """Core properties: each templated property is a small template of its own, printed as text."""

    def __init__(
        self, file_name: str, name: str, xml: bytes, templates: dict[str, Template]
    ) -> None:
        marked = {_PROPERTIES[key]: f"@@accord:{key}@@" for key in templates}
        text = fix_core_properties(xml, marked).decode("utf-8")
        # Odd items are property keys; even items the fixed XML around them.
        self.pieces = re.split(r"@@accord:(\w+)@@", text)
        self.templates = templates
        super().__init__(file_name, name, next(iter(templates.values())), "", "")

    def render(self, values: dict[str, Any]) -> Member:
        out = list(self.pieces)
        for i in range(1, len(out), 2):
            out[i] = _escape_text(self.templates[out[i]].render(values))
        return member(self.name, "".join(out).encode("utf-8"), RENDERED_LEVEL)


def _escape_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass
class Parts:
    """What compiling a template's parts found: what to render, what to write as fixed bytes."""

    dynamic: dict[str, Part] = field(default_factory=dict)
    fixed: dict[str, Member] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    property_sources: list[str] = field(default_factory=list)
    fallback_reason: str | None = None


def compile_parts(file_name: str, package: Package, env: Environment, props: Environment) -> Parts:
    """Return the compiled parts of `package`; raises TemplateError quoting the paragraph whose
    tag does not compile."""
    parts = Parts()
    main = _main_part(package)
    for name, kind in _rendered_parts(file_name, package, main).items():
        raw = package.read(name)
        if kind == "body":
            head, source, tail, grid_mismatch = split_body(file_name, raw)
        elif kind == "footnotes":
            head, source, tail = "", raw.decode("utf-8"), ""
        else:
            head, tail = _DECLARATION, ""
            source = etree.tostring(_parse(file_name, name, raw), encoding="unicode")
        joined = patch.join_split_tags(source)
        for letter in _VALUE_ELEMENT_TAG.findall(joined):
            parts.fallback_reason = parts.fallback_reason or _UNSUPPORTED[letter]
        source = patch.to_jinja_source(joined)
        if not _HAS_TAG.search(source):
            continue
        template = _compile(env, file_name, name, source)
        parts.sources.append(source)
        shape = wordxml.shape_of(env, source)
        if kind == "body":
            reparse = not shape.balanced or shape.cells_vary or grid_mismatch
            drawings = "docPr" in source
            parts.dynamic[name] = _Body(
                file_name, name, template, head, tail, reparse=reparse, drawings=drawings
            )
        elif shape.balanced:
            parts.dynamic[name] = Part(file_name, name, template, head, tail)
        else:
            parts.dynamic[name] = _Checked(file_name, name, template, head, tail)
    core = core_part_name(package)
    if core is not None:
        _compile_core(file_name, package.read(core), core, props, parts)
    return parts


def _compile_core(file_name: str, xml: bytes, name: str, props: Environment, parts: Parts) -> None:
    root = _parse(file_name, name, xml)
    templates = {}
    for key, clark in _PROPERTIES.items():
        element = root.find(clark)
        if element is not None and element.text and _HAS_TAG.search(element.text):
            templates[key] = _compile(props, file_name, name, element.text)
            parts.property_sources.append(element.text)
    if templates:
        parts.dynamic[name] = _Core(file_name, name, xml, templates)
    else:
        parts.fixed[name] = member(name, fix_core_properties(xml))


def _compile(env: Environment, file_name: str, part: str, source: str) -> Template:
    try:
        return env.from_string(source)
    except TemplateSyntaxError as exc:
        where = _quote_paragraph(env, source, part)
        raise TemplateError(
            f"{file_name}: a tag does not compile ({(exc.message or '').rstrip('.')}){where}. "
            "Correct the tag in Word."
        ) from exc


def _quote_paragraph(env: Environment, source: str, part: str) -> str:
    # One line per paragraph, as docxtpl does, so the error's line number names the paragraph.
    lined = re.sub(r"<w:p([ >])", r"\n<w:p\1", source)
    try:
        env.from_string(lined)
    except TemplateSyntaxError as exc:
        lines = lined.splitlines()
        if exc.lineno and 0 < exc.lineno <= len(lines):
            text = re.sub(r"<[^>]+>", "", lines[exc.lineno - 1]).strip()
            text = text if len(text) <= 120 else text[:117] + "..."
            place = "" if part.endswith("document.xml") else f" of {part}"
            return f' in the paragraph{place} "{text}"'
    return f" in {part}"


def _parse(file_name: str, part: str, raw: bytes) -> etree._Element:
    try:
        return etree.fromstring(raw, _WORD_PARSER)
    except etree.XMLSyntaxError as exc:
        raise TemplateError(
            f"{file_name}: its part {part} is not valid XML ({exc}). Save it again from Word."
        ) from exc


def split_body(file_name: str, raw: bytes) -> tuple[str, str, str, bool]:
    """Return the document's text before the body, the body, the text after it, and whether a
    table of the template already has more or fewer grid columns than cells."""
    root = _parse(file_name, "the document", raw)
    body = root.find(f"{{{wordxml.W}}}body")
    if body is None:
        raise TemplateError(f"{file_name}: the document has no body. Save it again from Word.")
    source = etree.tostring(body, encoding="unicode")
    grid_mismatch = wordxml.repair_tables(copy.deepcopy(body))
    marker = etree.Comment("accord-body")
    root.replace(body, marker)
    head, tail = etree.tostring(root, encoding="unicode").split("<!--accord-body-->")
    return _DECLARATION + head, source, tail, grid_mismatch


def _main_part(package: Package) -> str:
    for kind, path in relationships(package, "_rels/.rels", ""):
        if kind == OFFICE_REL + "officeDocument" and path in package.infos:
            return path
    return "word/document.xml"


def _rendered_parts(file_name: str, package: Package, main: str) -> dict[str, str]:
    if main not in package.infos:
        raise TemplateError(
            f"{file_name}: the template has no {main}, so it is not a Word document. "
            "Save it from Word as a .docx document."
        )
    base, leaf = posixpath.split(main)
    rels = posixpath.join(base, "_rels", leaf + ".rels")
    found = {main: "body"}
    for kind, path in relationships(package, "_rels/.rels", ""):
        if kind == CUSTOM_REL and path in package.infos:
            found[path] = "properties"
    for kind, path in relationships(package, rels, base):
        part_kind = {"header": "header", "footer": "footer", "footnotes": "footnotes"}.get(
            kind.removeprefix(OFFICE_REL)
        )
        if part_kind and path in package.infos and package.infos[path].file_size:
            found.setdefault(path, part_kind)
    return found
