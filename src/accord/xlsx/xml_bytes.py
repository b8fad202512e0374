"""Reading a sheet's XML without the characters XML cannot hold, as older tools wrote them.

A cell that a tool (or an older Accord) wrote with a control character, U+FFFE or U+FFFF makes the
whole part ill-formed, and a strict parser stops there. The merge reads such a master anyway and
writes it back without them (the writer applies :func:`accord.ooxml.xml_text.xml_safe`), so these
bytes are dropped on the way into the parser: the same characters ``xml_safe`` drops, nothing else.
"""

from __future__ import annotations

from typing import IO, Protocol

# C0 controls other than tab, line feed and carriage return: one byte each in UTF-8.
_C0 = bytes(b for b in range(0x20) if b not in (0x09, 0x0A, 0x0D))
# U+FFFE and U+FFFF in UTF-8.
_NONCHARACTERS = (b"\xef\xbf\xbe", b"\xef\xbf\xbf")


class Readable(Protocol):
    """Anything with a binary ``read(size)``: an open zip member, a file, :class:`XmlSafeReader`."""

    def read(self, size: int = -1, /) -> bytes:
        """Return up to ``size`` bytes; ``b""`` at the end."""
        ...


class XmlSafeReader:
    """A binary file wrapper whose ``read`` leaves out bytes no XML 1.0 document may hold."""

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self._rest = b""

    def read(self, size: int = -1) -> bytes:
        """Return up to about ``size`` bytes of the wrapped file, forbidden characters removed.

        ``b""`` only at the end of the file, as a file's own ``read`` does.
        """
        while True:
            chunk = self._raw.read(size)
            data = self._rest + chunk
            self._rest = b""
            if chunk:
                # A three-byte character cut by this read is completed by the next one.
                cut = data.rfind(b"\xef", max(len(data) - 2, 0))
                if cut >= 0:
                    data, self._rest = data[:cut], data[cut:]
            data = data.translate(None, _C0)
            if b"\xef\xbf" in data:
                for bad in _NONCHARACTERS:
                    data = data.replace(bad, b"")
            if data or not chunk:
                return data
