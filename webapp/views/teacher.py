"""The teacher's side: classes, rosters, the catalog, assignments and progress."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request, session, url_for
from flask_login import current_user
from sqlalchemy import func, select
from wtforms.fields.choices import SelectChoice

from .. import accounts, classes, grading, privacy, progress, quizzing, schedule
from ..content_store import get_content, lesson_or_404
from ..extensions import db
from ..forms import EmptyForm
from ..forms.teacher import (
    AssignForm,
    AssignmentSettingsForm,
    ChooseStudentsForm,
    ClassroomForm,
    ExceptionForm,
    JoinSettingsForm,
    RemoveStudentForm,
    RosterForm,
    RosterImportForm,
    TimeZoneForm,
    class_time_zone_form,
)
from ..models import Assignment, Attempt
from ..models.base import utcnow
from ..packs.cards import sign_in_address
from ..reports.items import class_picks as class_picks_of
from ..rosters import importing
from ..rosters.files import RosterFile, RosterFileError
from ..rosters.names import parse_names
from ..security import teacher_required

bp = Blueprint("teacher", __name__, url_prefix="/teacher")


@bp.before_request
@teacher_required
def _teachers_only():
    """Every view here is for teachers only."""


def own_assignment(assignment_id: int) -> Assignment:
    assignment = db.session.get(Assignment, assignment_id)
    if assignment is None or assignment.classroom.teacher_id != current_user.id:
        abort(404)
    return assignment


def own_attempt(attempt_id: int) -> Attempt:
    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None or attempt.assignment.classroom.teacher_id != current_user.id:
        abort(404)
    return attempt


@bp.get("/")
def dashboard():
    return render_template("teacher/dashboard.html", form=ClassroomForm(),
                           classrooms=classes.teacher_classrooms(current_user),
                           archived=classes.teacher_classrooms(current_user, archived=True))


@bp.post("/classes")
def create_class():
    form = ClassroomForm()
    if not form.validate_on_submit():
        return render_template("teacher/dashboard.html", form=form,
                               classrooms=classes.teacher_classrooms(current_user),
                               archived=classes.teacher_classrooms(current_user, archived=True)), 400
    classroom = classes.create_classroom(current_user, form.name.data)
    flash(f"Class “{classroom.name}” created. Add your students next.", "success")
    return redirect(url_for(".classroom", classroom_id=classroom.id))


@bp.get("/classes/<int:classroom_id>")
def classroom(classroom_id: int):
    room = classes.own_classroom(current_user, classroom_id)
    return _classroom_page(room)


def card_address() -> str | None:
    """Where the login cards say to sign in (None: this server is reachable from this machine only)."""
    return sign_in_address(current_app.config.get("PUBLIC_URL"), request.host_url)


def _classroom_page(room, status: int = 200, **forms):
    forms.setdefault("rename_form", ClassroomForm(obj=room))
    forms.setdefault("roster_form", RosterForm())
    forms.setdefault("zone_form", class_time_zone_form(current_user.zone_name, data={"time_zone": room.time_zone or ""}))
    return render_template("teacher/classroom.html", classroom=room, students=classes.roster(room),
                           assignments=progress.class_assignments(room), content=get_content(),
                           join_form=JoinSettingsForm(obj=room), empty_form=EmptyForm(),
                           sign_in_url=card_address(), **forms), status


def _show_cards_once(room, sheet: tuple[int, str]):
    """Post/redirect/get: the new cards wait, sealed, for the one page view that shows them (one
    waiting sheet per class in the session, so two classes in two tabs don't take each other's)."""
    session["login_sheets"] = {**session.get("login_sheets", {}), str(room.id): list(sheet)}
    return redirect(url_for(".new_logins", classroom_id=room.id), 303)


@bp.post("/classes/<int:classroom_id>/rename")
def rename_class(classroom_id: int):
    room = classes.own_classroom(current_user, classroom_id)
    form = ClassroomForm()
    if not form.validate_on_submit():
        return _classroom_page(room, 400, rename_form=form)
    classes.update_classroom(room, name=form.name.data.strip())
    flash("Class renamed.", "success")
    return redirect(url_for(".classroom", classroom_id=room.id))


@bp.post("/classes/<int:classroom_id>/archive")
def archive_class(classroom_id: int):
    room = classes.own_classroom(current_user, classroom_id)
    if EmptyForm().validate_on_submit():
        classes.update_classroom(room, archived=not room.archived)
        flash("Class archived: students no longer see it." if room.archived else "Class restored.", "success")
    return redirect(url_for(".dashboard"))


@bp.post("/classes/<int:classroom_id>/join-settings")
def join_settings(classroom_id: int):
    room = classes.own_classroom(current_user, classroom_id)
    form = JoinSettingsForm()
    if form.validate_on_submit():
        classes.update_classroom(room, allow_join=form.allow_join.data)
        flash("Students can now join with the code." if room.allow_join else "Joining by code is off.", "success")
    return redirect(url_for(".classroom", classroom_id=room.id))


@bp.post("/classes/<int:classroom_id>/time-zone")
def class_time_zone(classroom_id: int):
    room = classes.own_classroom(current_user, classroom_id)
    form = class_time_zone_form(current_user.zone_name)
    if not form.validate_on_submit():
        return _classroom_page(room, 400, zone_form=form)
    classes.update_classroom(room, time_zone=form.time_zone.data or None)
    flash(f"Due dates in this class are now in {schedule.describe_zone(room.zone_name)}.", "success")
    return redirect(url_for(".classroom", classroom_id=room.id))


@bp.route("/settings", methods=["GET", "POST"])
def settings():
    form = TimeZoneForm(data={"time_zone": current_user.zone_name})
    if form.validate_on_submit():
        accounts.set_time_zone(current_user._get_current_object(), form.time_zone.data)
        flash(f"Your time zone is now {form.time_zone.data.replace('_', ' ')}.", "success")
        return redirect(url_for(".dashboard"))
    return render_template("teacher/settings.html", form=form), 400 if form.errors else 200


@bp.post("/classes/<int:classroom_id>/students")
def add_students(classroom_id: int):
    room = classes.own_classroom(current_user, classroom_id)
    form = RosterForm()
    if not form.validate_on_submit():
        return _classroom_page(room, 400, roster_form=form)
    added = classes.add_students(room, parse_names(form.names.data), add_repeats=form.add_repeats.data)
    if added.skipped:
        flash(f"Skipped {len(added.skipped)} already on the roster: {', '.join(added.skipped)}. To add a second "
              "student with the same name, tick “Also add names already on the roster”.", "warning")
    if added.sheet is None:
        return redirect(url_for(".classroom", classroom_id=room.id), 303)
    return _show_cards_once(room, added.sheet)


@bp.post("/classes/<int:classroom_id>/students/<int:student_id>/reset")
def reset_student(classroom_id: int, student_id: int):
    room = classes.own_classroom(current_user, classroom_id)
    student = classes.student_in_class(room, student_id)
    if not EmptyForm().validate_on_submit():
        return redirect(url_for(".classroom", classroom_id=room.id))
    return _show_cards_once(room, classes.reset_passphrases(room, [student]))


@bp.post("/classes/<int:classroom_id>/students/reset")
def reset_students(classroom_id: int):
    """New passphrases (and cards) for the students ticked in the roster."""
    room = classes.own_classroom(current_user, classroom_id)
    form = ChooseStudentsForm()
    students = classes.students_in_class(room, form.student_id.data or []) if form.validate_on_submit() else []
    if not students:
        flash("Tick at least one student first.", "error")
        return redirect(url_for(".classroom", classroom_id=room.id), 303)
    return _show_cards_once(room, classes.reset_passphrases(room, students))


@bp.get("/classes/<int:classroom_id>/cards")
def new_logins(classroom_id: int):
    """The new passphrases, on login cards, shown once (a reload shows no passphrase)."""
    room = classes.own_classroom(current_user, classroom_id)
    held = dict(session.get("login_sheets", {}))
    sheet = held.pop(str(room.id), None)
    session["login_sheets"] = held
    cards = classes.take_cards(room, *sheet) if sheet else None
    return render_template("teacher/logins.html", classroom=room, cards=cards, sign_in_url=card_address())


@bp.route("/classes/<int:classroom_id>/students/<int:student_id>/remove", methods=["GET", "POST"])
def remove_student(classroom_id: int, student_id: int):
    room = classes.own_classroom(current_user, classroom_id)
    student = classes.student_in_class(room, student_id)
    form = RemoveStudentForm()
    if form.validate_on_submit():
        classes.remove_student(room, student, delete_work=form.delete_work.data == "delete")
        flash(f"{student.display_name} was removed from the class.", "success")
        return redirect(url_for(".classroom", classroom_id=room.id))
    return render_template("teacher/remove_student.html", classroom=room, student=student, form=form)


@bp.get("/classes/<int:classroom_id>/students/<int:student_id>/export")
def export_student(classroom_id: int, student_id: int):
    """Everything stored about one student, as a JSON download (a data request, say)."""
    room = classes.own_classroom(current_user, classroom_id)
    student = classes.student_in_class(room, student_id)
    response = jsonify(privacy.student_record(current_user, student))
    response.headers["Content-Disposition"] = f'attachment; filename="student-{student.username}.json"'
    return response


@bp.get("/classes/<int:classroom_id>/progress")
def class_progress(classroom_id: int):
    room = classes.own_classroom(current_user, classroom_id)
    return render_template("teacher/progress.html", classroom=room, grid=progress.class_grid(room, utcnow()),
                           content=get_content())


@bp.get("/classes/<int:classroom_id>/students/<int:student_id>")
def student_work(classroom_id: int, student_id: int):
    room = classes.own_classroom(current_user, classroom_id)
    student = classes.student_in_class(room, student_id)
    attempts = db.session.scalars(select(Attempt).join(Assignment).where(
        Assignment.classroom_id == room.id, Attempt.student_id == student.id)
        .order_by(Assignment.id, Attempt.number)).all()
    return render_template("teacher/student.html", classroom=room, student=student, attempts=attempts,
                           content=get_content())


@bp.get("/attempts/<int:attempt_id>")
def attempt(attempt_id: int):
    found = own_attempt(attempt_id)
    content = get_content()
    answered = quizzing.as_answered(found, content)
    class_picks, picks_of = class_picks_of(found.assignment, content)
    return render_template("teacher/attempt.html", attempt=found, content=content,
                           questions=answered.questions, responses=answered.responses,
                           regrade_notes=answered.regrade_notes, class_picks=class_picks, picks_of=picks_of,
                           grades=grading.released_grades(found),
                           pending=grading.pending_among(answered.responses) if found.is_submitted else 0,
                           mastery=progress.objective_mastery(found, content))


@bp.get("/lessons")
def catalog():
    return render_template("teacher/catalog.html", content=get_content(),
                           classrooms=classes.teacher_classrooms(current_user))


@bp.get("/lessons/<lesson_id>")
def preview(lesson_id: str):
    lesson, content = lesson_or_404(lesson_id)
    return render_template("teacher/preview.html", lesson=lesson, quiz=content.quiz_for(lesson_id),
                           content=content, classrooms=classes.teacher_classrooms(current_user))


@bp.route("/classes/<int:classroom_id>/assign", methods=["GET", "POST"])
def assign(classroom_id: int):
    """Assign one or several lessons with the same settings; a past due date or a lesson already
    assigned comes back as a warning first, saved only when the teacher says "Assign anyway"."""
    room = classes.own_classroom(current_user, classroom_id)
    content = get_content()
    form = AssignForm()
    form.lesson_ids.choices = [SelectChoice(lesson.id, f"{lesson.order}. {lesson.title}")
                               for lesson in content.lessons]
    if request.method == "GET":
        form.lesson_ids.data = request.args.getlist("lesson")
    warnings: list[str] = []
    if form.validate_on_submit():
        settings = form.settings(room.zone_name)
        warnings = classes.assign_warnings(room, {i: content.lesson_title(i) for i in form.lesson_ids.data},
                                           settings["due_at"], utcnow())
        if form.confirm.data or not warnings:
            made = classes.assign(room, form.lesson_ids.data, **settings)
            titles = ", ".join(f"“{content.lesson_title(a.lesson_id)}”" for a in made)
            flash(f"Assigned {titles} to {room.name}.", "success")
            return redirect(url_for(".classroom", classroom_id=room.id))
    return render_template("teacher/assign.html", classroom=room, form=form, warnings=warnings), \
        400 if form.errors else 200


@bp.route("/assignments/<int:assignment_id>/edit", methods=["GET", "POST"])
def edit_assignment(assignment_id: int):
    """Change the settings at any time; students' attempts and answers stay as they are."""
    assignment = own_assignment(assignment_id)
    room = assignment.classroom
    form = AssignmentSettingsForm(obj=assignment)
    if request.method == "GET" and assignment.due_at:
        local = schedule.to_local(assignment.due_at, room.zone_name)
        form.due_date.data, form.due_time.data = local.date(), local.time()
    warnings: list[str] = []
    if form.validate_on_submit():
        settings = form.settings(room.zone_name)
        due = settings["due_at"]
        if due is not None and due != assignment.due_at and due < utcnow():
            warnings.append(classes.past_due_warning(room, due))
        if form.confirm.data or not warnings:
            classes.update_assignment(assignment, **settings)
            flash("Assignment changed. Students' work on it is kept.", "success")
            return redirect(url_for(".classroom", classroom_id=room.id))
    return render_template("teacher/edit_assignment.html", assignment=assignment, classroom=room, form=form,
                           warnings=warnings, lesson_title=get_content().lesson_title(assignment.lesson_id),
                           empty_form=EmptyForm()), 400 if form.errors else 200


