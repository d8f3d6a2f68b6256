"""Reading an answers file (YAML or JSON) from a path, standard input or uploaded bytes, within fixed bounds.

The one reader for the CLI, the app's upload and batch runs. Whatever arrives, it either returns the raw
data (then ``load_answers`` validates it) or raises AnswersFileError with one ``source: message`` line, in
the person's language, quickly and in bounded memory: the size is capped before parsing, non-regular files
are refused without blocking, and the YAML features that let a few bytes become an unbounded structure
(anchors and aliases, merge keys, deep nesting, huge numbers) are refused while composing, before any
Python object is built.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from pathlib import Path
from typing import Any, BinaryIO

import yaml
from yaml.events import AliasEvent, MappingStartEvent, ScalarEvent, SequenceStartEvent

from ..exceptions import SafeZoneError
from ..messages import message
from ..yaml_io import _Loader
from .loading import AnswersError

__all__ = ["AnswersFileError", "read_answers_bytes", "read_answers_path", "read_answers_stream",
           "MAX_BYTES", "MAX_DEPTH", "MAX_NODES", "MAX_SCALAR", "MAX_DIGITS"]

MAX_BYTES = 1_000_000  # the app's upload limit too; an answers file is a few KB
MAX_DEPTH = 20  # a real answers file nests 5 deep (answers, provisions, a provision, its options, a value)
MAX_NODES = 10_000  # values, lists and groups; a file choosing every provision with every option has ~600
MAX_SCALAR = 20_000  # characters in one value; the longest field takes 300
MAX_DIGITS = 30  # the largest number an answer takes has 3 digits


class AnswersFileError(AnswersError):
    """The file cannot be read as answers at all; ``problems`` holds one ``source: what is wrong`` line."""


class _Refused(SafeZoneError):
    """A bound or a forbidden YAML feature met while reading; turned into a message in the person's language."""

    def __init__(self, message_key: str, mark: Any = None, **fields: Any):
        super().__init__(message_key)
        self.message_key, self.mark, self.fields = message_key, mark, fields


class _BoundedLoader(_Loader):
    """The answers' safe loader, refusing what an answers file never needs and what can grow without bound."""

    # Raw C1 control characters (U+0080-U+009F) are let through, so that the answers' cleaning removes
    # them with a note, as it does for every other character Word cannot hold (PyYAML would refuse the file).
    NON_PRINTABLE = re.compile(
        "[^\x09\x0a\x0d\x20-\x7e\x80-\x9f\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

    def __init__(self, stream: str):
        super().__init__(stream)
        self._depth = 0
        self._nodes = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(AliasEvent):
            raise _Refused("yaml_alias", self.peek_event().start_mark)
        event = self.peek_event()
        if event.anchor is not None:
            raise _Refused("yaml_alias", event.start_mark)
        if isinstance(event, (ScalarEvent, SequenceStartEvent, MappingStartEvent)) and event.tag not in (None, "!"):
            raise _Refused("yaml_tag", event.start_mark, tag=event.tag.replace("tag:yaml.org,2002:", "!!"))
        self._nodes += 1
        if self._nodes > MAX_NODES:
            raise _Refused("too_many_values", event.start_mark, limit=f"{MAX_NODES:,}")
        if isinstance(event, ScalarEvent) and len(event.value) > MAX_SCALAR:
            raise _Refused("value_too_long", event.start_mark, limit=f"{MAX_SCALAR:,}")
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _Refused("too_deep", event.start_mark, limit=MAX_DEPTH)
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, Any] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _Refused("yaml_merge", key_node.start_mark)
            key = self.construct_object(key_node, deep=True)
            try:
                first = seen.setdefault(key, key_node.start_mark)
            except TypeError:  # a list or group as a key: the answers' check names it
                continue
            if first is not key_node.start_mark:
                raise _Refused("duplicate_key", key_node.start_mark, name=_shown(key), first=first.line + 1)
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_int(self, node: Any) -> int:
        if len(node.value) > MAX_DIGITS:  # hexadecimal or octal too: a huge number breaks messages later
            raise _Refused("number_too_long", node.start_mark, limit=MAX_DIGITS)
        return super().construct_yaml_int(node)


