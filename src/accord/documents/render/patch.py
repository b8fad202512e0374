"""Word XML to Jinja source, the way docxtpl prepares it, done once per template part.

Word splits what an author typed as one tag (``{{ name }}``) over several runs, adds spell-check
markers inside it, and wraps block tags (``{%p if x %}``) in the paragraph, row, cell or run that
holds them. docxtpl cleans this up with a sequence of textual rewrites of the serialised XML before
it hands the text to Jinja; the renderer must produce the same documents, so the steps below follow
docxtpl 0.20's order and effect one by one. They are written as plain functions so that they run
once at compile time instead of once per record.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_S = re.DOTALL

# Markup between the two characters of a delimiter: `{<w:r>...<w:t>{` is one `{{`.
_MARKUP_INSIDE_DELIMITER = re.compile(
    r"(?<=\{)(?:<[^>]*>)+(?=[{%#])|(?<=[%}#])(?:<[^>]*>)+(?=\})", _S
)
# A tag body from its opening delimiter up to (not including) its closing one.
_TAG_BODY = re.compile(r"\{%(?:(?!%\}).)*|\{#(?:(?!#\}).)*|\{\{(?:(?!\}\}).)*", _S)
# Where Word ended one text run and began another inside a tag.
_RUN_BREAK = re.compile(r"</w:t>.*?(?:<w:t>|<w:t [^>]*>)", _S)
_EMPTY_TEXT_RUN = re.compile(r"<w:r[ >](?:(?!<w:r[ >]).)*<w:t></w:t>.*?</w:r>", _S)
_CELL_PROPERTIES = re.compile(r"(<w:tcPr[^>]*>)")
_TEXT_HOLDING_TAG = re.compile(r"<w:t>((?:(?!<w:t>).)*)(\{\{.*?\}\}|\{%.*?%\})", _S)
_RUN_TAG = re.compile(r"(\{\{r\s.*?\}\}|\{%r\s.*?%\})", _S)
_OWN_RUN = '</w:t></w:r><w:r><w:t xml:space="preserve">'
_DASH_OPEN = re.compile(r"</w:t>(?:(?!</w:t>).)*?\{%-", _S)
_DASH_CLOSE = re.compile(r"-%\}(?:(?!<w:t[ >]|\{%|\{\{).)*?<w:t[^>]*?>", _S)
_MERGE_CELL = {
    word: re.compile(r"<w:tc[ >](?:(?!<w:tc[ >]).)*?\{%\s*" + word + r"\s*%\}.*?</w:tc[ >]", _S)
    for word in ("vm", "hm")
}
_MERGE_TEXT = {
    word: re.compile(
        r"(</w:tcPr[ >].*?<w:t(?:.*?)>)(.*?)(?:\{%\s*" + word + r"\s*%\})(.*?)(</w:t>)", _S
    )
    for word in ("vm", "hm")
}
_TAG_TEXT = re.compile(r"(?<=\{[{%])(.*?)(?=[}%]\})")
_TYPOGRAPHIC = {
    "&#8216;": "'",
    "&lt;": "<",
    "&gt;": ">",
    "\u201c": '"',
    "\u201d": '"',
    "\u2018": "'",
    "\u2019": "'",
}


def _element_tag(kind: str, opener: str) -> re.Pattern[str]:
    """Return the pattern of a `kind` element (p, tr, tc, r) holding a `{%kind ...%}`-style tag."""
    if opener == "#":
        inner = r"(\{#)" + kind + r" ([^}#]*(?:#\}))"
    else:
        inner = r"(\{%|\{\{)" + kind + r" ([^}%]*(?:%\}|\}\}))"
    return re.compile(
        rf"<w:{kind}[ >](?:(?!<w:{kind}[ >]).)*{inner}.*?</w:{kind}>",
        _S,
    )


_ELEMENT_TAGS = [_element_tag(kind, "%") for kind in ("tr", "tc", "p", "r")]
_ELEMENT_COMMENTS = [_element_tag(kind, "#") for kind in ("tr", "tc", "p")]


def join_split_tags(xml: str) -> str:
    """Return `xml` with every tag's delimiters and text joined back into one piece of text."""
    xml = _MARKUP_INSIDE_DELIMITER.sub("", xml)
    return _TAG_BODY.sub(lambda m: _RUN_BREAK.sub("", m.group(0)), xml)


def to_jinja_source(xml: str) -> str:
    """Return the Jinja source for one serialised XML part, after `join_split_tags` was applied.

    The result still holds XML, with docxtpl's element tags (``{%p``, ``{%tr``, ``{%tc``,
    ``{%r``), cell tags (``colspan``, ``cellbg``, ``vm``, ``hm``) and whitespace tags (``{%-``,
    ``-%}``) turned into plain Jinja.
    """
    xml = _cell_setting(xml, "colspan", r"<w:gridSpan[^/]*/>", '<w:gridSpan w:val="{{%s}}"/>')
    xml = _cell_setting(
        xml, "cellbg", r"<w:shd[^/]*/>", '<w:shd w:val="clear" w:color="auto" w:fill="{{%s}}"/>'
    )
    # A run that holds a tag keeps its spaces: the value may start or end with one.
    xml = _TEXT_HOLDING_TAG.sub(r'<w:t xml:space="preserve">\1\2', xml)
    # A run-level tag gets a run of its own, so that lifting it below removes only that run.
    xml = _RUN_TAG.sub(lambda m: _OWN_RUN + m.group(1) + _OWN_RUN, xml)
    xml = _DASH_OPEN.sub("{%", xml)
    xml = _DASH_CLOSE.sub("%}", xml)
    for pattern in _ELEMENT_TAGS + _ELEMENT_COMMENTS:
        xml = pattern.sub(r"\1 \2", xml)
    xml = _MERGE_CELL["vm"].sub(_vertical_merge, xml)
    xml = _MERGE_CELL["hm"].sub(_horizontal_merge, xml)
    return _TAG_TEXT.sub(lambda m: _straighten(m.group(0)), xml)


