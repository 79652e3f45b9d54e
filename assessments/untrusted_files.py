"""Reading files people hand in (criteria files, answers for `score`): bounded in size and nesting,
with no YAML aliases, so a small hostile file cannot hold a worker or crash a command.

Each refusal is one sentence, the same in the admin and on the command line.
"""

import json
from typing import IO

import yaml
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .refusals import Refusal

# The criteria format nests six levels at most (stages → a stage → patterns → a pattern →
# description → a line); anything far deeper is not a criteria file.
MAX_DEPTH = 20

TOO_LARGE = _("The file is larger than {limit:,} bytes, the most accepted.")
ALIASES_REFUSED = _("The file uses YAML anchors and aliases (& and *), which are not accepted: write each value out.")
TOO_DEEP = _("The file nests lists or mappings more than {depth} levels deep, which no accepted file does.")


class UnreadableFile(Refusal, ValueError):
    """A file refused before its content is looked at; `message` says why in one sentence."""

    code = "unreadable_file"


def check_size(size: int) -> None:
    """Refuse a file of `size` bytes when it is over the limit (INPUT_FILE_MAX_BYTES)."""
    if size > settings.INPUT_FILE_MAX_BYTES:
        raise UnreadableFile(TOO_LARGE.format(limit=settings.INPUT_FILE_MAX_BYTES))


def read_text(stream: IO[str]) -> str:
    """A text stream's content, refused as soon as it passes the size limit (for standard input)."""
    text = stream.read(settings.INPUT_FILE_MAX_BYTES + 1)
    check_size(len(text.encode("utf-8")))
    return text


def load_yaml(text: str):
    """Parse YAML (or JSON, which YAML reads) safely: no aliases, no deep nesting."""
    return yaml.load(text, Loader=_BoundedLoader)


def load_json(text: str):
    """Parse JSON, refusing nesting too deep for Python to follow."""
    try:
        return json.loads(text)
    except RecursionError:
        raise UnreadableFile(TOO_DEEP.format(depth=MAX_DEPTH)) from None


class _BoundedLoader(yaml.SafeLoader):
    """SafeLoader that refuses aliases (a "billion laughs" file expands through them) and stops
    past MAX_DEPTH levels of nesting, before Python's own recursion limit turns it into a crash."""

    def __init__(self, stream):
        super().__init__(stream)
        self._depth = 0

    def fetch_flow_collection_start(self, token_class):
        # `[[[…` is refused as it is read: composing would only start after the scanner's lookahead.
        if self.flow_level >= MAX_DEPTH:
            raise UnreadableFile(TOO_DEEP.format(depth=MAX_DEPTH))
        super().fetch_flow_collection_start(token_class)

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise UnreadableFile(ALIASES_REFUSED)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise UnreadableFile(TOO_DEEP.format(depth=MAX_DEPTH))
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1
