"""A plain roster CSV: a header row, then one student per row.

Columns (any order, any case): ``name`` (or ``first name`` and ``last name``), and optionally
``username`` and ``student number``. Other columns are ignored. Spaces, underscores, dashes and
case don't matter in a column name, so exports' ``first_name``, ``firstName`` and ``Student ID`` work.
"""
from __future__ import annotations

import re

from .files import Problem, RosterFile, RosterFileError, Row, read_csv
from .names import MAX_NAME, from_parts, split_name

NAME = ("name", "student name", "full name")
GIVEN = ("first name", "given name", "first", "given")
FAMILY = ("last name", "family name", "surname", "last", "family")
USERNAME = ("username", "user name", "login")
NUMBER = ("student number", "student id", "number", "id")
USERNAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789.-_")


def _key(name: str) -> str:
    """A column name without case, spaces, underscores or dashes: ``firstName`` = ``first_name``."""
    return re.sub(r"[\s_\-]+", "", name.lower())


def _column(header: list[str], names: tuple[str, ...]) -> str | None:
    """The header cell (as read_csv keys the rows) that names one of ``names``, in their order."""
    keys = {_key(h): h for h in reversed(header) if h}
    return next((keys[_key(n)] for n in names if _key(n) in keys), None)


def check_username(username: str) -> str | None:
    """Why a username from a file can't be used, or None."""
    if len(username) < 2 or len(username) > 64:
        return "a username has 2 to 64 characters"
    if not set(username) <= USERNAME_CHARS or not username[0].isalnum():
        return "a username has only lower-case letters, digits, dots, dashes and underscores"
    return None


def read(text: str, file: str = "roster.csv") -> RosterFile:
    header, rows = read_csv(text, file)
    name_col, given_col, family_col = _column(header, NAME), _column(header, GIVEN), _column(header, FAMILY)
    if not (name_col or given_col):
        raise RosterFileError(f"{file}: the first row must name the columns, with a “name” column (or “first "
                              f"name” and “last name”); “username” and “student number” are optional. "
                              f"The first row has: {', '.join(h for h in header if h) or 'nothing'}.")
    username_col, number_col = _column(header, USERNAME), _column(header, NUMBER)
    result = RosterFile()
    for line, cells in rows:
        if name_col and cells.get(name_col):
            name = split_name(cells[name_col])
        else:
            given, family = cells.get(given_col or "", ""), cells.get(family_col or "", "")
            name = from_parts(given, family)
        username = cells.get(username_col or "", "").lower()
        number = cells.get(number_col or "", "")
        problem = ("no name" if not name.display else
                   f"the name is longer than {MAX_NAME} characters" if len(name.given + name.family) > MAX_NAME else
                   check_username(username) if username else
                   "the student number is longer than 64 characters" if len(number) > 64 else None)
        if problem:
            result.problems.append(Problem(file, line, problem))
        else:
            result.rows.append(Row(file, line, name, username=username, student_number=number))
    return result
