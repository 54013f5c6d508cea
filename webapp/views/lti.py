"""LTI 1.3 routes: the LMS's launches (login, launch, JWKS), the lesson picker, roster sync, the admin page.

The login initiation and the launch are called by the LMS through the browser (the launch is a
form post of the signed id_token), so they cannot carry our CSRF token and are exempt from it:
their protection is the platform's signature on the id_token, the state cookie set at login and
the one-use nonce (``lti.launch``). Every other POST here takes our CSRF token.
"""
from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_user

from ..content_store import get_content
from ..errors import render_error
from ..extensions import csrf, db, limiter
from ..forms import EmptyForm
from ..forms.lti import PlatformForm
from ..lti import deeplink, keys, outbox, platforms, roster, tool
from ..lti.frames import FRAME_KEY, csp_for_frames, form_action_csp, origins, refusal_csp
from ..lti.launch import DEEP_LINK, launch_body, provision, read_claims
from ..lti.problems import LaunchRefused
from ..models import LtiCourse, LtiPlatform
from ..security import teacher_required

bp = Blueprint("lti", __name__, url_prefix="/lti")
bp.after_app_request(csp_for_frames)
DEEP_LINK_KEYS = ("lti_launch", "lti_course")


@bp.app_context_processor
def _lti_helpers():
    return {"lti_course_for": lambda room: roster.course_for(room.id)}


def refused(error: LaunchRefused, new_window: str | None = None):
    problem = error.problem
    response = current_app.make_response((render_template("lti/refused.html", problem=problem,
                                                          new_window=new_window), problem.code))
    response.headers["Content-Security-Policy"] = refusal_csp()
    return response


