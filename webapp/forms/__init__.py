"""Flask-WTF forms, one module per blueprint."""
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice

from ..schedule import zone_names


class EmptyForm(FlaskForm):
    """For button-only actions: the form is empty but still carries the CSRF token."""


def time_zone_field(label: str = "Your time zone", first: SelectChoice | None = None,
                    from_browser: bool = False) -> SelectField:
    """A pick of IANA zones; ``from_browser`` lets the page's time_zone.js preselect the browser's own."""
    choices = ([first] if first else []) + [SelectChoice(n, n.replace("_", " ")) for n in zone_names()]
    return SelectField(label, choices=choices, default=first.value if first else "UTC",
                       render_kw={"data-browser-zone": ""} if from_browser else {})
