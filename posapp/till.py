"""Putting a till's settings and credentials to use, for the window and the command line.

No Qt here. ``connector`` makes the function the delivery worker calls, on its own thread, to
get a client: reading a token from the keyring can wait on D-Bus or an unlock prompt.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from posapp.setup.credentials import (
    NO_BACKEND_HELP,
    TOKEN_ENV,
    CredentialsError,
    keyring_backend,
    load_token,
    save_token,
)
from posapp.setup.logs import scrub_token_from_logs
from posapp.setup.profile import Profile
from posapp.setup.settings import Settings, save_settings
from posapp.tracker.token import SiteToken

if TYPE_CHECKING:
    from posapp.tracker.client import TrackerClient

Connector = Callable[[], tuple["TrackerClient | None", Callable[[str], str]]]


def connector(
    settings: Settings,
    token: SiteToken | Callable[[], SiteToken | None] | None = None,
) -> Connector:
    """A factory of the delivery client: the given token, or the one the keyring holds."""

    def connect() -> tuple[TrackerClient | None, Callable[[str], str]]:
        from posapp.tracker.client import TrackerClient  # httpx loads here, off the GUI thread

        if isinstance(token, SiteToken):
            found: SiteToken | None = token
        elif token is not None:
            found = token()
        else:
            found = load_token(settings.site).token
        if found is None:
            return None, str
        scrub_token_from_logs(found.redact)
        client = TrackerClient(settings.endpoint_url(), settings.site, found, settings.channel)
        return client, found.redact

    return connect


def store_settings(profile: Profile, settings: Settings, token: SiteToken | None) -> None:
    """Save the settings (atomically) and a newly typed token (in the keyring only)."""
    if token is not None:
        if keyring_backend() is None and os.environ.get(TOKEN_ENV):
            raise CredentialsError(
                f"No keyring here to keep the token in; {TOKEN_ENV} is set and is used instead."
            )
        if keyring_backend() is None:
            raise CredentialsError(NO_BACKEND_HELP)
        save_token(settings.site, token)
    profile.ensure_dirs()
    save_settings(settings, profile.settings_file)
