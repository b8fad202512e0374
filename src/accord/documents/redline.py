"""The redline of a re-issued signing copy: version N with every change from version N-1 tracked.

python-docx cannot write tracked changes, so this writes the OOXML revision marks itself:
``w:ins`` and ``w:del`` around runs for words, the paragraph mark's ``w:rPr/w:ins|w:del`` for
paragraphs added or removed, ``w:pPrChange`` when a paragraph's style changed, ``w:rPrChange`` when words kept their text
but not their formatting, and
``w:trPr/w:ins|w:del`` for table rows. Every mark is authored "Accord" and dated the as-of date;
ids count up from 1 in document order, so the same two versions give the same bytes.

Blocks of the body (paragraphs and tables) are aligned on their text; a changed paragraph is
diffed word by word, a changed table row by row. Headers, footers and the section properties are
version N's: signing copies share them across versions.
"""

from __future__ import annotations

import copy
import difflib
import io
import re
import zipfile
from collections.abc import Iterator
from datetime import date

from lxml import etree

from accord.ooxml.package import Package, member, write_package

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
AUTHOR = "Accord"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# Paragraphs this alike (difflib's ratio on their text) are one paragraph edited, not two.
_SAME_PARAGRAPH = 0.5
# Run children a word diff can rebuild; a paragraph with anything else is replaced whole.
_TEXT_CHILDREN = {"t", "tab", "br", "cr", "rPr"}
_WORD = re.compile(r"\s+|[^\s]+")
_PARSER = etree.XMLParser(resolve_entities=False, remove_blank_text=False)


def w(tag: str) -> str:
    """Return the Clark name of the WordprocessingML element ``tag``."""
    return f"{{{W}}}{tag}"


def _local(element: etree._Element) -> str:
    return str(element.tag).rsplit("}", 1)[-1]


def block_text(element: etree._Element) -> str:
    """Return the text of a body block (paragraph or table) that alignment compares."""
    if _local(element) == "tbl":
        return "\n".join(_row_text(row) for row in element.iter(w("tr")))
    return "".join(_run_texts(element))


def _row_text(row: etree._Element) -> str:
    cells = row.findall(w("tc"))
    return "|".join("".join(t.text or "" for t in cell.iter(w("t"))) for cell in cells)


def _run_texts(paragraph: etree._Element) -> Iterator[str]:
    for node in paragraph.iter(w("t"), w("tab"), w("br"), w("cr")):
        name = _local(node)
        yield node.text or "" if name == "t" else ("\t" if name == "tab" else "\n")


def _style(paragraph: etree._Element) -> str:
    found = paragraph.find(f"{w('pPr')}/{w('pStyle')}")
    return found.get(w("val"), "") if found is not None else ""


class _Marks:
    """Revision marks in document order: ids 1, 2, 3 ... with one author and one date."""

    def __init__(self, on: date) -> None:
        self.date = f"{on.isoformat()}T00:00:00Z"
        self.next_id = 0

    def make(self, kind: str) -> etree._Element:
        """Return a new ``w:ins``, ``w:del`` or ``w:pPrChange`` element with its id, author, date."""
        self.next_id += 1
        element = etree.Element(w(kind))
        element.set(w("id"), str(self.next_id))
        element.set(w("author"), AUTHOR)
        element.set(w("date"), self.date)
        return element


def _as_deleted(run: etree._Element) -> etree._Element:
    """Return ``run`` with its text as deleted text (``w:delText``)."""
    for node in run.iter(w("t")):
        node.tag = w("delText")
    for node in run.iter(w("instrText")):
        node.tag = w("delInstrText")
    return run


def _mark_paragraph(paragraph: etree._Element, kind: str, marks: _Marks) -> None:
    """Mark every run and the paragraph mark of ``paragraph`` as inserted or deleted."""
    ppr = paragraph.find(w("pPr"))
    if ppr is None:
        ppr = etree.Element(w("pPr"))
        paragraph.insert(0, ppr)
    rpr = ppr.find(w("rPr"))
    if rpr is None:
        rpr = etree.SubElement(ppr, w("rPr"))
        change = ppr.find(w("pPrChange"))
        if change is not None:
            change.addprevious(rpr)
    rpr.insert(0, marks.make(kind))
    _wrap_runs(paragraph, kind, marks)


