"""Reading an uploaded roster file: a plain CSV or a OneRoster CSV bundle (a zip).

Everything here is about bytes and text: nothing touches the database. A file that cannot be
read at all raises ``RosterFileError`` with a message for the teacher; rows that can't be used
are reported one by one (``Problem``) and the others still go through.
"""
from __future__ import annotations

import csv
import io
import zipfile
import zlib
from dataclasses import dataclass, field

from .names import PersonName

MAX_MEMBER_BYTES = 8 * 1024 * 1024  # one CSV inside a zip, unpacked
MAX_UNPACKED_BYTES = 32 * 1024 * 1024  # all of the zip's CSVs, unpacked
MAX_RATIO = 200  # a real CSV packs 5-20 times; a zip bomb thousands
ZIP_MAGIC = b"PK\x03\x04"


class RosterFileError(ValueError):
    """The file can't be read at all; nothing is imported."""


@dataclass(frozen=True)
class Row:
    """One student read from a file; ``line`` counts from the header (line 1)."""

    file: str
    line: int
    name: PersonName
    username: str = ""
    student_number: str = ""
    sourced_id: str = ""


@dataclass(frozen=True)
class Problem:
    """A row that will not be imported, and why."""

    file: str
    line: int
    reason: str


@dataclass
class RosterFile:
    """What a file holds. A OneRoster bundle has classes: its students are grouped by class
    sourcedId in ``by_class`` (and problems with a class's rows in ``problems_by_class``)."""

    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    classes: dict[str, str] = field(default_factory=dict)  # sourcedId -> title
    by_class: dict[str, list[Row]] = field(default_factory=dict)
    problems_by_class: dict[str, list[Problem]] = field(default_factory=dict)

    def for_class(self, class_id: str) -> RosterFile:
        """The students of one OneRoster class (and the problems that touch it)."""
        return RosterFile(rows=self.by_class.get(class_id, []),
                          problems=self.problems + self.problems_by_class.get(class_id, []))


def decode(data: bytes, file: str) -> str:
    """UTF-8 text, byte-order mark or not."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise RosterFileError(f"{file} is not plain text in UTF-8. In Excel, save it with “CSV UTF-8 "
                              f"(comma delimited)”; in Google Sheets, download it as “Comma-separated values”. "
                              f"(First unreadable byte at position {error.start}.)") from None


def read_csv(text: str, file: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header (lower-cased, trimmed) and each row as {header: value} with its line number.
    Blank lines are skipped; a row with too few cells has the rest blank."""
    if "\x00" in text:
        raise RosterFileError(f"{file} holds NUL characters: it is not a CSV file.")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lower() for h in next(reader, [])]
        rows = []
        for cells in reader:
            if any(cell.strip() for cell in cells):
                rows.append((reader.line_num, {h: (cells[i].strip() if i < len(cells) else "")
                                               for i, h in enumerate(header) if h}))
    except csv.Error as error:
        raise RosterFileError(f"{file}, line {reader.line_num}: this is not valid CSV ({error}).") from None
    if not any(header):
        raise RosterFileError(f"{file} is empty: the first row should name the columns.")
    return header, rows


def is_zip(data: bytes) -> bool:
    return data.startswith(ZIP_MAGIC)


def unzip(data: bytes, wanted: set[str]) -> dict[str, str]:
    """The wanted CSVs of a zip (matched by file name in any folder, any case), as text.

    Sizes are checked against the zip's directory and again while unpacking (a directory can
    lie), so a zip bomb stops at the limit instead of filling memory.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = {info.filename.rsplit("/", 1)[-1].lower(): info for info in archive.infolist()
                   if not info.is_dir()}
        found = {name: members[name] for name in wanted if name in members}
        if sum(info.file_size for info in found.values()) > MAX_UNPACKED_BYTES:
            raise RosterFileError("The zip unpacks to more than 32 MB: that is not a class roster.")
        texts = {}
        for name, info in found.items():
            if info.file_size > MAX_RATIO * max(info.compress_size, 1) + 4096:
                raise RosterFileError(f"{name} in the zip is packed too tightly to be a roster (a “zip bomb”?).")
            with archive.open(info) as member:
                raw = member.read(MAX_MEMBER_BYTES + 1)
            if len(raw) > MAX_MEMBER_BYTES:
                raise RosterFileError(f"{name} in the zip unpacks to more than 8 MB: that is not a class roster.")
            texts[name] = decode(raw, name)
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise RosterFileError(f"The zip file is damaged and can't be opened ({error}).") from None
    except (RuntimeError, NotImplementedError):
        raise RosterFileError("The zip file is password-protected or packed in a way Crossings can't open. "
                              "Export it again without a password.") from None
    return texts
