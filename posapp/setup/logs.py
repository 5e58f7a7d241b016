"""The log file: one line per state change, with the order's refCode; never a token or an email.

A filter on the handler scrubs every line before it is written: the site token (when known)
becomes ``***`` and anything shaped like an email address becomes ``<email>``.
"""

from __future__ import annotations

import logging
import os
import re
import time
import weakref
from collections.abc import Callable

from posapp.setup.profile import Profile

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


_filters: weakref.WeakSet[ScrubFilter] = weakref.WeakSet()


def scrub_token_from_logs(redact: Callable[[str], str]) -> None:
    """Every log handler of this process replaces the (new) token from now on."""
    for scrub in _filters:
        scrub.redact = redact


class ScrubFilter(logging.Filter):
    def __init__(self, redact: Callable[[str], str] = str) -> None:
        super().__init__()
        self.redact = redact

    def filter(self, record: logging.LogRecord) -> bool:
        message = _EMAIL.sub("<email>", self.redact(record.getMessage()))
        record.msg, record.args = message, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = _EMAIL.sub("<email>", self.redact(record.exc_text))
        return True


def setup_logging(profile: Profile, redact: Callable[[str], str] = str) -> ScrubFilter:
    """Log to a rotating file in the profile's log directory (1 MB x 5, UTC times)."""
    import logging.handlers  # here, not at start-up: only a process that logs needs it

    profile.log_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    handler = logging.handlers.RotatingFileHandler(
        profile.log_file, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
    )
    if os.name == "posix":
        os.chmod(profile.log_file, 0o600)
    formatter = logging.Formatter(_FORMAT)
    formatter.converter = time.gmtime
    handler.setFormatter(formatter)
    scrub = ScrubFilter(redact)
    handler.addFilter(scrub)
    _filters.add(scrub)
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    root.addHandler(handler)
    for noisy in ("httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    return scrub