def _wrap_runs(element: etree._Element, kind: str, marks: _Marks) -> None:
    """Put every run under ``element`` not yet inside a change into an insertion or deletion."""
    for run in list(element.iter(w("r"))):
        parent = run.getparent()
        if parent is None or _local(parent) in ("ins", "del"):
            continue
        wrapper = marks.make(kind)
        run.addprevious(wrapper)
        wrapper.append(_as_deleted(run) if kind == "del" else run)


def _mark_table(table: etree._Element, kind: str, marks: _Marks) -> etree._Element:
    for row in table.iter(w("tr")):
        _mark_row(row, kind, marks)
    return table


def _mark_row(row: etree._Element, kind: str, marks: _Marks) -> None:
    trpr = row.find(w("trPr"))
    if trpr is None:
        trpr = etree.Element(w("trPr"))
        tblpr_ex = row.find(w("tblPrEx"))
        row.insert(1 if tblpr_ex is not None else 0, trpr)
    trpr.append(marks.make(kind))
    for cell in row.iter(w("tc")):
        for paragraph in cell.iter(w("p")):
            _wrap_runs(paragraph, kind, marks)


def _tokens(paragraph: etree._Element) -> list[tuple[str, bytes]] | None:
    """Return the paragraph's words and spaces with their run properties, or None when a run
    holds something a word diff cannot rebuild (a drawing, a field)."""
    out: list[tuple[str, bytes]] = []
    for child in paragraph:
        name = _local(child)
        if name == "pPr":
            continue
        if name != "r":
            return None
        rpr = child.find(w("rPr"))
        key = etree.tostring(rpr) if rpr is not None else b""
        for node in child:
            part = _local(node)
            if part not in _TEXT_CHILDREN:
                return None
            if part == "t":
                out += [(word, key) for word in _WORD.findall(node.text or "")]
            elif part != "rPr":
                out.append(("\t" if part == "tab" else "\n", key))
    return out


def _run(tokens: list[tuple[str, bytes]], deleted: bool) -> etree._Element:
    run = etree.Element(w("r"))
    if tokens[0][1]:
        run.append(etree.fromstring(tokens[0][1], _PARSER))
    text = ""

    def flush() -> None:
        nonlocal text
        if text:
            node = etree.SubElement(run, w("delText" if deleted else "t"))
            node.text = text
            node.set(_XML_SPACE, "preserve")
            text = ""

    for word, _key in tokens:
        if word in ("\t", "\n"):
            flush()
            etree.SubElement(run, w("tab" if word == "\t" else "br"))
        else:
            text += word
    flush()
    return run


def _emit(
    paragraph: etree._Element, tokens: list[tuple[str, bytes]], kind: str, marks: _Marks
) -> None:
    """Append ``tokens`` to ``paragraph`` as runs, one per run-properties group, tracked as
    ``kind`` ("ins", "del" or "" for unchanged)."""
    groups: list[list[tuple[str, bytes]]] = []
    for token in tokens:
        if groups and groups[-1][-1][1] == token[1]:
            groups[-1].append(token)
        else:
            groups.append([token])
    for group in groups:
        run = _run(group, kind == "del")
        if kind:
            wrapper = marks.make(kind)
            wrapper.append(run)
            paragraph.append(wrapper)
        else:
            paragraph.append(run)


