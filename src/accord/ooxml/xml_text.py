"""The one rule for text Accord writes into XML: Word documents, trackers, rejects and the digest.

XML 1.0 cannot hold most control characters, lone surrogates, U+FFFE or U+FFFF: one of them in a cell
makes a workbook or document that neither Excel, Word, LibreOffice nor openpyxl opens. C1 control
characters (U+007F to U+009F) are allowed by XML but carry no meaning in a letter or a tracker and
make Word complain, so they go too. Tab and line breaks carry meaning and stay.
"""

from __future__ import annotations

import re

FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """Return ``text`` without the characters XML cannot hold (``text`` itself when it has none)."""
    # isprintable() is a fast C test that every plain text passes: most cells skip the pattern.
    if text.isprintable():
        return text
    return FORBIDDEN.sub("", text)


def forbidden_in(text: str) -> list[str]:
    """Return the forbidden characters of ``text`` as code points (``U+FFFE``), each once, in order.

    An empty list means the text is written as it is.
    """
    if text.isprintable():
        return []
    found = dict.fromkeys(f"U+{ord(c):04X}" for c in FORBIDDEN.findall(text))
    return list(found)
