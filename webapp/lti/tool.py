"""The LTI library, wired to Flask and our tables: OIDC login, launch validation, Deep Linking replies."""
from __future__ import annotations

from typing import Any

from flask import url_for
from pylti1p3.contrib.flask import FlaskMessageLaunch, FlaskOIDCLogin, FlaskRequest, FlaskServiceConnector
from pylti1p3.deep_link_resource import DeepLinkResource
from pylti1p3.exception import LtiException, OIDCException
from pylti1p3.lineitem import LineItem

from ..models import LtiPlatform
from .launch import ASSIGNMENT_PARAM
from .problems import LaunchRefused, refusal
from .toolconf import TableStorage, TableToolConf, find_platform

LOGIN_PARAMS = ("iss", "login_hint", "target_link_uri", "lti_message_hint", "lti_deployment_id", "client_id")


class Launch(FlaskMessageLaunch):
    """A launch whose checks write nothing: the library would store a "state is valid" marker and the
    launch data as its last check; we store what we need in ``launch.provision``, with the nonce."""

    def save_launch_data(self):
        return self


def login_redirect(params: dict[str, str]):
    """The OIDC login initiation: remember the parameters (for the open-in-a-new-window page) and send
    the browser back to the platform's auth URL with a fresh state (cookie) and nonce (table)."""
    login = FlaskOIDCLogin(FlaskRequest(request_data=params or None), TableToolConf(),
                           launch_data_storage=TableStorage())
    login.pass_params_to_launch({k: params[k] for k in LOGIN_PARAMS if params.get(k)})
    try:
        return login.redirect(url_for("lti.launch", _external=True))
    except OIDCException as error:
        raise (LaunchRefused("bad_request") if "Could not find" in str(error) and "registration" not in str(error)
               else refusal(error)) from None


def validated_launch() -> tuple[Launch, dict, LtiPlatform]:
    """The launch in this request, checked (state, signature, expiry, issuer, audience, deployment)."""
    launch = Launch(FlaskRequest(), TableToolConf(), launch_data_storage=TableStorage(),
                    service_connector_cls=FlaskServiceConnector)
    try:
        body = dict(launch.get_launch_data())
    except (LtiException, AssertionError, ValueError, TypeError) as error:
        raise refusal(error) from None
    platform = find_platform(str(body.get("iss")), launch.get_client_id())
    if platform is None:
        raise LaunchRefused("unknown_platform")
    return launch, body, platform


def new_window_url(state: str | None) -> str | None:
    """The login again, in a window of its own (where our cookie is first-party), for a launch whose
    state cookie the browser did not send."""
    if not state or not state.startswith("state-"):
        return None
    params = TableStorage().get_value(f"lti1p3-{state}")
    if not isinstance(params, dict):
        return None
    return url_for("lti.login", _external=True, **{k: v for k, v in params.items() if k in LOGIN_PARAMS})


def deep_link_jwt(launch_id: str, items: list[dict[str, Any]]) -> tuple[str, str]:
    """(signed response, the platform's return URL) for the chosen items. Each item: title, assignment id,
    points. ``from_cache`` gets the Flask service connector: its default is the abstract one."""
    launch = Launch.from_cache(launch_id, FlaskRequest(), TableToolConf(), launch_data_storage=TableStorage(),
                               service_connector_cls=FlaskServiceConnector)
    deep_link = launch.get_deep_link()
    resources = [DeepLinkResource().set_url(url_for("lti.launch", _external=True)).set_title(item["title"])
                 .set_custom_params({ASSIGNMENT_PARAM: str(item["assignment_id"])})
                 .set_lineitem(LineItem().set_label(item["title"]).set_score_maximum(item["points"])
                               .set_resource_id(f"crossings-assignment-{item['assignment_id']}"))
                 for item in items]
    settings = launch.get_launch_data()["https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"]
    return deep_link.get_response_jwt(resources), settings["deep_link_return_url"]