def _login_limit() -> str:
    return current_app.config["LTI_LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit)
def login():
    """OIDC login initiation (step 1 of a launch): the LMS sends the browser here. Each one stores a
    nonce, so anyone could fill a table by calling it: a generous limit per address (a class behind
    one school address launches at once) keeps that in check; the rows expire in a day."""
    params = (request.args if request.method == "GET" else request.form).to_dict()
    try:
        return tool.login_redirect(params)
    except LaunchRefused as error:
        return refused(error)


@bp.post("/launch")
def launch():
    """The launch (step 2): the LMS posts the signed id_token; the user lands signed in."""
    try:
        message, body, platform = tool.validated_launch()
        claims = read_claims(body)
        landing = provision(platform, claims, message.get_launch_id(), body)
    except LaunchRefused as error:
        return refused(error, tool.new_window_url(request.form.get("state")) if error.kind == "cookies" else None)
    session.clear()  # a new session: nothing from before this launch carries over
    login_user(landing.user)
    session[FRAME_KEY] = origins(platform.auth_url, platform.issuer)
    outbox.wake()  # scores that waited for this LMS
    if landing.roster_due:
        _sync_quietly(landing.course_id)
    if landing.is_instructor and claims.message_type == DEEP_LINK:
        session.update(lti_launch=message.get_launch_id(), lti_course=landing.course_id)
        return redirect(url_for(".pick"))
    if landing.is_instructor:
        return redirect(url_for("teacher.classroom", classroom_id=landing.classroom_id))
    if landing.assignment_id:
        return redirect(url_for("student.read", assignment_id=landing.assignment_id))
    return redirect(url_for("student.dashboard"))


csrf.exempt(login)
csrf.exempt(launch)


def _sync_quietly(course_id: int) -> None:
    """At an instructor's launch, at most hourly: a roster the LMS won't give is not worth a failed launch."""
    course = db.session.get(LtiCourse, course_id)
    if course is None:
        return
    try:
        roster.sync(course)
    except roster.RosterUnavailable as error:
        current_app.logger.warning("roster sync at launch failed: %s", error)


@bp.get("/jwks")
def jwks():
    """Our public keys, for the LMS to check what we sign."""
    return jsonify(keys.jwks())


def _deep_link_course() -> LtiCourse | None:
    course = db.session.get(LtiCourse, session.get("lti_course") or 0)
    if course is None or course.classroom.teacher_id != current_user.id or not launch_body(session.get("lti_launch", "")):
        return None
    return course


@bp.route("/pick", methods=["GET", "POST"])
@teacher_required
def pick():
    """Deep Linking: the teacher picks lessons; each goes back to the LMS as an assignment."""
    course = _deep_link_course()
    if course is None:
        return refused(LaunchRefused("no_deep_link"))
    options = deeplink.choices(get_content())
    form = EmptyForm()
    if request.method == "GET" or not form.validate_on_submit():
        return render_template("lti/pick.html", options=options, course=course, form=form)
    wanted = set(request.form.getlist("lesson"))
    picked = [o for o in options if o.lesson_id in wanted]
    if not picked:
        flash("Pick at least one lesson.", "error")
        return render_template("lti/pick.html", options=options, course=course, form=form), 400
    items = deeplink.assign_chosen(course, picked)
    token, return_url = tool.deep_link_jwt(session["lti_launch"], items)
    for key in DEEP_LINK_KEYS:
        session.pop(key, None)
    response = current_app.make_response(render_template("lti/deep_link_return.html", token=token,
                                                         return_url=return_url, items=items))
    response.headers["Content-Security-Policy"] = form_action_csp(return_url)
    return response


@bp.post("/classes/<int:classroom_id>/roster")
@teacher_required
def sync_roster(classroom_id: int):
    """The roster button on an LMS-bound class's page."""
    from ..classes import own_classroom

    room = own_classroom(current_user, classroom_id)
    course = roster.course_for(room.id)
    if course is None:
        flash("This class is not linked to an LMS course, so there is no LMS roster to bring in.", "info")
    elif EmptyForm().validate_on_submit():
        try:
            done = roster.sync(course)
            flash(f"Roster updated from the LMS: {done.added} new student(s), {done.enrolled} added to this class, "
                  f"{done.learners} student(s) in the course.", "success")
        except roster.RosterUnavailable as error:
            flash(f"The LMS did not send the roster, so nothing changed ({error}). Try again later.", "error")
    return redirect(url_for("teacher.classroom", classroom_id=room.id))


def _admin_only():
    """A teacher who is not an admin is told who the page is for and how access is given."""
    if not platforms.is_admin(current_user):
        abort(make_response(render_error(
            403, "This page is for the administrators who register your school's LMSs (Canvas, Moodle…) with "
                 "Crossings. Access is given by the CROSSINGS_ADMINS setting on the server, which lists their "
                 "emails (see docs/lms.md). Ask whoever runs Crossings for your school if you need it.",
            title="This page is for LMS administrators")))


@bp.route("/admin", methods=["GET", "POST"])
@teacher_required
def admin():
    """LMS registrations (admins only: the teachers named in CROSSINGS_ADMINS)."""
    _admin_only()
    form = PlatformForm()
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                platform = platforms.add_platform(_fields(form))
                flash(f"Saved the registration for {platform.name}.", "success")
                return redirect(url_for(".admin"))
            except platforms.BadPlatform as error:
                form.form_errors.append(str(error))
        status = 400
    return render_template("lti/admin.html", form=form, platforms=platforms.platforms(),
                           unsent=platforms.unsent_scores(), remove_form=EmptyForm(), jwks_kids=[
                               k["kid"] for k in keys.jwks()["keys"]]), status


@bp.post("/admin/platforms/<int:platform_id>/remove")
@teacher_required
def remove_platform(platform_id: int):
    _admin_only()
    platform = db.session.get(LtiPlatform, platform_id)
    if platform is None:
        abort(404)
    if EmptyForm().validate_on_submit():
        name = platform.name
        platforms.remove_platform(platform)
        flash(f"Removed the registration for {name}: launches from it now stop.", "success")
    return redirect(url_for(".admin"))


def _fields(form: PlatformForm) -> platforms.PlatformFields:
    return platforms.PlatformFields(
        (form.name.data or "").strip(), form.issuer.data.strip(), form.client_id.data.strip(),
        platforms.parse_deployments(form.deployment_ids.data), form.key_set_url.data.strip(),
        form.token_url.data.strip(), form.auth_url.data.strip(), (form.token_audience.data or "").strip())
