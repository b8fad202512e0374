"""The manifest's file format: lists written and read one item at a time."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord import batch
from accord.report import manifest_file

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(
    head=st.dictionaries(st.text(max_size=6), JSON_VALUES, max_size=4),
    items=st.lists(JSON_VALUES, max_size=4),
)
def test_a_streamed_json_file_has_the_bytes_of_the_same_data_written_whole(
    tmp_path_factory: pytest.TempPathFactory, head: dict[str, Any], items: list[Any]
):
    folder = tmp_path_factory.mktemp("json")
    data = {**head, "records": items}
    batch.write_json(folder / "whole.json", data)
    manifest_file.write_stream(folder / "streamed.json", {**data, "records": iter(items)})
    assert (folder / "streamed.json").read_bytes() == (folder / "whole.json").read_bytes()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"records": [], "rejected": []},
        {"a": {"é": "ü ✓ \u2028", "1": (1, 2.5)}, "records": [{}, [], None, True, "R&D <x>"]},
        {"z": {2: "number keys", 1: [{"b": 1, "a": 2}]}, "records": [{3: 4}]},
    ],
)
def test_streamed_json_matches_json_for_edge_values(tmp_path: Path, data: dict[str, Any]):
    batch.write_json(tmp_path / "whole.json", data)
    streamed = {k: iter(v) if k == "records" else v for k, v in data.items()}
    manifest_file.write_stream(tmp_path / "streamed.json", streamed)
    assert (tmp_path / "streamed.json").read_bytes() == (tmp_path / "whole.json").read_bytes()


def test_a_streamed_list_runs_after_the_lists_sorted_before_it(tmp_path: Path):
    seen: list[int] = []

    def first() -> Iterator[int]:
        for n in range(3):
            seen.append(n)
            yield n

    def second() -> Iterator[int]:
        yield len(seen)

    manifest_file.write_stream(tmp_path / "out.json", {"b": second(), "a": first()})
    assert batch.read_json(tmp_path / "out.json") == {"a": [0, 1, 2], "b": [3]}


def _flattened(data: dict[str, Any]) -> list[tuple[str, Any]]:
    pairs: list[tuple[str, Any]] = []
    for key in sorted(data):
        value = data[key]
        pairs += [(key, item) for item in value] if isinstance(value, list) else [(key, value)]
    return pairs


@settings(max_examples=200, deadline=None)
@given(data=st.dictionaries(st.text(max_size=6), JSON_VALUES, max_size=5))
def test_a_json_file_read_as_a_stream_gives_its_keys_and_list_items_in_order(
    tmp_path_factory: pytest.TempPathFactory, data: dict[str, Any]
):
    path = tmp_path_factory.mktemp("json") / "data.json"
    batch.write_json(path, data)
    assert list(manifest_file.iter_items(path)) == _flattened(json.loads(path.read_text("utf-8")))