def _emit_kept(
    paragraph: etree._Element,
    old: list[tuple[str, bytes]],
    new: list[tuple[str, bytes]],
    marks: _Marks,
) -> None:
    """Append words kept from version N-1 as version N's runs; where their formatting changed,
    the run's ``w:rPrChange`` holds the old formatting."""
    groups: list[tuple[bytes, bytes | None, list[tuple[str, bytes]]]] = []
    for (_word, before), token in zip(old, new, strict=True):
        was = before if before != token[1] else None
        if groups and groups[-1][0] == token[1] and groups[-1][1] == was:
            groups[-1][2].append(token)
        else:
            groups.append((token[1], was, [token]))
    for _key, was, tokens in groups:
        run = _run(tokens, deleted=False)
        if was is not None:
            rpr = run.find(w("rPr"))
            if rpr is None:
                rpr = etree.Element(w("rPr"))
                run.insert(0, rpr)
            change = marks.make("rPrChange")
            before = etree.SubElement(change, w("rPr"))
            if was:
                before.extend(etree.fromstring(was, _PARSER))
            rpr.append(change)
        paragraph.append(run)


def _looks(block: etree._Element) -> tuple[bytes, ...]:
    """Return the run formatting of a paragraph, so that a change of formatting alone shows."""
    if _local(block) != "p":
        return ()
    return tuple(etree.tostring(r) for r in block.iter(w("rPr")) if _local(r.getparent()) == "r")


def _paragraph_change(
    old: etree._Element, new: etree._Element, marks: _Marks
) -> list[etree._Element]:
    """Return the blocks that show ``old`` edited into ``new``: one paragraph with word changes,
    or the old paragraph deleted and the new inserted when either cannot be split into words."""
    old_tokens, new_tokens = _tokens(old), _tokens(new)
    if old_tokens is None or new_tokens is None:
        return [_deleted(old, marks), _inserted(new, marks)]
    out = etree.Element(w("p"))
    ppr = new.find(w("pPr"))
    if ppr is not None:
        out.append(copy.deepcopy(ppr))
    if _style(old) != _style(new):
        _style_change(out, old, marks)
    old_words, new_words = [t for t, _ in old_tokens], [t for t, _ in new_tokens]
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            _emit_kept(out, old_tokens[i1:i2], new_tokens[j1:j2], marks)
            continue
        if i2 > i1:
            _emit(out, old_tokens[i1:i2], "del", marks)
        if j2 > j1:
            _emit(out, new_tokens[j1:j2], "ins", marks)
    return [out]


def _style_change(out: etree._Element, old: etree._Element, marks: _Marks) -> None:
    ppr = out.find(w("pPr"))
    if ppr is None:
        ppr = etree.Element(w("pPr"))
        out.insert(0, ppr)
    change = marks.make("pPrChange")
    before = etree.SubElement(change, w("pPr"))
    old_ppr = old.find(w("pPr"))
    for child in old_ppr if old_ppr is not None else []:
        if _local(child) not in ("rPr", "sectPr", "pPrChange"):
            before.append(copy.deepcopy(child))
    ppr.append(change)


def _deleted(block: etree._Element, marks: _Marks) -> etree._Element:
    block = copy.deepcopy(block)
    if _local(block) == "tbl":
        return _mark_table(block, "del", marks)
    _mark_paragraph(block, "del", marks)
    return block


def _inserted(block: etree._Element, marks: _Marks) -> etree._Element:
    block = copy.deepcopy(block)
    if _local(block) == "tbl":
        return _mark_table(block, "ins", marks)
    _mark_paragraph(block, "ins", marks)
    return block


def _table_change(old: etree._Element, new: etree._Element, marks: _Marks) -> list[etree._Element]:
    """Return version N's table with the rows that differ from ``old`` tracked: a changed row is
    the old row deleted followed by the new row inserted."""
    out = copy.deepcopy(new)
    for row in out.findall(w("tr")):
        out.remove(row)
    old_rows, new_rows = old.findall(w("tr")), new.findall(w("tr"))
    matcher = difflib.SequenceMatcher(
        None, [_row_text(r) for r in old_rows], [_row_text(r) for r in new_rows], autojunk=False
    )
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.extend(copy.deepcopy(r) for r in new_rows[j1:j2])
            continue
        for row in old_rows[i1:i2]:
            row = copy.deepcopy(row)
            _mark_row(row, "del", marks)
            out.append(row)
        for row in new_rows[j1:j2]:
            row = copy.deepcopy(row)
            _mark_row(row, "ins", marks)
            out.append(row)
    return [out]


