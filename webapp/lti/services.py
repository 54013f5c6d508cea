"""Talking to a platform's services (AGS scores, NRPS rosters) with our key, outside any request."""
from __future__ import annotations

from typing import Any, Final, cast

from pylti1p3.assignments_grades import AssignmentsGradesService
from pylti1p3.contrib.flask import FlaskServiceConnector
from pylti1p3.grade import Grade
from pylti1p3.names_roles import NamesRolesProvisioningService

from ..models import LtiPlatform, LtiScore
from .toolconf import registration

SCORE_SCOPE: Final = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
TIMEOUT_SECONDS = 20


class Connector(FlaskServiceConnector):
    """The library caches access tokens by issuer and scopes; two registrations of one LMS (two client
    ids) must not share a token, so the client id is part of the key."""

    def _scope_key(self, scopes):
        return super()._scope_key([*scopes, f"client-id:{self._registration.get_client_id()}"])


def _connector(platform: LtiPlatform) -> FlaskServiceConnector:
    connector = Connector(registration(platform))
    connector._requests_session.request = _with_timeout(connector._requests_session.request)  # type: ignore[method-assign]
    return connector


def _with_timeout(request):
    """A platform that never answers must not hold the sender forever."""
    def bounded(*args, **kwargs):
        kwargs.setdefault("timeout", TIMEOUT_SECONDS)
        return request(*args, **kwargs)
    return bounded


def post_score(score: LtiScore) -> None:
    """POST one score to its line item; raises (LtiException, requests' errors) when the platform refuses."""
    ags = AssignmentsGradesService(_connector(score.platform), {"scope": [SCORE_SCOPE],
                                                                "lineitem": score.lineitem_url})
    grade = (Grade().set_user_id(score.sub).set_score_given(score.score_given)
             .set_score_maximum(score.score_maximum).set_activity_progress(score.activity_progress)
             .set_grading_progress(score.grading_progress)
             .set_timestamp(score.created_at.isoformat(timespec="milliseconds") + "+00:00"))
    ags.put_grade(grade)


def course_members(platform: LtiPlatform, memberships_url: str) -> list[dict]:
    nrps = NamesRolesProvisioningService(_connector(platform), {"context_memberships_url": memberships_url})
    return cast(list[dict[str, Any]], nrps.get_members())
