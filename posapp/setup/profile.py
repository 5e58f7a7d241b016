"""Where a till keeps its files: settings, outbox, logs.

``--profile DIR`` (or the environment variable ``POSAPP_HOME``) puts everything under DIR, so two
profiles are two independent tills on one machine. Otherwise the platform's usual places are
used (platformdirs: ``~/.config/posapp``, ``~/.local/share/posapp``, ``~/.local/state/posapp/log``
on Linux).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from posapp.files import make_private_dirs

APP_NAME = "posapp"
PROFILE_ENV = "POSAPP_HOME"


@dataclass(frozen=True)
class Profile:
    config_dir: Path
    data_dir: Path
    log_dir: Path

    @classmethod
    def locate(cls, directory: str | os.PathLike[str] | None = None) -> Profile:
        """The profile given on the command line, else ``$POSAPP_HOME``, else the user's own."""
        chosen = directory or os.environ.get(PROFILE_ENV)
        if chosen:
            root = Path(chosen).expanduser().resolve()
            return cls(config_dir=root, data_dir=root, log_dir=root / "logs")
        import platformdirs  # only when no profile directory is given

        return cls(
            config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
            data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            log_dir=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
        )

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.toml"

    @property
    def outbox_file(self) -> Path:
        return self.data_dir / "outbox.sqlite3"

    @property
    def catalog_file(self) -> Path:
        return self.data_dir / "catalog.sqlite3"

    @property
    def customers_file(self) -> Path:
        return self.data_dir / "customers.sqlite3"

    @property
    def sale_in_progress_file(self) -> Path:
        return self.data_dir / "sale-in-progress.sqlite3"

    @property
    def lock_file(self) -> Path:
        return self.data_dir / "delivery.lock"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "posapp.log"

    def ensure_dirs(self) -> None:
        """Create the directories, readable by this user only (0700 whatever the umask). The log
        directory is made by ``setup_logging``, which carries on without it: an unusable one
        never stops a sale."""
        for directory in (self.config_dir, self.data_dir):
            make_private_dirs(directory)
