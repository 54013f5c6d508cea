"""Reading YAML safely: every syntax error becomes a Problem with file and line."""
from __future__ import annotations

from typing import Any

import yaml

from .problems import Problem


def parse_yaml(text: str, file: str, first_line: int = 1) -> tuple[Any, list[Problem]]:
    """Parse YAML text; ``first_line`` is the file line the text starts on."""
    try:
        return yaml.safe_load(text), []
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = first_line + mark.line if mark is not None else None
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return None, [Problem(file, f"not valid YAML: {reason}", line=line)]


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
