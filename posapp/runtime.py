"""What every front end (command line, window) builds from a profile: settings, outbox, client.

No Qt here. Both ``cli.py`` and the window's ``app.py`` compose a till through this.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from posapp.domain.errors import ValidationError
from posapp.outbox.store import Outbox
from posapp.setup.credentials import TokenSource, load_token
from posapp.setup.logs import scrub_token_from_logs
from posapp.setup.profile import Profile
from posapp.setup.settings import Settings, load_settings

if TYPE_CHECKING:  # httpx is imported only when something is sent
    from posapp.tracker.client import TrackerClient


class NotSetUp(Exception):
    """The till lacks settings it needs; the message says which and how to set them."""


@dataclass
class Runtime:
    profile: Profile

    def settings(self) -> Settings:
        """The saved settings, or the defaults when the till has no settings file yet."""
        return load_settings(self.profile.settings_file) or Settings()

    def ready_settings(self) -> Settings:
        """Settings complete enough to build and send orders."""
        settings = self.settings()
        missing = settings.missing()
        if missing:
            commands = "; ".join(f"posapp config set {key} VALUE" for key in missing)
            raise NotSetUp(f"posapp is not set up yet: {', '.join(missing)} missing ({commands}).")
        return settings

    def open_outbox(self) -> Outbox:
        self.profile.ensure_dirs()
        return Outbox(self.profile.outbox_file)

    def token(self, settings: Settings) -> TokenSource:
        source = load_token(settings.site)
        if source.token is not None:
            scrub_token_from_logs(source.token.redact)
        return source

    def client(self, settings: Settings, source: TokenSource) -> TrackerClient:
        from posapp.tracker.client import TrackerClient

        if source.token is None:
            raise ValidationError("site_token", "no site token")
        return TrackerClient(settings.endpoint_url(), settings.site, source.token, settings.channel)
