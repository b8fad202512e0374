"""The one rule for text written into XML: what XML 1.0 cannot hold goes, meaning stays."""

from __future__ import annotations

import pytest
from lxml import etree

from accord.ooxml.xml_text import forbidden_in, xml_safe


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ann\ufffeLee", "AnnLee"),
        ("Ann\uffffLee", "AnnLee"),
        ("a\x00b\x07c\x1fd", "abcd"),
        ("lone \ud800 surrogate", "lone  surrogate"),
        ("C1 \x85\x9f controls", "C1  controls"),
        ("tab\tline\nbreak\r", "tab\tline\nbreak\r"),
        ("Zoë 🚀 שלום", "Zoë 🚀 שלום"),
    ],
)
def test_only_characters_xml_cannot_hold_are_removed(text: str, expected: str) -> None:
    assert xml_safe(text) == expected
    etree.fromstring(f"<t>{xml_safe(text)}</t>".encode("utf-8", "surrogatepass"))


def test_the_removed_characters_are_named_once_each_in_order() -> None:
    assert forbidden_in("a\ufffeb\x01c\ufffe") == ["U+FFFE", "U+0001"]
    assert forbidden_in("plain text\twith a tab") == []
