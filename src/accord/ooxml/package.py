"""An OOXML package (.docx, .xlsx) as bytes: members read once, written in a fixed order with
fixed metadata.

Zip timestamps and ``docProps/core.xml`` dates are the only things that make two writes of the
same content differ; both are fixed here (the dates in :mod:`accord.ooxml.properties`). Members a
writer does not change are kept as their already-compressed bytes and copied into every output
without being inflated or compressed again.
"""

from __future__ import annotations

import io
import posixpath
import struct
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree

from accord.ooxml.properties import fix_core_properties

# Level 6 is zlib's (and python-docx's) default: documents stay the size Word users expect.
COMPRESSION_LEVEL = 6
# 1980-01-01 00:00, the first moment a zip (MS-DOS) timestamp can hold.
_DOS_TIME, _DOS_DATE = 0, (0 << 9) | (1 << 5) | 1
_UTF8_NAME = 0x800
_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHI")
_END = struct.Struct("<IHHHHIIH")
# Relationship types of the officeDocument namespace (officeDocument, header, footer, ...).
OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CORE_REL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"


@dataclass(frozen=True)
class Member:
    """One zip member ready to write: its local header and data, and its central entry without
    the offset, which depends on the members written before it."""

    name: str
    local: bytes
    central: bytes
    name_bytes: bytes


class PackageError(Exception):
    """The file is not a readable, unencrypted zip package."""


def _window_bits(size: int) -> int:
    # The smallest window deflate can use for `size` bytes with the output it gives with its
    # largest (a match reaches back at most the window less 262 bytes): the same bytes, and a
    # 12 kB part sets up a quarter of the memory.
    bits = 9
    while bits < 15 and (1 << bits) - 262 < size:
        bits += 1
    return bits


def member(name: str, data: bytes, level: int = COMPRESSION_LEVEL) -> Member:
    """Return `data` compressed as the member `name`."""
    packer = zlib.compressobj(level, zlib.DEFLATED, -_window_bits(len(data)))
    compressed = packer.compress(data) + packer.flush()
    return _member(name, zipfile.ZIP_DEFLATED, zlib.crc32(data), compressed, len(data))


def _member(name: str, method: int, crc: int, compressed: bytes, size: int) -> Member:
    raw_name = name.encode("utf-8")
    flags = 0 if raw_name.isascii() else _UTF8_NAME
    version = 20 if method == zipfile.ZIP_DEFLATED else 10
    fields = (version, flags, method, _DOS_TIME, _DOS_DATE, crc, len(compressed), size)
    local = _LOCAL.pack(0x04034B50, *fields, len(raw_name), 0) + raw_name + compressed
    central = _CENTRAL.pack(0x02014B50, 20, *fields, len(raw_name), 0, 0, 0, 0, 0)
    return Member(name=name, local=local, central=central, name_bytes=raw_name)


def write_package(members: Iterable[Member]) -> bytes:
    """Return the bytes of a zip holding `members` in the given order."""
    chunks: list[bytes] = []
    directory: list[bytes] = []
    offset = 0
    count = 0
    for item in members:
        chunks.append(item.local)
        directory.append(item.central + struct.pack("<I", offset) + item.name_bytes)
        offset += len(item.local)
        count += 1
    central = b"".join(directory)
    end = _END.pack(0x06054B50, 0, 0, count, count, len(central), offset, 0)
    return b"".join(chunks) + central + end


class Package:
    """A template's zip, read once: member names in stored order, their data and raw copies."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
            if any(info.flag_bits & 0x1 for info in infos):
                raise PackageError("it is encrypted")
            broken = self._zip.testzip()
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError) as exc:
            raise PackageError("it is not a Word .docx file (the zip does not open)") from exc
        if broken is not None:
            raise PackageError(f"its part {broken} is damaged")
        self.infos = {info.filename: info for info in infos}
        self.names = list(self.infos)

    def read(self, name: str) -> bytes:
        """Return the uncompressed bytes of member `name`."""
        return self._zip.read(name)

    def raw(self, name: str) -> Member:
        """Return member `name` with its stored bytes as they are, never recompressed."""
        info = self.infos[name]
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            return member(name, self.read(name))
        start = info.header_offset
        name_length, extra_length = struct.unpack("<HH", self._data[start + 26 : start + 30])
        begin = start + 30 + name_length + extra_length
        stored = self._data[begin : begin + info.compress_size]
        return _member(name, info.compress_type, info.CRC, stored, info.file_size)


def relationships(package: Package, rels_name: str, base: str) -> list[tuple[str, str]]:
    """Return the internal relationships of the ``.rels`` member `rels_name` as (type, zip name)
    pairs, targets resolved against the folder `base`; empty when there is no such member.

    Example: ``relationships(package, "_rels/.rels", "")`` lists the package-level parts
    (``("...relationships/officeDocument", "word/document.xml")``, the core properties, ...).
    """
    if rels_name not in package.infos:
        return []
    root = etree.fromstring(package.read(rels_name), etree.XMLParser(resolve_entities=False))
    found = []
    for rel in root.iter(f"{{{_PACKAGE_RELS}}}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.join(base, target)
        found.append((rel.get("Type", ""), posixpath.normpath(path)))
    return found


def core_part_name(package: Package) -> str | None:
    """Return the zip name of the core properties part; `None` when the package has none."""
    for kind, path in relationships(package, "_rels/.rels", ""):
        if kind == _CORE_REL and path in package.infos:
            return path
    return None


def normalise(package: Package, core_name: str | None) -> bytes:
    """Return `package` rewritten with fixed timestamps and fixed core properties.

    `core_name` is the core properties member (see :func:`core_part_name`), or `None` to copy
    every member as it is. Example: ``normalise(package, core_part_name(package))``.
    """
    return write_package(
        member(name, fix_core_properties(package.read(name)))
        if name == core_name
        else package.raw(name)
        for name in package.names
    )
