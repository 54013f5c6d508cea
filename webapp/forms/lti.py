from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

URL = [DataRequired(), Length(max=500)]


class PlatformForm(FlaskForm):
    name = StringField("Name people will recognise (for example, District Canvas)", validators=[Optional(), Length(max=120)])
    issuer = StringField("Issuer (iss)", validators=[DataRequired(), Length(max=255)])
    client_id = StringField("Client id", validators=[DataRequired(), Length(max=255)])
    deployment_ids = TextAreaField("Deployment ids, one per line", validators=[DataRequired(), Length(max=5000)])
    key_set_url = StringField("Public key set URL (JWKS)", validators=URL)
    token_url = StringField("Access token URL", validators=URL)
    auth_url = StringField("Authentication request URL (OIDC auth)", validators=URL)
    token_audience = StringField("Token audience (only if the LMS names one, like Brightspace)",
                                 validators=[Optional(), Length(max=500)])
