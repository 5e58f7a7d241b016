"""Work off the GUI thread, its result landed back on it: the one way the window does it.

    op(parent, work).success(show).failure(complain).with_progress(label).run()

``work`` runs on Qt's thread pool; ``success(result)`` or ``failure(exception)`` then runs on
the GUI thread, unless ``parent`` was deleted meanwhile (then nobody hears).
``with_progress`` shows a busy dialog when the work takes longer than a moment. Used for the
keyring, queue loads, exports, status refreshes, the connection check and the imports; never
for the sale commit, which is synchronous on purpose (see ``Till.finish_sale``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

log = logging.getLogger(__name__)

T = TypeVar("T")
PROGRESS_AFTER_MS = 400  # shorter work shows no dialog at all


class _Dispatcher(QObject):
    """Lives on the GUI thread as long as the application: what the pool thread emits, the GUI
    thread runs. One object for every op, so no op's landing can be deleted under a thread."""

    landed = Signal(object, object)  # (callback, value)

    def __init__(self, parent: QObject | None) -> None:
        super().__init__(parent)
        self.landed.connect(self._run)

    def _run(self, callback: Callable[[Any], None], value: Any) -> None:
        callback(value)


_dispatcher: _Dispatcher | None = None


def _the_dispatcher() -> _Dispatcher:
    global _dispatcher  # noqa: PLW0603 - one per application, made on the GUI thread
    if _dispatcher is None or not shiboken6.isValid(_dispatcher):
        _dispatcher = _Dispatcher(QCoreApplication.instance())
    return _dispatcher


class _Job(QRunnable):
    def __init__(
        self,
        work: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[Exception], None],
        dispatcher: _Dispatcher,
    ) -> None:
        super().__init__()
        self.work, self.done, self.failed, self.dispatcher = work, done, failed, dispatcher

    def run(self) -> None:
        try:
            result = self.work()
        except Exception as exc:  # handed to the GUI thread, which says what failed
            self.dispatcher.landed.emit(self.failed, exc)
        else:
            self.dispatcher.landed.emit(self.done, result)


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
        dialog = self._progress_dialog()
        parent = self._parent

        def land(callback: Callable[[Any], None], value: Any) -> None:
            if dialog is not None and shiboken6.isValid(dialog):
                dialog.close()
                dialog.deleteLater()
            if shiboken6.isValid(parent):  # a window closed meanwhile hears nothing
                callback(value)

        QThreadPool.globalInstance().start(
            _Job(
                self._work,
                lambda result: land(self._success, result),
                lambda exc: land(self._failure, exc),
                _the_dispatcher(),
            )
        )

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