@bp.post("/assignments/<int:assignment_id>/release")
def release_answers(assignment_id: int):
    assignment = own_assignment(assignment_id)
    if EmptyForm().validate_on_submit():
        classes.release_answers(assignment)
        flash("Answers released: every student sees the correct answers after submitting.", "success")
    return redirect(url_for(".classroom", classroom_id=assignment.classroom_id))


@bp.route("/assignments/<int:assignment_id>/exceptions", methods=["GET", "POST"])
def exceptions(assignment_id: int):
    """A later due date, extra attempts or answers early, for one student or several."""
    assignment = own_assignment(assignment_id)
    room = assignment.classroom
    students = classes.roster(room)
    current = {e.student_id: e for e in schedule.assignment_exceptions(assignment)}
    form = ExceptionForm()
    form.student_ids.choices = [SelectChoice(s.id, s.listed_name) for s in students]
    if request.method == "GET":
        _prefill_exception(form, room.zone_name, request.args.getlist("student", type=int), current)
    warnings: list[str] = []
    if form.validate_on_submit():
        terms = schedule.ExceptionTerms(form.due_utc(room.zone_name), form.extra_attempts.data,
                                        form.answers_released.data)
        warnings = classes.exception_warnings(assignment, terms.due_at)
        if form.confirm.data or not warnings:
            schedule.set_exceptions(assignment, form.student_ids.data, terms)
            names = ", ".join(s.listed_name for s in students if s.id in form.student_ids.data)
            flash(f"Back to the class's terms for {names}." if terms.empty else f"Saved for {names}.", "success")
            return redirect(url_for(".class_progress", classroom_id=room.id))
    usual = schedule.effective(assignment)
    return render_template("teacher/exceptions.html", assignment=assignment, classroom=room, form=form,
                           warnings=warnings, usual=usual, lesson_title=get_content().lesson_title(assignment.lesson_id),
                           current=[(s, schedule.effective(assignment, current[s.id]))
                                    for s in students if s.id in current]), 400 if form.errors else 200


