"""The site token's home: ``POSAPP_SITE_TOKEN`` (CI, scripts), the systemd credential
``$CREDENTIALS_DIRECTORY/posapp-site-token`` (the kiosk unit), or the OS keyring, in that order.

Never a plain file of posapp's own: when no keyring is usable this says so and names the ways out.
The systemd credential is a file systemd hands to the service, readable by its user only, on a
memory-backed file system; posapp reads it itself so the token is in no process's environment.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from posapp.domain.errors import ValidationError
from posapp.tracker.token import SiteToken

TOKEN_ENV = "POSAPP_SITE_TOKEN"  # noqa: S105 - the variable's name, not a token
SERVICE = "posapp"
CREDENTIALS_DIRECTORY = "CREDENTIALS_DIRECTORY"  # set by systemd for LoadCredential=
CREDENTIAL_NAME = "posapp-site-token"

NO_BACKEND_HELP = (
    "No usable keyring was found on this machine (a headless kiosk usually has none). "
    f"Either give the token as the systemd credential {CREDENTIAL_NAME} (LoadCredential=), or "
    f"in the environment variable {TOKEN_ENV}, or run a keyring daemon such as gnome-keyring "
    "in the session."
)


if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

# keyring is imported only when a token is read or stored: finding its backend takes a
# noticeable time (it loads every backend), which a till should not pay before its first paint.

# keyring's macOS backend looks for the Security framework as it is imported, on every system:
# off macOS, ``ctypes.util.find_library`` runs ``ldconfig`` and ``gcc`` to find nothing (about
# 50 ms, a third of finding the backend). The backend is never usable off macOS (its priority
# says "macOS required" before it looks at what the import found), so posapp skips that import
# there; keyring's backend module expects the import to fail and carries on without it.
_MACOS_SECURITY_API = "keyring.backends.macOS.api"


def _keyring_without_foreign_lookups() -> None:
    if sys.platform != "darwin":
        sys.modules.setdefault(_MACOS_SECURITY_API, None)  # type: ignore[arg-type]


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
    _keyring_without_foreign_lookups()
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


def credential_file() -> Path | None:
    """The systemd credential's file, when systemd gave this process one."""
    directory = os.environ.get(CREDENTIALS_DIRECTORY, "")
    if not directory:
        return None
    path = Path(directory) / CREDENTIAL_NAME
    return path if path.is_file() else None


def _from_credential(path: Path) -> TokenSource:
    where = f"systemd credential {CREDENTIAL_NAME} ({path})"
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "it is not text"
        raise CredentialsError(f"The {where} could not be read: {reason}.") from None
    try:
        return TokenSource(SiteToken(text), where)
    except ValidationError as exc:
        raise CredentialsError(f"The token in the {where} is not usable: {exc}") from None


def load_token(site: str) -> TokenSource:
    """The token for ``site``: the environment variable, then the systemd credential, then the
    keyring."""
    from_env = os.environ.get(TOKEN_ENV, "")
    if from_env.strip():
        return TokenSource(SiteToken(from_env), f"environment variable {TOKEN_ENV}")
    credential = credential_file()
    if credential is not None:
        return _from_credential(credential)
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
