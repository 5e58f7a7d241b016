"""The log file: one line per state change, with the order's refCode; never a token or an email.

A filter on the handler scrubs every line before it is written: the site token (when known)
becomes ``***`` and anything shaped like an email address becomes ``<email>``.

The file rotates at 1 MB (five old files kept). The handler counts the bytes it writes instead
of asking the file system for the size on every line: an order's log line is on the till's
enqueue path, and the standard handler's two ``stat`` calls per line cost more than the line.
"""

from __future__ import annotations

import logging
import os
import re
import time
import weakref
from collections.abc import Callable
from pathlib import Path

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


def _rotating_handler(path: Path, max_bytes: int, backups: int) -> logging.Handler:
    import logging.handlers  # here, not at start-up: only a process that logs needs it

    class CountingRotatingHandler(logging.handlers.RotatingFileHandler):
        """Rotates by the bytes this process wrote since the file was opened (its size then
        included), not by a ``stat`` per line. Another process writing the same file makes it
        rotate a little later than 1 MB, never lose a line."""

        def __init__(self) -> None:
            super().__init__(path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8")
            self._written = path.stat().st_size if path.exists() else 0

        def doRollover(self) -> None:
            super().doRollover()
            self._written = 0

        def emit(self, record: logging.LogRecord) -> None:
            try:
                line = self.format(record) + self.terminator
                size = len(line.encode("utf-8", "replace"))
                if self._written and self._written + size > self.maxBytes:
                    self.doRollover()
                if self.stream is None:
                    self.stream = self._open()
                self.stream.write(line)
                self.stream.flush()
                self._written += size
            except RecursionError:
                raise
            except Exception:
                self.handleError(record)

    return CountingRotatingHandler()


def setup_logging(profile: Profile) -> ScrubFilter:
    """Log to a rotating file in the profile's log directory (1 MB x 5, UTC times)."""
    profile.log_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    handler = _rotating_handler(profile.log_file, 1_000_000, 5)
    if os.name == "posix":
        os.chmod(profile.log_file, 0o600)
    formatter = logging.Formatter(_FORMAT)
    formatter.converter = time.gmtime
    handler.setFormatter(formatter)
    scrub = ScrubFilter()  # the token joins it once known (scrub_token_from_logs)
    handler.addFilter(scrub)
    _filters.add(scrub)
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    root.addHandler(handler)
    for noisy in ("httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    return scrub
