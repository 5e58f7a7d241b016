"""The fsync of ``sent`` marks, on a thread of its own, so that it overlaps the next request.

A ``sent`` mark is committed at once without waiting for the disk (``synchronous=NORMAL``): it
is in the operating system's hands, so it survives a kill or a crash of posapp at once. The
flush to the disk itself, which only a power cut needs and which costs as much as a request,
runs here while the worker posts the next order. Until then a power cut can at worst undo the
mark, and the order is then sent again, like an order whose claim a power cut undid (see
``Outbox.claim_next``). Whatever commits with ``synchronous=FULL`` afterwards (an enqueue, any
other mark) flushes the earlier marks with it.

The write-ahead log file is fsync'd directly: one ``fsync`` of that file is what SQLite's own
``synchronous=FULL`` commit does after writing it. It is opened for each flush, so a log that
SQLite removed and made anew in the meantime is never missed.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

log = logging.getLogger(__name__)


class WalSyncer:
    """Flushes ``<outbox>-wal`` to the disk whenever asked, on its own thread."""

    def __init__(self, outbox_path: Path) -> None:
        self._wal = outbox_path.with_name(outbox_path.name + "-wal")
        self._wanted = threading.Event()
        self._closing = False
        self.error: OSError | None = None
        self._thread = threading.Thread(target=self._run, name="posapp-wal-sync", daemon=True)
        self._thread.start()

    def request(self) -> None:
        """Flush soon (the marks committed before this call)."""
        self._wanted.set()

    def close(self) -> None:
        """Flush what is left, now, and stop the thread."""
        self._closing = True
        self._wanted.set()
        self._thread.join()
        self._flush()

    def _run(self) -> None:
        while True:
            self._wanted.wait()
            self._wanted.clear()
            if self._closing:
                return
            self._flush()

    def _flush(self) -> None:
        try:
            descriptor = os.open(self._wal, os.O_RDONLY)
        except FileNotFoundError:
            return  # no log: SQLite checkpointed it into the database, which it flushed itself
        except OSError as exc:
            self._failed(exc)
            return
        try:
            os.fsync(descriptor)
        except OSError as exc:
            self._failed(exc)
        finally:
            os.close(descriptor)

    def _failed(self, exc: OSError) -> None:
        if self.error is None:
            log.error("the outbox's sent marks could not be flushed to the disk: %s", exc)
        self.error = exc