def _prefill_exception(form: ExceptionForm, zone_name: str, student_ids: list[int], current: dict) -> None:
    """Ticks the students named in the link; with one who has an exception, shows it to change."""
    form.student_ids.data = student_ids
    found = current.get(student_ids[0]) if len(student_ids) == 1 else None
    if found is not None:
        if found.due_at:
            local = schedule.to_local(found.due_at, zone_name)
            form.due_date.data, form.due_time.data = local.date(), local.time()
        form.extra_attempts.data, form.answers_released.data = found.extra_attempts, found.answers_released


@bp.route("/assignments/<int:assignment_id>/delete", methods=["GET", "POST"])
def delete_assignment(assignment_id: int):
    """Asks first (the students' work on it goes too), then removes the assignment."""
    assignment = own_assignment(assignment_id)
    room_id = assignment.classroom_id
    form = EmptyForm()
    if form.validate_on_submit():
        classes.remove_assignment(assignment)
        flash("Assignment removed, with the students' work on it.", "success")
        return redirect(url_for(".classroom", classroom_id=room_id))
    attempts = db.session.scalar(select(func.count()).select_from(Attempt)
                                 .where(Attempt.assignment_id == assignment.id))
    return render_template("teacher/delete_assignment.html", assignment=assignment, attempts=attempts,
                           lesson=get_content().lesson(assignment.lesson_id), form=form)


