"""The log: one line per state change, with the order's refCode; never a token or an email.

A filter on every handler scrubs each line before it is written: the site token (when known)
becomes ``***`` and anything shaped like an email address becomes ``<email>``.

Where lines go:

* the log file in the profile's log directory (0700; the file and its rotated copies 0600). It
  rotates at 1 MB (five old files kept). The handler counts the bytes it writes instead of
  asking the file system for the size on every line: an order's log line is on the till's
  enqueue path, and the standard handler's two ``stat`` calls per line cost more than the line.
* under systemd (``$JOURNAL_STREAM`` names the very file standard error is), standard error
  too, each line led by the sd-daemon priority prefix (``<3>`` error, ``<4>`` warning, ``<6>``
  info, ``<7>`` debug), so ``journalctl -p warning`` finds the till's warnings. No
  python-systemd: the prefix is the whole protocol.

An order's "queued" line is on the till's enqueue path, so a line costs little: no caller
lookup, thread or process names (no format shows them), the email scan only for a line holding
an ``@``, and the UTC time written once a second (``UtcFormatter``). Lines are written and
flushed as they are logged (a background writer was measured: its GIL hand-offs cost more
than the line).

Logging never stops a sale: a log file that cannot be opened (the path is a folder, the log
folder is a file, read-only, someone else's) leaves one warning line, and lines go to the
journal, or else warnings and errors to standard error. A write that fails later says so once
on standard error and the lines are dropped; no traceback ever reaches the cashier.
"""

from __future__ import annotations

import logging
import os
import re
import stat
import sys
import time
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from posapp.setup.profile import Profile

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_PRIVATE_FILE = 0o600
_PRIVATE_DIR = 0o700

log = logging.getLogger(__name__)

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
        message = self.redact(record.getMessage())
        if "@" in message:  # no address without one: most lines (an order queued) skip the scan
            message = _EMAIL.sub("<email>", message)
        record.msg, record.args = message, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = _EMAIL.sub("<email>", self.redact(record.exc_text))
        return True


class UtcFormatter(logging.Formatter):
    """``2026-11-28 15:20:01,234 INFO name: message``, UTC. The date and time are written once
    a second, not once a line (a sale's line is on the till's enqueue path); the same text as
    ``logging.Formatter`` with ``converter = time.gmtime`` writes."""

    def __init__(self) -> None:
        super().__init__(_FORMAT)
        self.converter = time.gmtime  # for a datefmt given (never by posapp)
        self._second: tuple[int, str] = (-1, "")  # one tuple: threads read a matching pair

    def format(self, record: logging.LogRecord) -> str:
        if record.exc_info or record.exc_text or record.stack_info:
            return super().format(record)  # a traceback: the standard way
        record.message = record.getMessage()
        record.asctime = self.formatTime(record)
        return f"{record.asctime} {record.levelname} {record.name}: {record.message}"

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        if datefmt is not None:
            return super().formatTime(record, datefmt)
        second = int(record.created)
        cached = self._second
        if cached[0] != second:
            cached = (second, time.strftime(self.default_time_format, time.gmtime(second)))
            self._second = cached
        return f"{cached[1]},{int(record.msecs):03d}"


def _say_once(handler: logging.Handler, text: str) -> None:
    """One line on standard error, the first time ``handler`` fails; never an exception."""
    if getattr(handler, "_posapp_warned", False):
        return
    handler._posapp_warned = True  # type: ignore[attr-defined]
    try:
        if sys.stderr is not None:
            sys.stderr.write(f"posapp: {text}\n")
            sys.stderr.flush()
    except Exception:  # noqa: S110 - standard error itself is gone: nothing left to tell
        pass


def _problem() -> str:
    exc = sys.exc_info()[1]
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return type(exc).__name__ if exc is not None else "unknown error"


# -- the journal ----------------------------------------------------------------------------------
def journal_priority(level: int) -> int:
    """The syslog priority of a logging level (sd-daemon(3)'s ``<N>`` prefixes)."""
    if level >= logging.CRITICAL:
        return 2
    if level >= logging.ERROR:
        return 3
    if level >= logging.WARNING:
        return 4
    if level >= logging.INFO:
        return 6
    return 7


def under_journal(stream: IO[str] | None = None) -> bool:
    """True when systemd connected ``stream`` (standard error) to the journal: its device and
    inode are those ``$JOURNAL_STREAM`` names (a child whose stderr was redirected is not)."""
    stream = sys.stderr if stream is None else stream
    expected = os.environ.get("JOURNAL_STREAM", "")
    device, _, inode = expected.partition(":")
    if stream is None or not device.isdigit() or not inode.isdigit():
        return False
    try:
        status = os.fstat(stream.fileno())
    except (OSError, ValueError, AttributeError):
        return False
    return (status.st_dev, status.st_ino) == (int(device), int(inode))


