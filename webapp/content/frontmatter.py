"""Reading YAML safely: every problem becomes a Problem with file and line.

Mappings come back as :class:`YamlMap` and lists as :class:`YamlList`: plain ``dict`` and
``list`` that also remember the file line they start on (and each field's or item's line),
so that :class:`~webapp.content.fields.Fields` can give every problem a line.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import yaml

from .fields import describe
from .problems import Problem

MERGE = "tag:yaml.org,2002:merge"


class YamlMap(dict):
    """A YAML mapping; ``line`` is where it starts, ``key_lines`` maps each field to its line."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.line: int | None = None
        self.key_lines: dict[str, int] = {}


class YamlList(list):
    """A YAML list; ``line`` is where it starts, ``item_lines`` the line of each item."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.line: int | None = None
        self.item_lines: list[int] = []


class _Loader(yaml.SafeLoader):
    """The safe loader, remembering lines, and reporting duplicate and non-text field names
    (PyYAML would silently keep the last of two equal keys)."""

    def __init__(self, text: str, file: str, first_line: int) -> None:
        super().__init__(text)
        self.file, self.offset = file, first_line - 1
        self.problems: list[Problem] = []

    def line_of(self, node: yaml.Node) -> int:
        return self.offset + node.start_mark.line + 1

    def construct_lines_seq(self, node: yaml.SequenceNode) -> Iterator[YamlList]:
        data = YamlList()
        data.line, data.item_lines = self.line_of(node), [self.line_of(n) for n in node.value]
        yield data
        data.extend(self.construct_sequence(node))

    def construct_lines_map(self, node: yaml.MappingNode) -> Iterator[YamlMap]:
        data = YamlMap()
        data.line = self.line_of(node)
        yield data
        own = sum(1 for key, _ in node.value if key.tag != MERGE)
        self.flatten_mapping(node)
        inherited = len(node.value) - own  # merged in by '<<', first: the mapping's own keys override them
        seen: set[str] = set()
        for index, (key_node, value_node) in enumerate(node.value):
            key, line = self.construct_object(key_node), self.line_of(key_node)
            if not isinstance(key, str):
                self.report(f"field names must be text, got {describe(key)}", line)
            elif key in seen:
                self.report(f"duplicate field '{key}' (first on line {data.key_lines[key]})", line)
            else:
                if index >= inherited:
                    seen.add(key)
                data[key], data.key_lines[key] = self.construct_object(value_node), line

    def report(self, message: str, line: int) -> None:
        self.problems.append(Problem(self.file, message, line=line))


_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_lines_map)
_Loader.add_constructor("tag:yaml.org,2002:seq", _Loader.construct_lines_seq)


def parse_yaml(text: str, file: str, first_line: int = 1) -> tuple[Any, list[Problem]]:
    """Parse YAML text; ``first_line`` is the file line the text starts on.

    A syntax error gives ``None`` and one problem. Duplicate or non-text field names are
    reported too, but the data is still returned (each field with its first value).
    """
    loader: _Loader | None = None
    try:
        loader = _Loader(text, file, first_line)
        return loader.get_single_data(), loader.problems
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + mark.line if mark is not None else None
        reason = exc.problem or exc.context or "cannot be parsed"
        if exc.problem and exc.context and not exc.context.startswith("while "):
            reason = f"{exc.context}, {exc.problem}"
        return None, [Problem(file, f"not valid YAML: {reason}", line=line)]
    except yaml.YAMLError as exc:  # a ReaderError: a character YAML does not allow
        position, character = getattr(exc, "position", None), getattr(exc, "character", None)
        line = first_line + text.count("\n", 0, position) if isinstance(position, int) else None
        reason = "a character YAML does not allow"
        if isinstance(character, str) and character:
            character = ord(character[0])
        if isinstance(character, int):
            reason += f" (#x{character:04x})"
        return None, [Problem(file, f"not valid YAML: {reason}", line=line)]
    finally:
        if loader is not None:
            loader.dispose()


def split_front_matter(text: str, file: str) -> tuple[Any, str, int, list[Problem]]:
    """Split a Markdown file into (front matter data, body, body's first line, problems)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return None, text, 1, [Problem(file, "no front matter: the file must start with a '---' line", line=1)]
    for end in range(1, len(lines)):
        if lines[end].strip() == "---":
            data, problems = parse_yaml("".join(lines[1:end]), file, first_line=2)
            return data, "".join(lines[end + 1:]), end + 2, problems
    return None, text, 1, [Problem(file, "front matter is not closed by a '---' line", line=1)]
