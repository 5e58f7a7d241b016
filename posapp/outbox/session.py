"""Whether the outbox was shut down cleanly, so that opening it can skip the integrity check.

``PRAGMA quick_check`` reads the whole file: about a second per million orders. It is worth it
after a crash, a kill or a power cut, and after anything else touched the file; not after a
clean shutdown. A sidecar file ``<outbox>-session`` says which:

* every open connection holds a shared ``flock`` on it, so a connection can tell whether it is
  the only one (an exclusive lock succeeds) or joins others (whose first opener checked);
* the first opener of a session writes ``open`` in it; the last to close cleanly writes
  ``clean`` with the database file's size and modification time after closing.

The check runs when the first opener finds anything else: no sidecar, ``open`` (a session that
ended without a clean close), a database whose size or time changed since (another program
wrote it), or a write-ahead log left behind (SQLite removes it at a clean close). Where ``flock``
does not exist (Windows) the check always runs.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

if sys.platform != "win32":
    import fcntl


class Session:
    """One connection's part in the outbox's session; ``needs_check`` is decided on creation."""

    def __init__(self, database: Path) -> None:
        self._database = database
        self._fd: int | None = None
        self._first = False
        self.needs_check = True
        if sys.platform == "win32":
            return
        try:
            self._fd = os.open(
                database.with_name(database.name + "-session"), os.O_RDWR | os.O_CREAT, 0o600
            )
        except OSError:
            return  # cannot tell: check
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # others have it open: the first of them checked it
            fcntl.flock(self._fd, fcntl.LOCK_SH)
            self.needs_check = False
            return
        self._first = True
        self.needs_check = (
            os.pread(self._fd, 200, 0) != self._fingerprint() or Path(f"{database}-wal").exists()
        )

    def opened(self) -> None:
        """The connection is open (and checked when it had to be): the session is under way."""
        if self._fd is None or not self._first:
            return
        _replace(self._fd, b"open")
        fcntl.flock(self._fd, fcntl.LOCK_SH)  # let others join

    def closed(self, cleanly: bool = True) -> None:
        """After the connection closed. The last one out marks a clean shutdown."""
        if self._fd is None:
            return
        try:
            if cleanly:
                with contextlib.suppress(OSError):
                    fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    _replace(self._fd, self._fingerprint())
        finally:
            os.close(self._fd)
            self._fd = None

    def _fingerprint(self) -> bytes:
        try:
            stat = self._database.stat()
        except OSError:
            return b"unknown"
        return f"clean {stat.st_size} {stat.st_mtime_ns}".encode()


def _replace(fd: int, content: bytes) -> None:
    os.ftruncate(fd, 0)
    os.pwrite(fd, content, 0)
