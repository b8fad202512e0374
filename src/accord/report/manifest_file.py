"""The manifest's file format: one JSON object whose lists hold one item per line.

``manifest.json`` stays a JSON object any JSON tool reads whole, and is written so that a reader
never needs the whole of it: each top-level key is on a line of its own, and a list's items follow
it one per line, each compact JSON with sorted keys (:func:`dumps`)::

    {
    "as_of": "2026-06-01",
    "records": [
    {"documents":[...],"record_id":"C-1001",...},
    {"documents":[...],"record_id":"C-1002",...}
    ],
    "rejected": []
    }

Reading is then one decode per line (:func:`loads`). Manifests published before this layout (indented by
two spaces) are still read, whole, by ``json.loads``.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import Any

from accord.json_line import dumps, loads
from accord.ooxml.atomic import atomic_write

_LISTS = (list, tuple, Iterator)


def write_stream(path: Path, data: dict[str, Any]) -> None:
    """Write ``data`` to ``path`` atomically, one top-level key and one list item per line.

    Every value of ``data`` that is a list or an iterator is written one item at a time, so an
    iterator's items never need to be in memory together; a generator's body runs only when its
    key is reached (keys in sorted order), so it may use what the iterators before it gathered.
    The same data always gives the same bytes.
    """
    with atomic_write(path, "w") as fh:
        fh.write("{")
        for n, key in enumerate(sorted(data)):
            fh.write(("," if n else "") + "\n" + dumps(key) + ": ")
            value = data[key]
            if not isinstance(value, _LISTS):
                fh.write(dumps(value))
                continue
            opening = "["
            for item in value:
                fh.write(opening + "\n" + dumps(item))
                opening = ","
            fh.write("[]" if opening == "[" else "\n]")
        fh.write("\n}\n" if data else "}\n")


def iter_items(
    path: Path, skip: Collection[str] = (), having: str | None = None
) -> Iterator[tuple[str, Any]]:
    """Return (yield) the top-level ``(key, value)`` pairs of the JSON object at ``path``, in
    key order, a list as one pair per item (none if empty), leaving out the keys in ``skip``.

    ``having`` (say ``'"previous":{'``) passes over, undecoded, the list items whose line lacks
    that text. It is a shortcut, not a filter: a manifest read whole yields every item, so the
    caller still checks each item it gets.

    A file written by :func:`write_stream` is read one line at a time, so a manifest of any size
    is counted in little memory, and a skipped list's lines are passed over without being
    decoded; any other JSON object (an older, indented manifest) is read whole.

    Example: ``dict(iter_items(path, skip=("records", "rejected", "unchanged", "warnings")))``
    is the manifest's head.
    """
    with path.open(encoding="utf-8") as fh:
        first = fh.readline()
        if first != "{\n":
            yield from _flattened(json.loads(first + fh.read()), skip)
            return
        for line in fh:
            if line == "}\n":
                return
            if not line.startswith('"'):  # indented: written before this layout
                yield from _flattened(json.loads(first + line + fh.read()), skip)
                return
            key, rest = _key_line(line)
            if rest == "[":
                for item in fh:
                    if item.startswith("]"):
                        break
                    if key not in skip and (having is None or having in item):
                        yield key, loads(item.rstrip("\n").removesuffix(","))
            elif rest != "[]" and key not in skip:
                yield key, loads(rest)


_DECODER = json.JSONDecoder()


def _key_line(line: str) -> tuple[str, str]:
    # '"key": value,' -> ("key", "value"); a value never ends with a comma of its own.
    key, end = _DECODER.raw_decode(line)
    return key, line[end + 2 :].rstrip("\n").removesuffix(",")


def _flattened(data: dict[str, Any], skip: Collection[str]) -> Iterator[tuple[str, Any]]:
    for key in sorted(data):
        if key in skip:
            continue
        value = data[key]
        if isinstance(value, list):
            for item in value:
                yield key, item
        else:
            yield key, value
