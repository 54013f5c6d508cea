"""Flask-WTF forms, one module per blueprint."""
from flask_wtf import FlaskForm


class EmptyForm(FlaskForm):
    """For button-only actions: the form is empty but still carries the CSRF token."""