def _alike(old: etree._Element, new: etree._Element) -> bool:
    if _local(old) != _local(new):
        return False
    if _local(old) == "tbl":
        return len(old.findall(w("tr"))) > 0 and len(new.findall(w("tr"))) > 0
    ratio = difflib.SequenceMatcher(None, block_text(old), block_text(new), autojunk=False)
    return ratio.ratio() >= _SAME_PARAGRAPH


def _replace(
    old: list[etree._Element], new: list[etree._Element], marks: _Marks
) -> list[etree._Element]:
    """Return the blocks showing ``old`` replaced by ``new``: alike blocks paired in order and
    edited, the rest deleted or inserted where they stood."""
    out: list[etree._Element] = []
    i = 0
    for block in new:
        match = next((k for k in range(i, len(old)) if _alike(old[k], block)), None)
        if match is None:
            out.append(_inserted(block, marks))
            continue
        out.extend(_deleted(b, marks) for b in old[i:match])
        change = _table_change if _local(block) == "tbl" else _paragraph_change
        out.extend(change(old[match], block, marks))
        i = match + 1
    out.extend(_deleted(b, marks) for b in old[i:])
    return out


def _blocks(body: etree._Element) -> list[etree._Element]:
    return [child for child in body if _local(child) in ("p", "tbl")]


def redline_xml(old_xml: bytes, new_xml: bytes, on: date) -> bytes:
    """Return version N's ``word/document.xml`` (``new_xml``) with every change from version
    N-1's (``old_xml``) as a tracked change authored "Accord" and dated ``on``."""
    old_root = etree.fromstring(old_xml, _PARSER)
    new_root = etree.fromstring(new_xml, _PARSER)
    old_body, new_body = old_root.find(w("body")), new_root.find(w("body"))
    if old_body is None or new_body is None:
        raise ValueError("a document.xml without a body")
    old_blocks, new_blocks = _blocks(old_body), _blocks(new_body)
    keys_old = [(_local(b), _style(b), block_text(b), _looks(b)) for b in old_blocks]
    keys_new = [(_local(b), _style(b), block_text(b), _looks(b)) for b in new_blocks]
    marks = _Marks(on)
    result: list[etree._Element] = []
    matcher = difflib.SequenceMatcher(None, keys_old, keys_new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            result.extend(new_blocks[j1:j2])
        else:
            result.extend(_replace(old_blocks[i1:i2], new_blocks[j1:j2], marks))
    tail = [child for child in new_body if _local(child) not in ("p", "tbl")]
    for child in list(new_body):
        new_body.remove(child)
    new_body.extend(result)
    new_body.extend(tail)
    return etree.tostring(new_root, xml_declaration=True, encoding="UTF-8", standalone=True)


class _Rendered(Package):
    """A package Accord rendered itself: opened without checking every member's CRC, which
    costs a third of a redline's time and guards against damage these bytes never had."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._zip = zipfile.ZipFile(io.BytesIO(data))
        self.infos = {info.filename: info for info in self._zip.infolist()}
        self.names = list(self.infos)


def redline(old: bytes, new: bytes, on: date) -> bytes:
    """Return the redline .docx: version N's package (``new``) whose body tracks every change
    from version N-1 (``old``), authored "Accord" and dated ``on``; same inputs, same bytes.

    Both are signing copies Accord rendered (the previous one read back from its batch)."""
    name = "word/document.xml"
    with zipfile.ZipFile(io.BytesIO(old)) as sent:
        old_xml = sent.read(name)
    new_package = _Rendered(new)
    body = redline_xml(old_xml, new_package.read(name), on)
    return write_package(
        member(n, body) if n == name else new_package.raw(n) for n in new_package.names
    )
