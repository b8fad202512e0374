"""Tracked changes resolved: a redline with every change accepted, or every change rejected.

Word's "Accept All Changes" and "Reject All Changes", done on the XML, for the revision marks
:mod:`accord.documents.redline` writes. Accepting a redline gives version N, rejecting it gives
version N-1: the check that a redline shows every change and nothing else.
"""

from __future__ import annotations

from lxml import etree

from accord.documents.redline import w
from accord.ooxml.package import Package, member, write_package

_PARSER = etree.XMLParser(resolve_entities=False)


def _unwrap(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    index = parent.index(element)
    for offset, child in enumerate(list(element)):
        parent.insert(index + offset, child)
    parent.remove(element)


def _drop(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)


def _join_next(paragraph: etree._Element) -> None:
    """Remove ``paragraph``'s mark: its content moves to the start of the next paragraph."""
    content = [c for c in paragraph if c.tag != w("pPr")]
    following = paragraph.getnext()
    if content and following is not None and following.tag == w("p"):
        ppr = following.find(w("pPr"))
        start = 1 if ppr is not None else 0
        for offset, child in enumerate(content):
            following.insert(start + offset, child)
    _drop(paragraph)


def resolve(xml: bytes, accept: bool) -> bytes:
    """Return ``document.xml`` with every tracked change accepted (``accept``) or rejected."""
    root = etree.fromstring(xml, _PARSER)
    kept, gone = ("ins", "del") if accept else ("del", "ins")
    for row in list(root.iter(w("tr"))):
        trpr = row.find(w("trPr"))
        if trpr is not None and trpr.find(w(gone)) is not None:
            _drop(row)
        elif trpr is not None:
            for mark in trpr.findall(w(kept)):
                trpr.remove(mark)
    for table in list(root.iter(w("tbl"))):
        if table.find(w("tr")) is None:
            _drop(table)
    for paragraph in list(root.iter(w("p"))):
        mark = paragraph.find(f"{w('pPr')}/{w('rPr')}")
        if mark is None:
            continue
        for kept_mark in mark.findall(w(kept)):
            mark.remove(kept_mark)
    for element in list(root.iter(w(gone))):
        parent = element.getparent()
        if parent is not None and parent.tag != w("rPr"):
            _drop(element)
    for element in list(root.iter(w(kept))):
        if element.getparent() is not None and element.getparent().tag != w("rPr"):
            _unwrap(element)
    if not accept:
        for node in root.iter(w("delText")):
            node.tag = w("t")
        for node in root.iter(w("delInstrText")):
            node.tag = w("instrText")
    for change in list(root.iter(w("rPrChange"))):
        rpr = change.getparent()
        before = change.find(w("rPr"))
        if rpr is not None and not accept:
            for child in list(rpr):
                rpr.remove(child)
            rpr.extend(list(before) if before is not None else [])
        else:
            _drop(change)
    for change in list(root.iter(w("pPrChange"))):
        ppr = change.getparent()
        if ppr is not None and not accept:
            before = change.find(w("pPr"))
            keep = {w("rPr"), w("sectPr")}
            for child in list(ppr):
                if child.tag not in keep:
                    ppr.remove(child)
            for offset, child in enumerate(list(before) if before is not None else []):
                ppr.insert(offset, child)
        else:
            _drop(change)
    for paragraph in list(root.iter(w("p"))):
        rpr = paragraph.find(f"{w('pPr')}/{w('rPr')}")
        if rpr is not None and rpr.find(w(gone)) is not None:
            _join_next(paragraph)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def resolved(docx: bytes, accept: bool) -> bytes:
    """Return the .docx ``docx`` with every tracked change accepted (``accept``) or rejected."""
    package = Package(docx)
    name = "word/document.xml"
    body = resolve(package.read(name), accept)
    return write_package(member(n, body) if n == name else package.raw(n) for n in package.names)
