from __future__ import annotations

import hmac

from flask import current_app
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from ..extensions import db
from ..models import User
from . import time_zone_field

PASSWORD = [DataRequired(), Length(min=10, max=128, message="Use 10 to 128 characters.")]


class LoginForm(FlaskForm):
    identifier = StringField("Email or username", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password or passphrase", validators=[DataRequired(), Length(max=128)])
    remember = BooleanField("Keep me signed in on this device")


class SignupForm(FlaskForm):
    display_name = StringField("Your name (as students will see it)",
                               validators=[DataRequired(), Length(max=120)])
    email = EmailField("Email", validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField("Password", validators=PASSWORD)
    confirm = PasswordField("Password again", validators=[DataRequired(), EqualTo("password",
                            message="The two passwords are not the same.")])
    signup_code = StringField("Sign-up code from your school")
    time_zone = time_zone_field(from_browser=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_submitted():  # the teacher's own pick comes back; the script must not change it
            self.time_zone.render_kw = {}

    def code_is_right(self) -> bool:
        """Compared in constant time; with no code set, anyone may sign up (development)."""
        wanted = current_app.config.get("TEACHER_SIGNUP_CODE") or ""
        given = (self.signup_code.data or "").strip()
        return not wanted or hmac.compare_digest(given.encode(), wanted.encode())

    def validate_email(self, field) -> None:
        """Whether an email has an account is said only to someone holding the school's code."""
        email = field.data.strip().lower()
        if self.code_is_right() and db.session.scalar(
                select(func.count()).select_from(User).where(User.email == email)):
            raise ValidationError("An account with this email already exists. Try signing in.")

    def validate_signup_code(self, field) -> None:
        if not self.code_is_right():
            raise ValidationError("That sign-up code is not right. Ask your school for it.")


class ChangePasswordForm(FlaskForm):
    current = PasswordField("Current password", validators=[DataRequired(), Length(max=128)])
    password = PasswordField("New password", validators=PASSWORD)
    confirm = PasswordField("New password again", validators=[DataRequired(), EqualTo("password",
                            message="The two passwords are not the same.")])


class JoinForm(FlaskForm):
    join_code = StringField("Class code", validators=[DataRequired(), Length(max=16)])
    display_name = StringField("Your first and last name", validators=[DataRequired(), Length(max=120)])


class ForgotPasswordForm(FlaskForm):
    email = EmailField("Your email", validators=[DataRequired(), Email(), Length(max=254)])


class ResetPasswordForm(FlaskForm):
    token = HiddenField(validators=[DataRequired(), Length(max=500)])
    password = PasswordField("New password", validators=PASSWORD)
    confirm = PasswordField("New password again", validators=[DataRequired(), EqualTo("password",
                            message="The two passwords are not the same.")])
