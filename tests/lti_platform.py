"""An LMS for the tests: lti1p3platform (an LTI 1.3 platform emulator) behind a small Flask app.

It starts launches (resource link or Deep Linking) for a user, issues access tokens, takes the
Deep Linking reply (making a line item per item), takes scores (failing on purpose when told)
and serves the course roster. Everything it receives is kept in ``received`` for the tests to
assert on. It and Crossings run on loopback over HTTPS with a certificate made for the run.
"""
from __future__ import annotations

import datetime as dt
import ipaddress
import json
import ssl
import threading
import typing as t
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from flask import Flask, jsonify, redirect, request
from lti1p3platform.ltiplatform import LTI1P3PlatformConfAbstract
from lti1p3platform.message_launch import LTIAdvantageMessageLaunchAbstract
from lti1p3platform.oidc_login import OIDCLoginAbstract
from lti1p3platform.registration import Registration
from lti1p3platform.request import Request, TRequest
from lti1p3platform.score import UpdateScoreStatus
from lti1p3platform.service_connector import AssignmentsGradesService, NamesRoleProvisioningService
from werkzeug.serving import make_server

INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"
LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
CLIENT_ID, DEPLOYMENT, COURSE = "crossings-test-client", "deployment-1", "course-101"


def pem_pair() -> tuple[str, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    public = key.public_key().public_bytes(serialization.Encoding.PEM,
                                           serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    return private, public


def loopback_certificate(folder: Path) -> tuple[Path, Path]:
    """A throwaway self-signed certificate for 127.0.0.1 (cert, key)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                                                        x509.DNSName("localhost")]), False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "loopback.pem", folder / "loopback.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


@contextmanager
def running_lms(folder: Path, wrap, platform_host: str = "127.0.0.1"):
    """Crossings and the emulated LMS, each on its loopback port over HTTPS, the LMS registered in
    Crossings by the CLI; yields ``wrap(app, platform, tool_url, cert_path)``. The caller points
    ``requests`` at the certificate (REQUESTS_CA_BUNDLE, ``folder/loopback.pem``). With
    ``platform_host="localhost"`` the LMS is another *site* than Crossings (127.0.0.1), as a real
    LMS is: its iframe is then cross-site, with the cookie rules that brings."""
    from factories import database_url, free_port

    from webapp import create_app
    from webapp.catalog_sync import sync_catalog
    from webapp.content_store import get_content
    from webapp.extensions import db

    cert, key = loopback_certificate(folder)
    tool_port, platform_port = free_port(), free_port()
    tool_url, platform_url = f"https://127.0.0.1:{tool_port}", f"https://{platform_host}:{platform_port}"
    app = create_app({"SECRET_KEY": "lti-test", "SQLALCHEMY_DATABASE_URI": database_url(folder),
                      "LTI_RETRY_SECONDS": 0.05, "LOGIN_RATE_LIMIT": "1000 per minute"})
    platform = Platform(platform_url, tool_url)
    with app.app_context():
        db.drop_all()
        db.create_all()
        sync_catalog(get_content())
        result = app.test_cli_runner().invoke(args=platform.cli_args())
        assert result.exit_code == 0, result.output
        db.session.remove()
    servers = [HttpsServer(app, tool_port, cert, key), HttpsServer(platform.app, platform_port, cert, key)]
    try:
        yield wrap(app, platform, tool_url, str(cert))
    finally:
        for server in servers:
            server.stop()
        with app.app_context():
            db.session.remove()
            db.drop_all()
            db.engine.dispose()


class HttpsServer:
    """A WSGI app on loopback over HTTPS, in a thread."""

    def __init__(self, app, port: int, cert: Path, key: Path):
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        self.server = make_server("127.0.0.1", port, app, threaded=True, ssl_context=context)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()


class FlaskPlatformRequest(Request):
    def build_metadata(self, req) -> TRequest:
        return {"method": req.method, "form_data": req.form.to_dict(), "get_data": req.args.to_dict(),
                "headers": req.headers, "content_type": req.content_type, "path": req.path,
                "json": req.get_json(silent=True)}


@dataclass
class Received:
    scores: list[dict] = field(default_factory=list)
    score_tries: int = 0
    deep_link_items: list[dict] = field(default_factory=list)
    token_requests: int = 0
    roster_requests: int = 0


class Platform:
    """The emulated LMS. ``tool`` is Crossings' base URL; ``url`` is this platform's."""

    def __init__(self, url: str, tool: str):
        self.url, self.tool = url, tool
        self.private, self.public = pem_pair()
        self.received = Received()
        self.fail_scores = 0  # answer this many score posts with a 500 first
        self.overrides: dict[str, t.Any] = {}  # claims to change in the next launches (wrong iss, aud…)
        self.expires_in = 300
        self.members = [{"user_id": "teacher-1", "name": "Tess Teacher", "roles": [INSTRUCTOR]},
                        {"user_id": "student-1", "name": "Ana Lee", "roles": [LEARNER]},
                        {"user_id": "student-2", "name": "Ben Ortiz", "roles": [LEARNER]}]
        self.resource_links: dict[str, dict] = {}  # resource link id -> {"custom": …, "lineitem": url}
        self.lock = threading.Lock()
        self.app = self._make_app()

    @property
    def issuer(self) -> str:
        return self.url

    def registration(self) -> Registration:
        return (Registration().set_iss(self.issuer).set_client_id(CLIENT_ID).set_deployment_id(DEPLOYMENT)
                .set_oidc_login_url(f"{self.tool}/lti/login").set_launch_url(f"{self.tool}/lti/launch")
                .set_deeplink_launch_url(f"{self.tool}/lti/launch").set_tool_key_set_url(f"{self.tool}/lti/jwks")
                .set_platform_public_key(self.public).set_platform_private_key(self.private))

    def conf(self) -> LTI1P3PlatformConfAbstract:
        platform = self

        class Conf(LTI1P3PlatformConfAbstract):
            def init_platform_config(self, **kwargs):
                pass

            def get_registration_by_params(self, **kwargs):
                return platform.registration()

        conf = Conf()
        conf.get_registration()
        return conf

    def launch_url(self, user: str, deep_link: bool = False, resource: str = "") -> str:
        return f"{self.url}/start?" + "&".join(f"{k}={v}" for k, v in
                                               {"user": user, "dl": int(deep_link), "rl": resource}.items())

    def cli_args(self) -> list[str]:
        return ["lti", "add-platform", "--name", "Test LMS", "--issuer", self.issuer, "--client-id", CLIENT_ID,
                "--deployment-id", DEPLOYMENT, "--key-set-url", f"{self.url}/jwks",
                "--token-url", f"{self.url}/token", "--auth-url", f"{self.url}/auth"]

    def _member(self, user: str) -> dict:
        return next(m for m in self.members if m["user_id"] == user)

    def _make_app(self) -> Flask:
        app = Flask("lti_platform")
        platform = self

        class Login(OIDCLoginAbstract):
            def set_lti_message_hint(self, **kwargs):
                self._lti_message_hint = json.dumps(kwargs)

            def get_redirect(self, url):
                return redirect(url)

        class Launch(LTIAdvantageMessageLaunchAbstract):
            def render_launch_form(self, launch_data, **kwargs):
                return (f'<form method="post" action="{launch_data["launch_url"]}">'
                        f'<input name="id_token" value="{launch_data["id_token"]}">'
                        f'<input name="state" value="{launch_data["state"]}"></form>'
                        '<script>document.forms[0].submit()</script>')

            def get_launch_message(self, include_extra_claims=True):
                message = super().get_launch_message(include_extra_claims)
                message.update({k: v for k, v in platform.overrides.items() if k in ("iss", "aud")})
                if "deployment_id" in platform.overrides:
                    message["https://purl.imsglobal.org/spec/lti/claim/deployment_id"] = platform.overrides["deployment_id"]
                return message

        @app.get("/course")
        def course():
            """A course page with Crossings in an iframe, as an LMS shows a tool."""
            launch = platform.launch_url(request.args["user"], request.args.get("dl") == "1", request.args.get("rl", ""))
            return f'<h1>World History 10</h1><iframe title="Crossings" src="{launch}" width="1000" height="800"></iframe>'

        @app.get("/start")
        def start():
            login = Login(FlaskPlatformRequest(request), platform.conf())
            login.set_lti_message_hint(dl=request.args["dl"], rl=request.args.get("rl", ""))
            return login.initiate_login(request.args["user"])

        @app.get("/auth")
        def auth():
            hint = json.loads(request.args["lti_message_hint"])
            member = platform._member(request.args["login_hint"])
            launch = Launch(FlaskPlatformRequest(request), platform.conf())
            launch.set_id_token_expiration(platform.expires_in)
            launch.set_user_data(member["user_id"], member["roles"], full_name=member["name"])
            launch.set_launch_context_claim(COURSE, context_title="World History 10")
            launch.set_nrps(f"{platform.url}/memberships")
            if hint["dl"] == "1":
                launch.set_dl(f"{platform.url}/deep_link_return", accept_types={"ltiResourceLink"})
            else:
                link = platform.resource_links[hint["rl"]]
                launch.set_resource_link_claim(hint["rl"])
                launch.set_custom_parameters_claim(link["custom"])
                launch.set_ags(f"{platform.url}/lineitems", link["lineitem"], scores_service_enabled=True)
            return launch.lti_launch()

        @app.get("/jwks")
        def jwks():
            return jsonify({"keys": platform.registration().get_jwks()})

        @app.post("/token")
        def token():
            platform.received.token_requests += 1
            return jsonify(platform.conf().get_access_token(request.form.to_dict()))

        @app.post("/deep_link_return")
        def deep_link_return():
            items = platform.conf().validate_deeplinking_resp({"JWT": request.form["JWT"]})
            with platform.lock:
                for item in items:
                    number = len(platform.resource_links) + 1
                    platform.resource_links[f"link-{number}"] = {
                        "custom": item.get("custom", {}), "lineitem": f"{platform.url}/lineitems/{number}",
                        "item": item}
                    platform.received.deep_link_items.append(item)
            return f"<p>{len(items)} item(s) added to the course.</p>"

        class Grades(AssignmentsGradesService):
            def update_score(self, line_item_id, score):
                platform.received.scores.append({"lineitem": line_item_id, **score})
                return UpdateScoreStatus.SUCCESS

            def find_lineitems(self, *args, **kwargs):
                return {"content": [], "has_next": False, "next": None}

            def find_lineitem(self, line_item_id):
                raise NotImplementedError

            def create_lineitem(self, creation_data):
                raise NotImplementedError

            def update_lineitem(self, update_data):
                raise NotImplementedError

            def delete_lineitem(self, line_item_id):
                raise NotImplementedError

            def get_results(self, *args, **kwargs):
                return {"content": [], "has_next": False, "next": None}

        @app.post("/lineitems/<number>/scores")
        def scores(number: str):
            with platform.lock:
                platform.received.score_tries += 1
                if platform.fail_scores > 0:
                    platform.fail_scores -= 1
                    return jsonify(error="the gradebook is down"), 500
            service = Grades(FlaskPlatformRequest(request), platform.conf(), f"{platform.url}/lineitems",
                             f"{platform.url}/lineitems/{number}")
            response = service.handle_resp(service.handle_update_score, line_item_id=number)
            return jsonify(result=response.message), response.code

        class Roster(NamesRoleProvisioningService):
            def get_member_data_page(self, **kwargs):
                return {"content": [dict(m) for m in platform.members], "has_next": False, "next": None}

            def get_context_by_id(self):
                from lti1p3platform.membership import Context

                return Context(id=COURSE, label="WH10", title="World History 10")

        @app.get("/memberships")
        def memberships():
            platform.received.roster_requests += 1
            service = Roster(FlaskPlatformRequest(request), platform.conf(), f"{platform.url}/memberships")
            response = service.handle_resp(service.handle_get_members)
            return jsonify(response.result if response.code == 200 else {"error": response.message}), response.code

        return app
