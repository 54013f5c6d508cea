from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from werkzeug.datastructures import FileStorage
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from ..models.classes import SHOW_ANSWERS
from ..rosters.names import parse_names

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


class AssignForm(FlaskForm):
    lesson_id = SelectField("Lesson", validators=[DataRequired()])
    due_at = DateTimeLocalField("Due (optional)", format="%Y-%m-%dT%H:%M", validators=[Optional()])
    attempts_allowed = SelectField("Quiz attempts allowed", choices=ATTEMPT_CHOICES, default="1")
    show_answers = SelectField("Students see the correct answers",
                               choices=[SelectChoice(k, v) for k, v in SHOW_ANSWERS.items()], default="immediately")
    shuffle = BooleanField("Shuffle the questions and choices for each student")
    instructions = TextAreaField("Instructions for students (optional; Markdown)",
                                 validators=[Optional(), Length(max=4000)])
