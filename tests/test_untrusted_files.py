"""Hostile files are refused at once with one sentence: too large, YAML aliases, nesting too deep."""

import io
import json

import pytest
from django.test import override_settings

from assessments import untrusted_files
from assessments.untrusted_files import UnreadableFile

from .hostile_files import DEEP, LAUGHS

ALIASES = "The file uses YAML anchors and aliases (& and *), which are not accepted: write each value out."
TOO_DEEP = "The file nests lists or mappings more than 20 levels deep, which no accepted file does."


def refusal(parse, text: str) -> str:
    """The sentence `parse` refuses `text` with."""
    with pytest.raises(UnreadableFile) as caught:
        parse(text)
    return caught.value.message


def test_a_billion_laughs_is_refused_for_its_aliases():
    """The 397-byte "billion laughs" YAML is refused before it expands."""
    assert len(LAUGHS) == 397
    assert refusal(untrusted_files.load_yaml, LAUGHS) == ALIASES


@pytest.mark.parametrize("parse", [untrusted_files.load_yaml, untrusted_files.load_json])
def test_lists_nested_10000_deep_are_refused(parse):
    """A `[[[…]]]` file 10,000 deep is refused by the YAML and the JSON reader alike."""
    assert refusal(parse, DEEP) == TOO_DEEP


def test_yaml_nested_just_past_the_limit_is_refused():
    """The YAML reader stops at 20 levels, long before Python's recursion limit."""
    assert refusal(untrusted_files.load_yaml, "[" * 21 + "]" * 21) == TOO_DEEP
    assert untrusted_files.load_yaml("[" * 20 + "]" * 20) == json.loads("[" * 20 + "]" * 20)


def test_indented_yaml_nested_past_the_limit_is_refused():
    """Nesting by indentation, not brackets, is stopped at the same depth."""
    nested = "".join(f"{' ' * level}k{level}:\n" for level in range(21)) + " " * 21 + "leaf\n"
    assert refusal(untrusted_files.load_yaml, nested) == TOO_DEEP


def test_anchors_without_aliases_read_as_plain_values():
    """An anchor alone expands nothing, so it is read as usual."""
    assert untrusted_files.load_yaml("a: &x 1\nb: 2\n") == {"a": 1, "b": 2}


@override_settings(INPUT_FILE_MAX_BYTES=10)
def test_a_file_over_the_size_limit_is_refused():
    """Sizes over INPUT_FILE_MAX_BYTES are refused; standard input is read no further than the limit."""
    untrusted_files.check_size(10)
    with pytest.raises(UnreadableFile, match="^The file is larger than 10 bytes, the most accepted.$"):
        untrusted_files.check_size(11)
    stream = io.StringIO("x" * 1000)
    with pytest.raises(UnreadableFile):
        untrusted_files.read_text(stream)
    assert stream.tell() == 11
