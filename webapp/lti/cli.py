"""``flask --app webapp lti …``: register a platform, rotate the signing key, send waiting scores."""
from __future__ import annotations

import click
from flask import url_for
from flask.cli import AppGroup

from . import keys, outbox, platforms

lti_cli = AppGroup("lti", help="LTI 1.3: LMS registrations, signing keys and grade sending.")


@lti_cli.command("add-platform")
@click.option("--name", default="", help="A name people recognise, e.g. 'District Canvas'.")
@click.option("--issuer", required=True, help="The LMS's issuer (iss), e.g. https://canvas.instructure.com.")
@click.option("--client-id", required=True, help="The client id the LMS gave Crossings.")
@click.option("--deployment-id", "deployment_ids", multiple=True, required=True,
              help="A deployment id (repeat for several).")
@click.option("--key-set-url", required=True, help="The LMS's public key set (JWKS) URL.")
@click.option("--token-url", required=True, help="The LMS's OAuth2 access token URL.")
@click.option("--auth-url", required=True, help="The LMS's OIDC authentication (authorization) URL.")
@click.option("--token-audience", default="", help="Only if the LMS names one (Brightspace).")
def add_platform(name, issuer, client_id, deployment_ids, key_set_url, token_url, auth_url, token_audience) -> None:
    """Register an LMS (the same issuer and client id again updates it)."""
    fields = platforms.PlatformFields(name.strip(), issuer.strip(), client_id.strip(),
                                      platforms.parse_deployments("\n".join(deployment_ids)),
                                      key_set_url.strip(), token_url.strip(), auth_url.strip(), token_audience.strip())
    try:
        platform = platforms.add_platform(fields)
    except platforms.BadPlatform as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Registered {platform.name} ({platform.issuer}, client id {platform.client_id}).")


@lti_cli.command("rotate-key")
def rotate_key() -> None:
    """Make a new signing key; the old one stays in the JWKS for a week, then goes."""
    new, retired = keys.rotate()
    click.echo(f"New signing key {new.kid}.")
    for key in retired:
        until = f"{key.retired_at + keys.GRACE:%Y-%m-%d %H:%M} UTC" if key.retired_at else "a week from now"
        click.echo(f"Retired {key.kid}: still published until {until}.")


@lti_cli.command("send-scores")
def send_scores() -> None:
    """Send the scores that are due to their LMSs now (for a cron job; app servers also send them)."""
    sent = outbox.send_due()
    waiting = len(platforms.unsent_scores())
    click.echo(f"{sent} score(s) sent; {waiting} waiting.")


@lti_cli.command("urls")
def urls() -> None:
    """The tool's URLs to paste into an LMS (needs SERVER_NAME and PREFERRED_URL_SCHEME set)."""
    for label, endpoint in (("Login initiation", "lti.login"), ("Launch / redirect", "lti.launch"),
                            ("Deep linking", "lti.launch"), ("Public keys (JWKS)", "lti.jwks")):
        click.echo(f"{label}: {url_for(endpoint, _external=True)}")