def _straighten(text: str) -> str:
    for old, new in _TYPOGRAPHIC.items():
        text = text.replace(old, new)
    return text


def _cell_setting(xml: str, word: str, old_setting: str, new_setting: str) -> str:
    """Return `xml` where a `{% word value %}` tag in a cell became that cell's property."""
    pattern = re.compile(
        r"(<w:tc[ >](?:(?!<w:tc[ >]).)*)\{%\s*" + word + r"\s+([^%]*)\s*%\}(.*?</w:tc>)", _S
    )
    old = re.compile(old_setting)

    def rewrite(m: re.Match[str]) -> str:
        cell = _EMPTY_TEXT_RUN.sub("", m.group(1) + m.group(3))
        cell = old.sub("", cell, count=1)
        setting = new_setting % m.group(2)
        return _CELL_PROPERTIES.sub(lambda p: p.group(1) + setting, cell)

    return pattern.sub(rewrite, xml)


def _vertical_merge(cell: re.Match[str]) -> str:
    def merge(m: re.Match[str]) -> str:
        return (
            '<w:vMerge w:val="{% if loop.first %}restart{% else %}continue{% endif %}"/>'
            f"{m.group(1)}{{% if loop.first %}}{m.group(2)}{m.group(3)}{{% endif %}}{m.group(4)}"
        )

    return _MERGE_TEXT["vm"].sub(merge, cell.group(0))


def _horizontal_merge(cell: re.Match[str]) -> str:
    xml = cell.group(0)
    if "w:gridSpan" in xml:
        # The cell already spans columns: it spans that many times the loop's length.
        xml = re.sub(
            r'(w:gridSpan w:val=")(\d+)(")',
            lambda m: f"{m.group(1)}{{{{ {m.group(2)} * loop.length }}}}{m.group(3)}",
            xml,
        )
        xml = re.sub(r"\{%\s*hm\s*%\}", "", xml)
    else:
        xml = _MERGE_TEXT["hm"].sub(
            lambda m: (
                '<w:gridSpan w:val="{{ loop.length }}"/>'
                + m.group(1)
                + m.group(2)
                + m.group(3)
                + m.group(4)
            ),
            xml,
        )
    # Only the loop's first copy of the cell is kept; it spans the others' columns.
    return "{% if loop.first %}" + xml + "{% endif %}"


_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", _S)
_RUN = re.compile(r"<w:r(?: [^>]*)?>.*?</w:r>", _S)
_TEXT = re.compile(r"<w:t(?: [^>]*)?>.*?</w:t>", _S)
_PPR = re.compile(r"<w:pPr>.*?</w:pPr>")
_RPR = re.compile(r"<w:rPr>.*?</w:rPr>")
LISTING_CHARACTERS = ("\t", "\n", "\a", "\f")


def resolve_listing(xml: str) -> str:
    """Return rendered `xml` where tabs, line feeds, BEL and form feeds inside text became Word's
    tab, line break, new paragraph and page break, keeping the paragraph's and run's formatting.

    Values with several lines (an address) thus print as lines, as docxtpl prints them.
    """
    return _PARAGRAPH.sub(_listing_paragraph, xml)


def _listing_paragraph(paragraph: re.Match[str]) -> str:
    ppr = _PPR.search(paragraph.group(0))
    paragraph_props = ppr.group(0) if ppr else ""

    def run(m: re.Match[str]) -> str:
        rpr = _RPR.search(m.group(0))
        run_props = rpr.group(0) if rpr else ""
        return _TEXT.sub(
            lambda t: _listing_text(t.group(0), paragraph_props, run_props), m.group(0)
        )

    return _RUN.sub(run, paragraph.group(0))


def _listing_text(text: str, paragraph_props: str, run_props: str) -> str:
    reopen = f'<w:p>{paragraph_props}<w:r>{run_props}<w:t xml:space="preserve">'
    replacements: list[tuple[str, Callable[[], str]]] = [
        (
            "\t",
            lambda: (
                f"</w:t></w:r><w:r>{run_props}<w:tab/></w:r><w:r>{run_props}"
                '<w:t xml:space="preserve">'
            ),
        ),
        ("\a", lambda: "</w:t></w:r></w:p>" + reopen),
        ("\n", lambda: '</w:t><w:br/><w:t xml:space="preserve">'),
        (
            "\f",
            lambda: '</w:t></w:r></w:p><w:p><w:r><w:br w:type="page"/></w:r></w:p>' + reopen,
        ),
    ]
    for char, make in replacements:
        if char in text:
            text = text.replace(char, make())
    return text
