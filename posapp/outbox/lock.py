"""One deliverer per outbox: an exclusive lock on a file beside it, held for the process's life.

The operating system releases the lock when the process ends, however it ends (crash, kill,
power cut), so a stale lock never blocks a restarted till.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import IO

from posapp.domain.errors import Message
from posapp.files import describe_os_error, make_private_dirs

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(handle: IO[str]) -> bool:
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

else:
    import fcntl

    def _try_lock(handle: IO[str]) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True


# why this till does not deliver, as the window shows it (posapp.ui.domain_text translates them)
BUSY = (
    "another posapp (process %1) is already delivering from this outbox; orders stay queued "
    "and that one will send them"
)
UNUSABLE = (
    "the delivery lock %1 cannot be used (%2); nothing is sent from this till until it can: "
    "the orders stay queued; tell IT"
)


class DeliveryBusy(Exception):
    """Another posapp process is delivering from this outbox."""


class LockUnusable(DeliveryBusy):
    """The lock file cannot be opened (a directory in its place, no permission, a full or
    read-only disk): nothing is delivered from here, and the message says why."""


class DeliveryLock:
    """``acquire()`` or raise ``DeliveryBusy`` naming the other process; ``release()`` to give up."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: IO[str] | None = None

    def acquire(self) -> None:
        try:
            handle = self._open()
        except OSError as exc:
            said = Message(UNUSABLE, (str(self.path), describe_os_error(exc)))
            raise LockUnusable(str(said)) from None
        if not _try_lock(handle):
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            handle.close()
            raise DeliveryBusy(str(Message(BUSY, (holder,))))
        with contextlib.suppress(OSError):  # the lock is held; the number only informs (full disk)
            handle.seek(0)
            handle.truncate()
            handle.write(str(os.getpid()))
            handle.flush()
        self._handle = handle

    def _open(self) -> IO[str]:
        make_private_dirs(self.path.parent)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
        try:
            if os.name == "posix":
                os.fchmod(fd, 0o600)  # made by an older posapp with the umask's mode
            return open(fd, "r+", encoding="utf-8")
        except BaseException:
            os.close(fd)
            raise

    @property
    def held(self) -> bool:
        return self._handle is not None

    def release(self) -> None:
        if self._handle is not None:
            with contextlib.suppress(OSError):
                self._handle.close()
            self._handle = None

    def __enter__(self) -> DeliveryLock:
        self.acquire()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release()
