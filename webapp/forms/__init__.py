"""Flask-WTF forms, one module per blueprint."""
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice

from ..schedule import is_zone, zone_names


class EmptyForm(FlaskForm):
    """For button-only actions: the form is empty but still carries the CSRF token."""


class ZoneField(SelectField):
    """The zone list, plus the zone the field holds when it is an old alias left out of the list
    ("Asia/Calcutta", stored earlier or the browser's own): it is shown selected and saves as it is."""

    def process(self, formdata, data=None, extra_filters=None):
        super().process(formdata, data, extra_filters)
        choices: list[SelectChoice] = list(getattr(self, "choices", None) or [])
        if self.data and self.data not in {c.value for c in choices} and is_zone(self.data):
            self.choices = [*choices, SelectChoice(self.data, self.data.replace("_", " "))]


def time_zone_field(label: str = "Your time zone", first: SelectChoice | None = None,
                    from_browser: bool = False) -> SelectField:
    """A pick of IANA zones; ``from_browser`` lets the page's time_zone.js preselect the browser's own."""
    choices = ([first] if first else []) + [SelectChoice(n, n.replace("_", " ")) for n in zone_names()]
    return ZoneField(label, choices=choices, default=first.value if first else "UTC",
                       render_kw={"data-browser-zone": ""} if from_browser else {})