_BoundedLoader.add_constructor("tag:yaml.org,2002:int", _BoundedLoader.construct_yaml_int)


def _shown(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


_SURROGATE = re.compile("[\ud800-\udfff]")


def _paired(data: Any) -> Any:
    """Escaped surrogate pairs joined into the one character they stand for: JSON writes an emoji as
    ``\\ud83c\\udfeb``, which PyYAML reads as two halves (a lone half stays, for the cleaning to note)."""
    if isinstance(data, str):
        if not _SURROGATE.search(data):
            return data
        return data.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
    if isinstance(data, dict):
        return {_paired(key): _paired(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_paired(item) for item in data]
    return data


def _where(mark: Any, language: str) -> str:
    return message("at_line", language, line=mark.line + 1, column=mark.column + 1) + ": " if mark else ""


def read_answers_bytes(data: bytes, source: str, language: str = "en") -> Any:
    """The raw answers in ``data`` (YAML or JSON, UTF-8); ``source`` names the file in messages.

    Raises AnswersFileError, in ``language``, for anything that is not a readable answers file.
    """
    def refuse(message_key: str, mark: Any = None, **fields: Any) -> AnswersFileError:
        return AnswersFileError([f"{source}: {_where(mark, language)}{message(message_key, language, **fields)}"])

    if len(data) > MAX_BYTES:
        raise refuse("file_too_big", size=f"{MAX_BYTES:,}")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise refuse("not_utf8") from None
    loader = None
    try:
        loader = _BoundedLoader(text)
        return _paired(loader.get_single_data())  # YAML is a superset of JSON, so .json files read the same way
    except _Refused as exc:
        raise refuse(exc.message_key, exc.mark, **exc.fields) from None
    except yaml.reader.ReaderError as exc:  # a character YAML cannot hold, such as U+0000
        before = text[:exc.position]
        mark = yaml.Mark(source, exc.position, before.count("\n"), exc.position - before.rfind("\n") - 1, None, None)
        raise refuse("not_yaml", mark, detail=f"U+{exc.character:04X}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        detail = " ".join(str(getattr(exc, "problem", None) or exc).split())[:200]
        raise refuse("not_yaml", mark, detail=detail) from None
    finally:
        if loader is not None:
            loader.dispose()


def read_answers_stream(stream: BinaryIO, source: str, language: str = "en") -> Any:
    """Like read_answers_bytes, reading at most one byte past the size limit from an open binary stream."""
    chunks, size = [], 0
    while size <= MAX_BYTES:
        chunk = stream.read(MAX_BYTES + 1 - size)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return read_answers_bytes(b"".join(chunks), source, language)


def read_answers_path(name: str | os.PathLike[str], language: str = "en") -> Any:
    """The raw answers in a file, or on standard input when ``name`` is ``-``.

    FIFOs, devices and folders are refused without waiting on them (the file is opened non-blocking).
    """
    source = str(name)
    if source == "-":
        return read_answers_stream(sys.stdin.buffer, source, language)

    def unreadable(exc: OSError) -> AnswersFileError:
        return AnswersFileError([f"{source}: {message('unreadable', language, reason=exc.strerror or exc)}"])

    try:
        fd = os.open(Path(name), os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise unreadable(exc) from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):  # before fdopen, which refuses a folder with a bare OSError
        os.close(fd)
        raise AnswersFileError([f"{source}: {message('not_a_file', language)}"])
    with os.fdopen(fd, "rb") as stream:
        os.set_blocking(fd, True)
        try:
            return read_answers_stream(stream, source, language)
        except OSError as exc:
            raise unreadable(exc) from None
