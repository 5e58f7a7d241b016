"""Work off the GUI thread, its result landed back on it: one small, readable way.

    run_in_background(parent, work, on_done)

``work`` runs on Qt's thread pool; ``on_done(result)`` or ``on_failed(exception)`` runs on the
GUI thread afterwards. Used for the connection check and for imports, never for a sale.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


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


def run_in_background(
    parent: QObject,
    work: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_failed: Callable[[Exception], None],
) -> None:
    landing = _Landing(parent)  # lives on the GUI thread, so its slots run there

    def finish_ok(result: Any) -> None:
        on_done(result)
        landing.deleteLater()

    def finish_failed(exc: Any) -> None:
        on_failed(exc)
        landing.deleteLater()

    landing.done.connect(finish_ok)
    landing.failed.connect(finish_failed)
    QThreadPool.globalInstance().start(_Job(work, landing))
