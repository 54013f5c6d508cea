"""Content file formats: each quiz file and lesson front matter says which format it is written in.

``format: 1`` is what this version of Crossings reads. A file without it, or with a format this
code does not know (written for a newer Crossings, or mistyped), is a content error with file
and line, rather than being read by rules it was not written for.
"""
from __future__ import annotations

from .fields import Fields, describe

CONTENT_FORMAT = 1


def check_format(f: Fields) -> None:
    value = f.data.get("format")
    if value is None:
        if f.is_mapping:
            f.error("format", f"missing: add 'format: {CONTENT_FORMAT}' (the file format this version of "
                              f"Crossings reads)")
    elif isinstance(value, bool) or not isinstance(value, int):
        f.error("format", f"expected the whole number {CONTENT_FORMAT}, got {describe(value)}")
    elif value != CONTENT_FORMAT:
        f.error("format", f"format {value} is not one this version of Crossings reads (it reads "
                          f"format {CONTENT_FORMAT}): was the file written for a newer Crossings?")
