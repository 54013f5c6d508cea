"""Signing in and out, teacher sign-up, passwords, and joining a class by code."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from .. import accounts, classes, signin_limits
from ..extensions import limiter
from ..forms import EmptyForm
from ..forms.auth import ChangePasswordForm, JoinForm, LoginForm, SignupForm
from ..security import safe_next

bp = Blueprint("auth", __name__)


def _limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _address_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT_PER_ADDRESS"]


def _signup_limit() -> str:
    return current_app.config["SIGNUP_RATE_LIMIT"]


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
    return redirect(url_for("main.home"))


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
    form = JoinForm()
    if form.validate_on_submit():
        classroom = classes.joinable_classroom(form.join_code.data)
        if classroom is None:
            form.join_code.errors.append("No class accepts that code. Check it with your teacher.")
        else:
            login = classes.add_students(classroom, [form.display_name.data], add_repeats=True, hold=False).cards[0]
            login_user(accounts.find_login(login.username))
            return render_template("auth/joined.html", login=login, classroom=classroom)
    return render_template("auth/join.html", form=form)
