"""A guard on the Qt binding itself: PySide6 6.12.0 dropped a reference to ``True`` on every
signal emit and aborted the process after a few hundred (pyproject.toml excludes it). A till
emits a signal per scan and per delivered order, all day long."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    bare = Signal()
    with_value = Signal(object)


def test_signal_emits_keep_reference_counts_steady() -> None:
    emitter = _Emitter()
    emitter.bare.connect(lambda: None)
    emitter.with_value.connect(lambda value: None)
    before_true, before_false = sys.getrefcount(True), sys.getrefcount(False)
    for n in range(200):
        emitter.bare.emit()
        emitter.with_value.emit(n)
    assert abs(sys.getrefcount(True) - before_true) < 20
    assert abs(sys.getrefcount(False) - before_false) < 20
