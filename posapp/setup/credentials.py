"""The site token's home: the OS keyring, or ``POSAPP_SITE_TOKEN`` for headless kiosks and CI.

Never a plain file: when no keyring is usable this says so and names the two ways out.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from posapp.domain.errors import ValidationError
from posapp.tracker.token import SiteToken

TOKEN_ENV = "POSAPP_SITE_TOKEN"  # noqa: S105 - the variable's name, not a token
SERVICE = "posapp"

NO_BACKEND_HELP = (
    "No usable keyring was found on this machine (a headless kiosk usually has none). "
    f"Either give the token to posapp in the environment variable {TOKEN_ENV} (for example "
    "from a systemd credential), or run a keyring daemon such as gnome-keyring in the session."
)


if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

# keyring is imported only when a token is read or stored: finding its backend takes a
# noticeable time (it loads every backend), which a till should not pay before its first paint.


class CredentialsError(Exception):
    """The token cannot be read or stored; the message says what to do."""


@dataclass(frozen=True)
class TokenSource:
    token: SiteToken | None
    where: str


def _account(site: str) -> str:
    return f"siteToken:{site}"


def keyring_backend() -> KeyringBackend | None:
    """The keyring posapp would use, or None when there is none worth the name."""
    import keyring

    backend = keyring.get_keyring()
    name = type(backend).__name__.lower()
    module = type(backend).__module__
    if module.startswith("keyring.backends.fail") or "plaintext" in name or "null" in name:
        return None
    try:
        priority = float(backend.priority)
    except Exception:
        return None
    return backend if priority > 0 else None


def describe_backend() -> str:
    backend = keyring_backend()
    if backend is None:
        return "none usable"
    return f"{type(backend).__module__}.{type(backend).__name__}"


def load_token(site: str) -> TokenSource:
    """The token for ``site``: the environment variable wins over the keyring."""
    from_env = os.environ.get(TOKEN_ENV, "")
    if from_env.strip():
        return TokenSource(SiteToken(from_env), f"environment variable {TOKEN_ENV}")
    from keyring.errors import KeyringError

    backend = keyring_backend()
    if backend is None:
        return TokenSource(None, "no keyring")
    try:
        stored = backend.get_password(SERVICE, _account(site))
    except KeyringError as exc:
        raise CredentialsError(
            f"The keyring could not be read ({exc}). {NO_BACKEND_HELP}"
        ) from None
    where = f"keyring ({describe_backend()})"
    if not stored:
        return TokenSource(None, where)
    try:
        return TokenSource(SiteToken(stored), where)
    except ValidationError as exc:
        raise CredentialsError(f"The token in the keyring is not usable: {exc}") from None


def save_token(site: str, token: SiteToken) -> str:
    """Store the token in the keyring; returns where it went."""
    from keyring.errors import KeyringError

    backend = keyring_backend()
    if backend is None:
        raise CredentialsError(NO_BACKEND_HELP)
    try:
        backend.set_password(SERVICE, _account(site), token.reveal())
    except KeyringError as exc:
        raise CredentialsError(
            f"The keyring refused the token ({exc}). {NO_BACKEND_HELP}"
        ) from None
    return f"keyring ({describe_backend()})"
