"""The gradebook: students × assignments with score, status and submission time, and its CSV.

Statuses and scores come from ``progress.class_grid`` (each student's best attempt, the
same as the class progress page); one more statement adds when each attempt was submitted.

Times are in the class's zone, named in the headings; a student's exception ("extended to …",
"+1 attempt") follows their status, after a semicolon.

The CSV opens correctly in Excel and Google Sheets: UTF-8 with a byte-order mark (without
it Excel reads UTF-8 as the local code page and mangles "Zoë" and "박서연"), CRLF line ends,
and any text that a spreadsheet would run as a formula (= + - @, tab, CR) gets a leading '.
"""
from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from ..content.loader import Content
from ..models import Assignment, Classroom
from ..progress import Cell, Grid, class_grid
from ..regrade import note, regrades_of
from ..schedule import format_due, local_stamp, zone_label
from .data import submission_times

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_DAYS = 42  # a longer span is counted by week, so the chart's bars stay readable


@dataclass
class Gradebook:
    classroom: Classroom
    grid: Grid
    titles: dict[int, str]
    submitted: dict[int, datetime | None]
    regraded: dict[int, str] = field(default_factory=dict)  # attempt id -> "regraded on …: key corrected"

    def submitted_at(self, cell: Cell) -> datetime | None:
        return self.submitted.get(cell.attempt_id) if cell.attempt_id else None

    def regrade_note(self, cell: Cell) -> str:
        return self.regraded.get(cell.attempt_id, "") if cell.attempt_id else ""

    def title(self, assignment: Assignment) -> str:
        return self.titles[assignment.id]


def gradebook(classroom: Classroom, content: Content, now: datetime) -> Gradebook:
    grid = class_grid(classroom, now)
    titles = {a.id: lesson.title if (lesson := content.lesson(a.lesson_id)) else a.lesson_id
              for a in grid.assignments}
    shown = [cell.attempt_id for cell in grid.cells.values() if cell.attempt_id and cell.percent is not None]
    regraded = {attempt_id: note(max(by_question.values(), key=lambda r: r.regraded_at), classroom.zone_name)
                for attempt_id, by_question in regrades_of(shown).items()}
    return Gradebook(classroom, grid, titles, submission_times(classroom.id), regraded)


def spreadsheet_text(value: object) -> str:
    """A cell's text, with a leading ' when a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def gradebook_csv(book: Gradebook) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    zone_name = book.classroom.zone_name
    header = ["Student", "Username"]
    for assignment in book.grid.assignments:
        title = book.title(assignment)
        header += [f"{title}: score (%)", f"{title}: status ({format_due(assignment.due_at, zone_name)})",
                   f"{title}: submitted ({zone_label(zone_name)})"]
    writer.writerow([spreadsheet_text(h) for h in header])
    for student in book.grid.students:
        row: list[object] = [student.display_name, student.username]
        for assignment in book.grid.assignments:
            cell = book.grid.cell(student, assignment)
            row += ["" if cell.percent is None else cell.percent,
                    "; ".join([cell.label + (" (overdue)" if cell.overdue else ""), *cell.notes,
                               *([cell.pending_text] if cell.pending else []),
                               *filter(None, [book.regrade_note(cell)])]),
                    local_stamp(book.submitted_at(cell), zone_name)]
        writer.writerow([spreadsheet_text(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def submissions_per_day(times: list[datetime | None]) -> tuple[str, list[tuple[date, int]]]:
    """("day" or "week", [(first day, submissions)]) from the first to the last submission."""
    days = sorted(t.date() for t in times if t is not None)
    if not days:
        return "day", []
    unit, step = ("day", 1) if (days[-1] - days[0]).days < MAX_DAYS else ("week", 7)
    start = days[0] - timedelta(days=days[0].weekday()) if unit == "week" else days[0]
    counts = Counter(start + timedelta(days=((d - start).days // step) * step) for d in days)
    span = ((days[-1] - start).days // step) + 1
    return unit, [(start + timedelta(days=i * step), counts.get(start + timedelta(days=i * step), 0))
                  for i in range(span)]