class JournalFormatter(logging.Formatter):
    """``<N>logger: message``; every line of a multi-line record (a traceback) led by ``<N>``,
    as journald makes one entry of each line."""

    def __init__(self) -> None:
        super().__init__("%(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        prefix = f"<{journal_priority(record.levelno)}>"
        return "\n".join(prefix + line for line in super().format(record).splitlines())


class _QuietStreamHandler(logging.StreamHandler):  # type: ignore[type-arg]
    def handleError(self, record: logging.LogRecord) -> None:
        _say_once(self, f"log lines cannot be written to standard error ({_problem()})")


class _OneLineFormatter(logging.Formatter):
    """For the standard-error fallback: one line per record, an exception as its last line."""

    def __init__(self) -> None:
        super().__init__("posapp: %(levelname)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        record.message = record.getMessage()
        line = self.formatMessage(record)
        if record.exc_text:
            line += " (" + record.exc_text.strip().splitlines()[-1] + ")"
        return line.replace("\n", " ")


# -- the file -------------------------------------------------------------------------------------
def _private_opener(path: str, flags: int) -> int:
    """Open (or create 0600) the log file; a file of ours left readable by others is tightened."""
    fd = os.open(path, flags, _PRIVATE_FILE)
    if os.name == "posix":
        try:
            status = os.fstat(fd)
            if status.st_uid == os.geteuid() and status.st_mode & 0o077:
                os.fchmod(fd, _PRIVATE_FILE)
        except OSError:
            os.close(fd)
            raise
    return fd


def _tighten(path: str) -> None:
    """A rotated log of ours (a plain file this user owns) made 0600; anything else left alone."""
    if os.name != "posix":
        return
    try:
        status = os.lstat(path)
        ours = stat.S_ISREG(status.st_mode) and status.st_uid == os.geteuid()
        if ours and status.st_mode & 0o077:
            os.chmod(path, _PRIVATE_FILE)
    except OSError:
        return


def _make_log_dir(directory: Path) -> None:
    """The log folder, 0700 when posapp makes it or owns it; a file there raises ``OSError``."""
    directory.mkdir(parents=True, exist_ok=True, mode=_PRIVATE_DIR)
    if os.name == "posix":
        status = directory.stat()
        if status.st_uid == os.geteuid() and status.st_mode & 0o077:
            directory.chmod(_PRIVATE_DIR)


def _rotating_handler(path: Path, max_bytes: int, backups: int) -> logging.Handler:
    import logging.handlers  # here, not at start-up: only a process that logs needs it

    class CountingRotatingHandler(logging.handlers.RotatingFileHandler):
        """Rotates by the bytes this process wrote since the file was opened (its size then
        included), not by a ``stat`` per line. Another process writing the same file makes it
        rotate a little later than 1 MB, never lose a line."""

        def __init__(self) -> None:
            super().__init__(path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8")
            assert self.stream is not None
            self._written = os.fstat(self.stream.fileno()).st_size

        def _open(self) -> Any:
            return open(
                self.baseFilename,
                self.mode,
                encoding=self.encoding,
                errors=self.errors,
                opener=_private_opener,
            )

        def doRollover(self) -> None:
            super().doRollover()
            self._written = 0
            for n in range(1, backups + 1):  # copies rotated by an older posapp: 0600 too
                _tighten(f"{self.baseFilename}.{n}")

        def emit(self, record: logging.LogRecord) -> None:
            try:
                line = self.format(record) + self.terminator
                size = len(line) if line.isascii() else len(line.encode("utf-8", "replace"))
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

        def close(self) -> None:
            try:
                super().close()
            except OSError:  # the last lines could not be flushed: already said once
                self.stream = None

        def handleError(self, record: logging.LogRecord) -> None:
            _say_once(self, f"the log file {path} cannot be written ({_problem()}): lines dropped")

    return CountingRotatingHandler()


# -- setting it up ---------------------------------------------------------------------------------
def setup_logging(profile: Profile) -> ScrubFilter:
    """Log to a rotating file in the profile's log directory (1 MB x 5, UTC times), and to the
    journal under systemd. Never raises: a log file that cannot be written is one warning."""
    # No line shows where in the code, which thread or which process logged it: not working
    # those out makes every line cheaper (the logging HOWTO's "Optimization").
    logging._srcfile = None
    logging.logThreads = logging.logProcesses = logging.logMultiprocessing = False
    scrub = ScrubFilter()  # the token joins it once known (scrub_token_from_logs)
    _filters.add(scrub)
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    for noisy in ("httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    journal = under_journal()
    if journal:
        _add(root, _QuietStreamHandler(sys.stderr), JournalFormatter(), scrub)
    try:
        _make_log_dir(profile.log_dir)
        handler = _rotating_handler(profile.log_file, 1_000_000, 5)
    except OSError as exc:
        where = "the journal"
        if not journal:
            where = "standard error (warnings and errors only)"
            if sys.stderr is not None:
                fallback = _QuietStreamHandler(sys.stderr)
                fallback.setLevel(logging.WARNING)
                _add(root, fallback, _OneLineFormatter(), scrub)
        reason = exc.strerror or type(exc).__name__
        name = exc.filename or profile.log_file
        log.warning("cannot write the log file %s (%s): logging to %s", name, reason, where)
        return scrub
    _add(root, handler, UtcFormatter(), scrub)
    return scrub


def _add(
    root: logging.Logger, handler: logging.Handler, form: logging.Formatter, scrub: ScrubFilter
) -> None:
    handler.setFormatter(form)
    handler.addFilter(scrub)
    root.addHandler(handler)
