"""Signing in and out, teacher sign-up, passwords (and forgetting one), and joining a class by code."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from .. import accounts, classes, mail, password_reset, signin_limits
from ..errors import render_error, wants_json
from ..extensions import limiter
from ..forms import EmptyForm
from ..forms.auth import ChangePasswordForm, ForgotPasswordForm, JoinForm, LoginForm, ResetPasswordForm, SignupForm
from ..security import safe_next

bp = Blueprint("auth", __name__)


def _limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _address_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT_PER_ADDRESS"]


def _signup_limit() -> str:
    return current_app.config["SIGNUP_RATE_LIMIT"]


def _reset_limit() -> str:
    return current_app.config["RESET_RATE_LIMIT"]


def _reset_address_limit() -> str:
    return current_app.config["RESET_RATE_LIMIT_PER_ADDRESS"]


# Pages whose form comes back, with the wait, when a limit is hit (not a dead end).
FORM_PAGES = {"auth.login": ("auth/login.html", LoginForm),
              "auth.forgot_password": ("auth/forgot.html", ForgotPasswordForm)}


@bp.errorhandler(429)
def too_many_tries(error):
    """A limit was hit: say how long to wait, in words, on the page the person was using."""
    wait = f"Too many tries. Wait {signin_limits.in_words(signin_limits.wait_seconds())}, then try again."
    if wants_json() or request.endpoint not in FORM_PAGES:
        return render_error(429, wait)
    template, form = FORM_PAGES[request.endpoint]
    return render_template(template, form=form(), wait=wait), 429


def signup_closed() -> bool:
    """Production needs a sign-up code: without one, nobody can make a teacher account (and read keys)."""
    return bool(current_app.config.get("SIGNUP_NEEDS_CODE")) and not current_app.config.get("TEACHER_SIGNUP_CODE")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_address_limit, methods=["POST"], deduct_when=signin_limits.failed,
               exempt_when=signin_limits.is_trusted)
@limiter.limit(_limit, key_func=signin_limits.account_key, methods=["POST"], deduct_when=signin_limits.failed,
               exempt_when=signin_limits.is_trusted)
@limiter.limit(_limit, key_func=signin_limits.device_key, methods=["POST"], deduct_when=signin_limits.failed)
def login():
    """Sign in; only failures count against the limits (see signin_limits)."""
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.find_login(form.identifier.data)
        if accounts.check_password(user, form.password.data):
            session.clear()  # a new session at login: nothing from before signing in carries over
            login_user(user, remember=form.remember.data)
            response = redirect(safe_next(request.args.get("next")) or url_for("main.home"))
            return signin_limits.remember(response, signin_limits.identifier())
        form.password.errors.append("That sign-in and password don't match. Check both and try again.")
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    if EmptyForm().validate_on_submit():
        accounts.sign_out_everywhere(current_user._get_current_object())
        logout_user()
        flash("You are signed out.", "info")
    return redirect(safe_next(request.form.get("next")) or url_for("main.home"))


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit(_signup_limit, methods=["POST"])
def signup():
    if signup_closed():
        return render_template("auth/signup_closed.html"), 403 if request.method == "POST" else 200
    form = SignupForm()
    if form.validate_on_submit():
        user = accounts.create_teacher(form.email.data, form.password.data, form.display_name.data,
                                       form.time_zone.data)
        login_user(user)
        flash("Welcome! Start by creating a class.", "success")
        return redirect(url_for("teacher.dashboard"))
    return render_template("auth/signup.html", form=form)


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        if accounts.check_password(user, form.current.data):
            accounts.change_password(user, form.password.data)
            login_user(user)
            flash("Your password is changed. Other devices have been signed out.", "success")
            return redirect(url_for("main.home"))
        form.current.errors.append("That is not your current password.")
    return render_template("auth/password.html", form=form)


@bp.route("/join", methods=["GET", "POST"])
@limiter.limit(_address_limit, methods=["POST"])
def join():
    if current_user.is_authenticated:  # joining would make a second account and switch to it: ask first
        return render_template("auth/join_switch.html")
    form = JoinForm()
    if form.validate_on_submit():
        try:
            classroom = classes.joinable_classroom(form.join_code.data)
        except classes.JoiningOff:
            form.join_code.errors.append("That class is not taking new students right now. Ask your teacher to "
                                         "turn joining on, then try again.")
            return render_template("auth/join.html", form=form)
        if classroom is None:
            form.join_code.errors.append("No class accepts that code. Check it with your teacher.")
        else:
            login = classes.add_students(classroom, [form.display_name.data], add_repeats=True, hold=False).cards[0]
            login_user(accounts.find_login(login.username))
            return render_template("auth/joined.html", login=login, classroom=classroom)
    return render_template("auth/join.html", form=form)


@bp.route("/account/forgot", methods=["GET", "POST"])
@limiter.limit(_reset_address_limit, methods=["POST"])
@limiter.limit(_reset_limit, key_func=signin_limits.reset_key, methods=["POST"])
def forgot_password():
    """The same answer whether or not the email has an account."""
    if not mail.configured():
        return render_template("auth/forgot.html", form=None)
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        password_reset.email_link(form.email.data)
        return render_template("auth/forgot_sent.html", email=form.email.data,
                               minutes=password_reset.minutes())
    return render_template("auth/forgot.html", form=form)


@bp.route("/account/reset", methods=["GET", "POST"])
@limiter.limit(_address_limit, methods=["POST"])
def reset_password():
    form = ResetPasswordForm(token=request.args.get("token", ""))
    user = password_reset.user_for(form.token.data or "")
    if user is None:
        return render_template("auth/reset.html", form=None), 400
    if form.validate_on_submit():
        password_reset.reset(user, form.password.data)
        flash("Your password is changed. Sign in with your new password.", "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset.html", form=form, user=user)
