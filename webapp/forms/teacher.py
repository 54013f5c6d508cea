from __future__ import annotations

from datetime import datetime

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from werkzeug.datastructures import FileStorage
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..models.classes import SHOW_ANSWERS
from ..rosters.names import parse_names
from ..schedule import to_utc, zone_label
from . import time_zone_field

ATTEMPT_CHOICES = [SelectChoice("1", "1"), SelectChoice("2", "2"), SelectChoice("3", "3"),
                   SelectChoice("0", "Unlimited")]


class ClassroomForm(FlaskForm):
    name = StringField("Class name", validators=[
        DataRequired(message="Give the class a name, such as “Period 3 History”."), Length(max=120)])


class RosterForm(FlaskForm):
    names = TextAreaField("Student names, one per line",
                          validators=[DataRequired(message="Paste at least one name."), Length(max=20000)])
    add_repeats = BooleanField("Also add names already on the roster as new students (for two students "
                               "with the same name)")

    def validate_names(self, field) -> None:
        names = parse_names(field.data)
        if not names:
            raise ValidationError("Paste at least one name.")
        if len(names) > 200:
            raise ValidationError(f"That is {len(names)} names; add at most 200 at a time.")


class ChooseStudentsForm(FlaskForm):
    """Students ticked in the roster table (their ids; ids not in the class are ignored)."""

    student_id = SelectMultipleField("Students", coerce=int, validate_choice=False,
                                     validators=[DataRequired(message="Choose at least one student.")])


class RosterImportForm(FlaskForm):
    """Upload (``file``), then preview (``bundle``: the file's rows, signed) and import."""

    file = FileField("Roster file: a CSV, or a OneRoster export (.zip)")
    bundle = HiddenField()
    source_class = SelectField("Class in the file", choices=[], validate_choice=False)

    def validate_file(self, field) -> None:
        if not self.bundle.data and not (isinstance(field.data, FileStorage) and field.data.filename):
            raise ValidationError("Choose a file to upload.")


class JoinSettingsForm(FlaskForm):
    allow_join = BooleanField("Let students join this class with its code")


class RemoveStudentForm(FlaskForm):
    delete_work = SelectField("Their work in this class", choices=[
        SelectChoice("keep", "Keep their work (you can still see it in reports)"),
        SelectChoice("delete", "Delete their work for good")], default="keep")


class Checkboxes(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


MIN_YEAR, MAX_YEAR = 2000, 2100


class DueFields:
    """A due date and an optional time: a date alone means the end of that day (11:59 pm)."""

    due_date = DateField("Due date (optional)", validators=[Optional()])
    due_time = TimeField("Due time (optional)", validators=[Optional()])

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)  # type: ignore[misc]  # the form this is mixed into
        day = self.due_date.data
        if self.due_time.data and not day and not self.due_date.errors:
            self.due_date.errors = [*self.due_date.errors, "Pick a date for the due time, or clear the time."]
            valid = False
        if day and not MIN_YEAR <= day.year <= MAX_YEAR:  # year 9999 in Los Angeles is past what UTC can hold
            self.due_date.errors = [*self.due_date.errors, f"Pick a date between {MIN_YEAR} and {MAX_YEAR}."]
            valid = False
        return valid

    def due_utc(self, zone_name: str) -> datetime | None:
        """The due moment as stored (UTC), read in the class's zone."""
        return to_utc(self.due_date.data, self.due_time.data, zone_name) if self.due_date.data else None


class AssignmentSettingsForm(DueFields, FlaskForm):
    """What a teacher sets for an assignment, when assigning and when changing it later."""

    attempts_allowed = SelectField("Quiz attempts allowed", choices=ATTEMPT_CHOICES, default="1")
    show_answers = SelectField("Students see the correct answers",
                               choices=[SelectChoice(k, v) for k, v in SHOW_ANSWERS.items()], default="immediately")
    shuffle = BooleanField("Shuffle the questions and choices for each student")
    instructions = TextAreaField("Instructions for students (optional; Markdown)",
                                 validators=[Optional(), Length(max=4000)])
    confirm = BooleanField("Save anyway")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.show_answers.data == "after_due" and not self.due_date.data and not self.due_date.errors:
            self.show_answers.errors = [*self.show_answers.errors, "“After the due date” needs a due date. "
                                        "Pick a date, or choose when students see the answers another way."]
            valid = False
        return valid

    def settings(self, zone_name: str) -> dict:
        return dict(due_at=self.due_utc(zone_name), attempts_allowed=int(self.attempts_allowed.data),
                    show_answers=self.show_answers.data, shuffle=self.shuffle.data,
                    instructions=self.instructions.data or "")


class AssignForm(AssignmentSettingsForm):
    lesson_ids = Checkboxes("Lessons", validators=[DataRequired(message="Tick at least one lesson.")])


class ExceptionForm(DueFields, FlaskForm):
    """One student's or several students' own terms for an assignment."""

    student_ids = Checkboxes("Students", coerce=int, validators=[DataRequired(message="Tick at least one student.")])
    due_date = DateField("Their due date (leave empty to keep the class's)", validators=[Optional()])
    extra_attempts = SelectField("Extra quiz attempts", coerce=int, default=0,
                                 choices=[SelectChoice(n, str(n) if n else "None") for n in range(6)])
    answers_released = BooleanField("Show them the correct answers now (after they submit)")
    confirm = BooleanField("Save anyway")


class TimeZoneForm(FlaskForm):
    time_zone = time_zone_field()


def class_time_zone_form(teacher_zone: str, **kwargs) -> FlaskForm:
    """The class's own zone, or "" for the teacher's (named in the first choice)."""
    class ClassTimeZoneForm(FlaskForm):
        time_zone = time_zone_field("Time zone for this class's due dates",
                                    SelectChoice("", f"The same as mine ({zone_label(teacher_zone)})"))
    return ClassTimeZoneForm(**kwargs)
