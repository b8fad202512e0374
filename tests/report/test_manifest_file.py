"""The manifest's file format: a JSON object whose lists hold one item per line."""

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

# JSON has no NaN or infinity (json would write them as words no other JSON reader takes).
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=20,
)


def _flattened(data: dict[str, Any]) -> list[tuple[str, Any]]:
    pairs: list[tuple[str, Any]] = []
    for key in sorted(data):
        value = data[key]
        pairs += [(key, item) for item in value] if isinstance(value, list) else [(key, value)]
    return pairs


@settings(max_examples=200, deadline=None)
@given(
    head=st.dictionaries(st.text(max_size=6), JSON_VALUES, max_size=4),
    items=st.lists(JSON_VALUES, max_size=4),
)
def test_a_streamed_manifest_is_json_holding_the_same_data(
    tmp_path_factory: pytest.TempPathFactory, head: dict[str, Any], items: list[Any]
):
    folder = tmp_path_factory.mktemp("json")
    data = {**head, "records": items}
    manifest_file.write_stream(folder / "streamed.json", {**data, "records": iter(items)})
    manifest_file.write_stream(folder / "listed.json", data)
    assert json.loads((folder / "streamed.json").read_text("utf-8")) == data
    assert (folder / "streamed.json").read_bytes() == (folder / "listed.json").read_bytes()


@settings(max_examples=200, deadline=None)
@given(data=st.dictionaries(st.text(max_size=6), JSON_VALUES, max_size=5))
def test_a_manifest_read_as_a_stream_gives_its_keys_and_list_items_in_order(
    tmp_path_factory: pytest.TempPathFactory, data: dict[str, Any]
):
    path = tmp_path_factory.mktemp("json") / "manifest.json"
    manifest_file.write_stream(path, data)
    assert list(manifest_file.iter_items(path)) == _flattened(data)


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"records": [], "rejected": []},
        {"a": {"é": "ü ✓ \u2028 \r\n", "1": (1, 2.5)}, "records": [{}, [], None, True, "R&D ,"]},
        {"z": {2: "number keys", 1: [{"b": 1, "a": 2}]}, "records": [{3: 4}, "],"]},
    ],
)
def test_edge_values_read_back_as_json_gives_them(tmp_path: Path, data: dict[str, Any]):
    path = tmp_path / "manifest.json"
    manifest_file.write_stream(path, {k: iter(v) if k == "records" else v for k, v in data.items()})
    expected = json.loads(json.dumps(data))
    assert json.loads(path.read_text("utf-8")) == expected
    assert list(manifest_file.iter_items(path)) == _flattened(expected)


def test_each_record_of_a_manifest_is_one_line_of_json(tmp_path: Path):
    records = [{"record_id": f"C-{n}", "documents": [{"clauses": ["a", "b"]}]} for n in range(3)]
    path = tmp_path / "manifest.json"
    manifest_file.write_stream(path, {"batch_id": "offers-abc", "records": iter(records)})
    assert path.read_text("utf-8").splitlines() == [
        "{",
        '"batch_id": "offers-abc",',
        '"records": [',
        *(json.dumps(r, sort_keys=True, separators=(",", ":")) + "," for r in records[:-1]),
        json.dumps(records[-1], sort_keys=True, separators=(",", ":")),
        "]",
        "}",
    ]


def test_a_manifest_indented_as_before_is_still_read(tmp_path: Path):
    data = {"batch_id": "offers-abc", "records": [{"row": 2}, {"row": 3}], "rejected": []}
    path = tmp_path / "manifest.json"
    batch.write_json(path, data, indent=2)  # how manifests were published before
    assert list(manifest_file.iter_items(path)) == _flattened(data)
    batch.write_json(path, data, indent=None)
    assert list(manifest_file.iter_items(path)) == _flattened(data)


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


def test_a_failed_write_leaves_the_manifest_as_it_was(tmp_path: Path):
    path = tmp_path / "manifest.json"
    manifest_file.write_stream(path, {"records": []})

    def broken() -> Iterator[int]:
        yield 1
        raise ValueError("the chunk file is unreadable")

    with pytest.raises(ValueError, match="unreadable"):
        manifest_file.write_stream(path, {"records": broken()})
    assert batch.read_json(path) == {"records": []}
    assert [p.name for p in tmp_path.iterdir()] == ["manifest.json"]


@pytest.mark.parametrize("indent", [None, 2])
def test_skipped_lists_are_left_out_of_what_is_read(tmp_path: Path, indent: int | None):
    data = {"batch_id": "offers-abc", "records": [{"row": 2}], "unchanged": [{"row": 3}]}
    path = tmp_path / "manifest.json"
    manifest_file.write_stream(path, data)
    assert list(manifest_file.iter_items(path, skip=("records",))) == [
        ("batch_id", "offers-abc"),
        ("unchanged", {"row": 3}),
    ]
    batch.write_json(path, data, indent=indent)  # another layout: read whole, the same left out
    assert list(manifest_file.iter_items(path, skip=("records", "unchanged"))) == [
        ("batch_id", "offers-abc")
    ]


def test_items_lacking_the_text_asked_for_are_passed_over(tmp_path: Path) -> None:
    path = tmp_path / "manifest.json"
    records = [{"record_id": "A"}, {"previous": {"batch_id": "b-1"}, "record_id": "B"}]
    manifest_file.write_stream(path, {"batch_id": "b-2", "records": records})
    found = list(manifest_file.iter_items(path, having='"previous":{'))
    assert found == [("batch_id", "b-2"), ("records", records[1])]