@bp.get("/classes/<int:classroom_id>/import")
def import_roster(classroom_id: int):
    room = classes.own_classroom(current_user, classroom_id)
    return render_template("teacher/import.html", classroom=room, form=RosterImportForm())


def _read_import(form: RosterImportForm) -> RosterFile:
    """The roster file from the upload, or (after a preview) from the signed form field."""
    if form.bundle.data:
        return importing.open_file(form.bundle.data, current_app.config["SECRET_KEY"])
    upload = form.file.data
    return importing.read_upload(upload.filename or "", upload.read())


@bp.post("/classes/<int:classroom_id>/import/preview")
def preview_import(classroom_id: int):
    """What the file would add, update and skip; nothing is written."""
    room = classes.own_classroom(current_user, classroom_id)
    form = RosterImportForm()
    try:
        if not form.validate_on_submit():
            raise RosterFileError(" ".join(e for errors in form.errors.values() for e in errors))
        roster_file = _read_import(form)
        chosen, roster = importing.choose_class(roster_file, form.source_class.data, room.name)
        plan = importing.plan(room, roster) if roster is not None else None
    except RosterFileError as error:
        return render_template("teacher/import.html", classroom=room, form=form, error=str(error)), 400
    form.bundle.data = importing.seal_file(roster_file, current_app.config["SECRET_KEY"])
    form.source_class.choices = [SelectChoice(k, f"{v} ({len(roster_file.by_class.get(k, []))} students)")
                                 for k, v in sorted(roster_file.classes.items(), key=lambda kv: kv[1])]
    form.source_class.data = chosen
    return render_template("teacher/import_preview.html", classroom=room, form=form, plan=plan,
                           source=roster_file.classes.get(chosen or ""))


@bp.post("/classes/<int:classroom_id>/import")
def run_import(classroom_id: int):
    room = classes.own_classroom(current_user, classroom_id)
    form = RosterImportForm()
    try:
        if not form.validate_on_submit() or not form.bundle.data:
            raise RosterFileError("Upload the file and look at the preview first.")
        _, roster = importing.choose_class(_read_import(form), form.source_class.data)
        if roster is None:
            raise RosterFileError("Choose the class in the file to import.")
        added = classes.import_roster(room, roster)
    except RosterFileError as error:
        return render_template("teacher/import.html", classroom=room, form=RosterImportForm(), error=str(error)), 400
    flash(f"Imported: {len(added.cards)} new, {added.joined} from your other classes, {added.updated} updated.",
          "success")
    if added.sheet is None:
        return redirect(url_for(".classroom", classroom_id=room.id), 303)
    return _show_cards_once(room, added.sheet)
