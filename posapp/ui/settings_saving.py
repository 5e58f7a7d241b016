"""What saving the settings dialog does off the GUI thread: the checks that read files (the CA
file a person named) and hashing a new admin PIN (scrypt takes a tenth of a second by design).
A network share that hangs, or a slow kiosk, never freezes the dialog."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace

from posapp.setup.admin_pin import hash_pin
from posapp.setup.settings import FIELDS, Settings


def finish_settings(settings: Settings, keys: Collection[str], new_pin: str | None) -> Settings:
    """``settings`` with every file check of ``keys`` passed and ``new_pin`` hashed in; a
    ``ValidationError`` names the key that failed. Runs on a background thread."""
    for key in keys:
        field = FIELDS.get(key)
        if field is not None and field.check is not None and not settings.is_locked(key):
            field.check(getattr(settings, key), key)
    if new_pin is None:
        return settings
    return replace(settings, admin_pin_hash=hash_pin(new_pin))
