"""Work off the GUI thread, its result landed back on it: the one way the window does it.

    op(parent, work).success(show).failure(complain).with_progress(label).run()

``work`` runs on Qt's thread pool; ``success(result)`` or ``failure(exception)`` then runs on
the GUI thread, unless ``parent`` was destroyed meanwhile (a closed dialog hears nothing).
``with_progress`` shows a busy dialog when the work takes longer than a moment. Used for the
keyring, queue loads, exports, status refreshes, the connection check and the imports; never
for the sale commit, which is synchronous on purpose (see ``Till.finish_sale``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

log = logging.getLogger(__name__)

T = TypeVar("T")
PROGRESS_AFTER_MS = 400  # shorter work shows no dialog at all

_running: set[_Landing] = set()  # landings stay alive until their work has landed


class _Landing(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], landing: _Landing) -> None:
        super().__init__()
        self.work = work
        self.landing = landing

    def run(self) -> None:
        try:
            result = self.work()
        except Exception as exc:  # handed to the GUI thread, which says what failed
            self.landing.failed.emit(exc)
        else:
            self.landing.done.emit(result)


def _log_failure(exc: Exception) -> None:
    log.error("background work failed: %s", exc)


class Op(Generic[T]):
    """One piece of blocking work for the background; build it, then ``run()``."""

    def __init__(self, parent: QObject, work: Callable[[], T]) -> None:
        self._parent = parent
        self._work = work
        self._success: Callable[[T], None] = lambda _result: None
        self._failure: Callable[[Exception], None] = _log_failure
        self._progress: str | None = None

    def success(self, callback: Callable[[T], None]) -> Op[T]:
        self._success = callback
        return self

    def failure(self, callback: Callable[[Exception], None]) -> Op[T]:
        self._failure = callback
        return self

    def with_progress(self, label: str) -> Op[T]:
        self._progress = label
        return self

    def run(self) -> None:
        landing = _Landing()  # made on the GUI thread, so its slots run there
        _running.add(landing)
        dialog = self._progress_dialog()

        def land(callback: Callable[[Any], None], value: Any) -> None:
            _running.discard(landing)
            if dialog is not None and shiboken6.isValid(dialog):
                dialog.close()
                dialog.deleteLater()
            if shiboken6.isValid(self._parent):
                callback(value)

        landing.done.connect(lambda result: land(self._success, result))
        landing.failed.connect(lambda exc: land(self._failure, exc))
        QThreadPool.globalInstance().start(_Job(self._work, landing))

    def _progress_dialog(self) -> QProgressDialog | None:
        if self._progress is None or not isinstance(self._parent, QWidget):
            return None
        dialog = QProgressDialog(self._progress, "", 0, 0, self._parent)
        dialog.setCancelButton(None)  # the work finishes or fails; it is never half done
        dialog.setMinimumDuration(PROGRESS_AFTER_MS)
        dialog.setValue(0)  # starts the minimum-duration timer
        return dialog


def op(parent: QObject, work: Callable[[], T]) -> Op[T]:
    """``work`` to run off the GUI thread, its result landed back on it."""
    return Op(parent, work)


def run_in_background(
    parent: QObject,
    work: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_failed: Callable[[Exception], None],
) -> None:
    """The same, in one call."""
    op(parent, work).success(on_done).failure(on_failed).run()
