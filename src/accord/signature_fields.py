"""Empty signature fields in a released PDF, one at every signature line of the signing copy.

A signing copy's signature lines are long runs of underscores in its Signature column (the date
lines beside them are shorter). In the PDF LibreOffice made, each such run is found with its
position, and an empty signature form field (``/FT /Sig``) is put over it, so that a PDF reader or
an e-sign provider offers "Sign here" at the right place. Each field's widget has an empty
appearance stream and is marked to print, as PDF/A-2b requires; the file's XMP metadata, which
says PDF/A-2b, is kept. The e-sign text tags stay in the text for providers that use them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from accord.ooxml.atomic import atomic_write

# A run of at least this many underscores is a signature line; date lines are 12 long.
SIGNATURE_LINE = 16
# Width of an underscore in the documents' fonts (Carlito and Calibri), in em.
_UNDERSCORE_EM = 0.5
# The field rises above its line by this many times the font size, room for a signature.
_HEIGHT_EM = 2.2


@dataclass(frozen=True)
class Line:
    """One signature line: its page (0-based) and rectangle in PDF points."""

    page: int
    rect: tuple[float, float, float, float]


def signature_lines(pdf: Path) -> list[Line]:
    """Return the signature lines of a PDF, in page order then top to bottom."""
    reader = PdfReader(pdf)
    found: list[Line] = []
    for number, page in enumerate(reader.pages):

        def visit(
            text: str, cm: Any, tm: Any, font: Any, size: float, number: int = number
        ) -> None:
            run = text.strip()
            if len(run) >= SIGNATURE_LINE and set(run) == {"_"}:
                scale = float(cm[0]) * float(tm[0]) or 1.0
                x = float(cm[4]) + float(tm[4]) * float(cm[0])
                y = float(cm[5]) + float(tm[5]) * float(cm[3])
                height = size * abs(scale)
                width = len(run) * height * _UNDERSCORE_EM
                found.append(Line(number, (x, y - 2, x + width, y + height * _HEIGHT_EM)))

        page.extract_text(visitor_text=visit)
    return sorted(found, key=lambda line: (line.page, -line.rect[1], line.rect[0]))


def add_signature_fields(pdf: Path) -> int:
    """Put an empty signature field at every signature line of ``pdf``; return how many.

    The file is rewritten in place (temporary file, fsync, one rename).
    """
    lines = signature_lines(pdf)
    writer = PdfWriter(clone_from=PdfReader(pdf))
    fields = ArrayObject()
    for n, line in enumerate(lines, start=1):
        page = writer.pages[line.page]
        x0, y0, x1, y1 = line.rect
        appearance = DecodedStreamObject()
        appearance.update(
            {
                NameObject("/Type"): NameObject("/XObject"),
                NameObject("/Subtype"): NameObject("/Form"),
                NameObject("/BBox"): ArrayObject(
                    [FloatObject(0), FloatObject(0), FloatObject(x1 - x0), FloatObject(y1 - y0)]
                ),
            }
        )
        appearance.set_data(b"")
        widget = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Widget"),
                NameObject("/FT"): NameObject("/Sig"),
                NameObject("/T"): TextStringObject(f"Signature {n}"),
                NameObject("/Rect"): ArrayObject([FloatObject(v) for v in line.rect]),
                NameObject("/F"): NumberObject(4),  # print; PDF/A forbids hidden widgets
                NameObject("/P"): page.indirect_reference,
                NameObject("/AP"): DictionaryObject(
                    {NameObject("/N"): writer._add_object(appearance)}
                ),
            }
        )
        ref = writer._add_object(widget)
        annots = page.get("/Annots")
        if annots is None:
            page[NameObject("/Annots")] = ArrayObject([ref])
        else:
            annots.get_object().append(ref)
        fields.append(ref)
    if fields:
        writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
            {NameObject("/Fields"): fields}
        )
    with atomic_write(pdf) as fh:
        writer.write(fh)
    return len(fields)


def signature_fields(pdf: Path) -> list[str]:
    """Return the names of the empty signature fields of ``pdf``, read back, in order."""
    fields = PdfReader(pdf).get_fields() or {}
    return [name for name, field in fields.items() if field.get("/FT") == "/Sig"]
