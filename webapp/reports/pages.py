"""Everything each report page shows, assembled here so the views stay one line long."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from markupsafe import Markup

from ..classes import roster
from ..content.loader import Content
from ..models import Assignment, Classroom
from ..progress import class_assignments
from . import charts
from .gradebook import Gradebook, gradebook, submissions_per_day
from .items import ItemAnalysis, item_analysis
from .mastery import MasteryReport, class_mastery


@dataclass
class ClassReport:
    book: Gradebook
    unit: str
    days: list[tuple[date, int]]
    activity_chart: Markup | None


@dataclass
class AssignmentReport:
    analysis: ItemAnalysis
    bins: list[charts.Bar]
    histogram: Markup | None
    facility_chart: Markup | None


def class_report(classroom: Classroom, content: Content, now: datetime) -> ClassReport:
    book = gradebook(classroom, content, now)
    unit, days = submissions_per_day(list(book.submitted.values()))
    chart = charts.bar_chart("activity", f"Quiz submissions per {unit}", charts.days_desc(unit, days),
                             charts.day_bars(unit, days), unit="submissions") if days else None
    return ClassReport(book, unit, days, chart)


def assignment_report(assignment: Assignment, content: Content) -> AssignmentReport:
    analysis = item_analysis(assignment, content, class_size=len(roster(assignment.classroom)))
    scores = analysis.scores
    bins = charts.score_bins(scores)
    histogram = charts.bar_chart("scores", "Score distribution", charts.histogram_desc(bins, len(scores)),
                                 bins, unit="students") if scores else None
    measured = [i for i in analysis.items if i.facility is not None]
    facility = charts.bar_chart(
        "facility", "Share of the class right on each question",
        "Facility of each question, the share of its points the class earned: "
        + "; ".join(f"question {i.number}: {i.facility_percent}%" for i in measured) + ".",
        [charts.Bar(f"Q{i.number}", i.facility_percent or 0, f"{i.facility_percent}%") for i in measured],
        max_value=100, horizontal=True) if measured else None
    return AssignmentReport(analysis, bins, histogram, facility)


def mastery_report(classroom: Classroom, content: Content) -> MasteryReport:
    return class_mastery(classroom, roster(classroom), class_assignments(classroom), content)
