"""The manifest's file format: a JSON object whose lists are written and read one item at a time."""

from __future__ import annotations

import json
from collections.abc import Iterator
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any


def write_stream(path: Path, data: dict[str, Any]) -> None:
    """Write ``data`` exactly as :func:`accord.batch.write_json` would, streaming its iterator values.

    Every value of ``data`` that is an iterator is written as a JSON list one item at a time, so
    its items never need to be in memory together; a generator's body runs only when its key is
    reached (keys in sorted order), so it may use what the iterators before it gathered.
    """
    tmp = path.with_suffix(path.suffix + ".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        fh.write("{")
        for n, key in enumerate(sorted(data)):
            fh.write(("," if n else "") + "\n  " + encode_basestring(key) + ": ")
            value = data[key]
            if not isinstance(value, Iterator):
                fh.write(_indented(value, "  "))
                continue
            opening = "["
            for item in value:
                fh.write(opening + "\n    " + _indented(item, "    "))
                opening = ","
            fh.write("[]" if opening == "[" else "\n  ]")
        fh.write("\n}\n" if data else "}\n")
    tmp.replace(path)


def _indented(value: Any, indent: str) -> str:
    # json.dumps(indent=2, sort_keys=True, ensure_ascii=False), nested at ``indent``. With an
    # indent json's encoder is pure Python; this is about 2.5 times as fast on the plain dicts,
    # lists and texts the manifest is made of, and leaves anything else to json itself.
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    inner = indent + "  "
    if kind is dict:
        if not value:
            return "{}"
        try:
            parts = [
                encode_basestring(k)
                + ": "
                + (encode_basestring(v) if type(v) is str else _indented(v, inner))
                for k, v in sorted(value.items())
            ]
        except TypeError:  # keys that are not text: json converts them
            pass
        else:
            return "{\n" + inner + (",\n" + inner).join(parts) + "\n" + indent + "}"
    elif kind is list:
        if not value:
            return "[]"
        parts = [encode_basestring(v) if type(v) is str else _indented(v, inner) for v in value]
        return "[\n" + inner + (",\n" + inner).join(parts) + "\n" + indent + "]"
    elif value is None or value is True or value is False:
        return "null" if value is None else "true" if value else "false"
    elif kind is int:
        return int.__repr__(value)
    text = json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)
    return text.replace("\n", "\n" + indent)


def iter_items(path: Path) -> Iterator[tuple[str, Any]]:
    """Return (yield) the top-level ``(key, value)`` pairs of a JSON object written by
    :func:`accord.batch.write_json` or :func:`write_stream`, a list as one pair per item (none if empty).

    Only one item is in memory at a time, so a manifest of any size can be counted. The file must
    be in the layout those functions write: two-space indent, one key or list item per line.
    """
    decoder = json.JSONDecoder()
    with path.open(encoding="utf-8") as fh:
        if fh.readline().rstrip("\n") != "{":
            return  # "{}"
        for line in fh:
            if not line.startswith('  "'):
                continue  # the closing brace
            key, end = decoder.raw_decode(line, 2)
            rest = line[end + 2 :].rstrip("\n").removesuffix(",")
            if rest == "[":
                for item in _json_items(fh):
                    yield key, item
            elif rest != "[]":
                yield key, json.loads(_json_block(fh, "  ") if rest == "{" else rest)


def _json_items(lines: Iterator[str]) -> Iterator[Any]:
    for line in lines:
        text = line.rstrip("\n").removesuffix(",")
        if text == "  ]":
            return
        value = text[4:]
        yield json.loads(_json_block(lines, "    ", value) if value in ("{", "[") else value)


def _json_block(lines: Iterator[str], indent: str, opening: str = "{") -> str:
    # A value written over several lines: up to its closing bracket, at the indent it opened at.
    closing = indent + ("}" if opening == "{" else "]")
    parts = [opening]
    for line in lines:
        parts.append(line)
        if line.rstrip("\n").removesuffix(",") == closing:
            break
    return "".join(parts).rstrip().removesuffix(",")
