"""Where the endpoint is: URL from environment, site and domain, or an explicit URL; HTTPS only."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

from posapp.domain.errors import ValidationError
from posapp.domain.text import refuse_hidden_characters, shown

ENDPOINT_PATH = "/tracker/smart-api/orders/offline"
UAT_URL = "https://uat.peerius.com" + ENDPOINT_PATH
ENVIRONMENTS = ("uat", "production")
DOMAINS = ("peerius.com", "peerius.episerver.net")
CHANNELS = ("store", "mobileapp", "tv", "callcentre")

_SITE = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")


def parse_site(value: object, field: str = "site") -> str:
    """The site code the vendor assigned, such as ``streamlycool``."""
    if isinstance(value, str) and _SITE.fullmatch(value.strip().lower()):
        return value.strip().lower()
    raise ValidationError(
        field, "Site must be the site code the vendor gave you: letters, digits and dashes."
    )


def parse_choice(value: object, choices: tuple[str, ...], field: str, what: str) -> str:
    if isinstance(value, str) and value.strip().lower() in choices:
        return value.strip().lower()
    text = shown(value) if isinstance(value, str) else type(value).__name__
    raise ValidationError(field, f"{what} {text!r} is not one of: {', '.join(choices)}.")


def is_loopback_host(host: str) -> bool:
    if host.lower() in {"localhost", "localhost."}:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_endpoint_url(value: object, field: str = "endpoint") -> str:
    """An explicit endpoint URL: ``https://``, or ``http://`` only on this machine (the sandbox)."""
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(field, "Endpoint URL is empty.")
    url = value.strip()
    refuse_hidden_characters(url, field, "Endpoint URL", code=True)
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        raise ValidationError(field, f"Endpoint {shown(url, 60)!r} is not a valid URL.") from None
    if not host or parts.scheme not in {"https", "http"}:
        raise ValidationError(field, f"Endpoint {shown(url, 60)!r} must start with https://.")
    if parts.username or parts.password:
        raise ValidationError(field, "Endpoint URL must not contain a user name or password.")
    if parts.scheme == "http" and not is_loopback_host(host):
        raise ValidationError(
            field,
            "Endpoint must use https:// (plain http:// is only allowed for a sandbox on this "
            "machine, such as http://127.0.0.1:8080).",
        )
    return url


def endpoint_url(
    environment: str, site: str = "", domain: str = DOMAINS[0], explicit: str | None = None
) -> str:
    """The URL to POST orders to. An explicit URL wins over environment, site and domain."""
    if explicit:
        return check_endpoint_url(explicit)
    env = parse_choice(environment, ENVIRONMENTS, "environment", "Environment")
    if env == "uat":
        return UAT_URL
    host_domain = parse_choice(domain, DOMAINS, "domain", "Domain")
    return f"https://{parse_site(site)}.{host_domain}{ENDPOINT_PATH}"
