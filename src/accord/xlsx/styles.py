"""Copying cell styles from a workbook being read into the workbook being written.

The master merge rewrites HR's tracker: every cell keeps its look (font, fill, border, alignment,
protection, number format, named style), remapped onto the new workbook's style lists once per
distinct style.
"""

from __future__ import annotations

from openpyxl.styles.cell_style import StyleArray
from openpyxl.styles.numbers import BUILTIN_FORMATS_MAX_SIZE

from accord.xlsx import openpyxl_private as private
from accord.xlsx.reader import SourceWorkbook
from accord.xlsx.writer import SheetWriter


class StyleCopier:
    """Maps a source workbook's cell style ids to equal styles in the workbook being written."""

    def __init__(self, source: SourceWorkbook, sheet: SheetWriter) -> None:
        self._src = source.wb
        self._sheet = sheet
        self._cache: dict[int, int] = {0: 0}

    def __call__(self, style: int) -> int:
        """Return the target style id of source style ``style``."""
        found = self._cache.get(style)
        if found is None:
            found = self._cache[style] = self._copy(style)
        return found

    def _copy(self, style: int) -> int:
        src, tgt = self._src, self._sheet.wb
        try:
            old = private.cell_style(src, style)
        except IndexError:
            return 0
        new = StyleArray()
        for field in private.STYLE_LISTS:
            part = private.style_part(src, field, getattr(old, field))
            setattr(new, field, private.add_style_part(tgt, field, part))
        new.numFmtId = old.numFmtId
        if old.numFmtId >= BUILTIN_FORMATS_MAX_SIZE:
            code = private.number_format(src, old.numFmtId - BUILTIN_FORMATS_MAX_SIZE)
            new.numFmtId = private.add_number_format(tgt, code) + BUILTIN_FORMATS_MAX_SIZE
        new.quotePrefix = old.quotePrefix
        new.pivotButton = old.pivotButton
        new.xfId = self._named(old.xfId)
        return self._sheet.add_style(new)

    def _named(self, xf: int) -> int:
        names = private.named_styles(self._src)
        if not 0 < xf < len(names):
            return 0
        name = names[xf]
        if name not in private.named_styles(self._sheet.wb):
            try:
                self._sheet.style(named=name)  # registers a built-in style such as Hyperlink
            except ValueError:
                return 0  # a style HR made: the cell keeps its look, not the style's name
        return private.named_styles(self._sheet.wb).index(name)
