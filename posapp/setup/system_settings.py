"""The machine-wide settings file, read beneath each user's own: what a fleet tool provisions.

It is the same TOML as the till's settings file, in the platform's site config directory
(``/etc/xdg/posapp/settings.toml`` on Linux, ``%PROGRAMDATA%\\posapp\\settings.toml`` on Windows;
``$POSAPP_SYSTEM_SETTINGS`` names another file, for tests and unusual installs), plus one key of
its own: ``locked = ["site", "environment", ...]``, the settings the till may not change. A
locked key's value comes from this file whatever the user's file says; ``posapp config set``
refuses it and the settings dialog shows it read-only, saying why.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SYSTEM_ENV = "POSAPP_SYSTEM_SETTINGS"
LOCKED_KEY = "locked"

# Where each value came from, as ``posapp config show`` names it.
DEFAULT, SYSTEM, USER = "default", "system", "user"


def system_settings_file() -> Path:
    """The machine-wide settings file (which need not exist)."""
    chosen = os.environ.get(SYSTEM_ENV, "").strip()
    if chosen:
        return Path(chosen).expanduser()
    return Path(site_config_dir()) / "settings.toml"


def site_config_dir() -> str:
    """platformdirs' ``site_config_dir("posapp")``. On Linux it is worked out here, as the XDG
    spec and platformdirs say (the first absolute path in ``$XDG_CONFIG_DIRS``, else
    ``/etc/xdg``), because
    importing platformdirs costs a till started with ``--profile`` a few milliseconds."""
    if sys.platform.startswith("linux") and "platformdirs" not in sys.modules:
        listed = os.environ.get("XDG_CONFIG_DIRS", "").split(os.pathsep)
        first = next((path for path in listed if os.path.isabs(path)), "/etc/xdg")
        return os.path.join(first, "posapp")
    import platformdirs

    return str(platformdirs.site_config_dir("posapp", appauthor=False))


@dataclass(frozen=True)
class SystemLayer:
    """What the machine-wide file sets (checked values, by key) and which keys it locks."""

    path: Path
    values: Mapping[str, Any] = field(default_factory=dict)
    locked: frozenset[str] = frozenset()

    def locks(self, key: str) -> bool:
        return key.split(".", 1)[0] in self.locked


def locked_message(key: str, path: Path | str) -> str:
    """The one line a person sees when they try to change a locked setting."""
    return f"{key} is locked by the administrator in {path}; it can only be changed there (ask IT)."
