"""PySide6's per-import scan, sped up: the same answer as PySide6's own, for every module."""

from __future__ import annotations

import inspect
import sys
from types import ModuleType

import pytest

import posapp.app  # noqa: F401 - installs the quick scan, as the window's start does
from posapp.ui.pyside_start import quick_feature_scan


def pyside_verdict(module: ModuleType) -> bool:
    """What PySide6's own ``_mod_uses_pyside`` answers (its code: ``"PySide6" in source``)."""
    try:
        return "PySide6" in inspect.getsource(module)
    except (TypeError, OSError, SyntaxError):
        return False


def test_the_quick_scan_is_in_place_once_the_window_module_is_loaded() -> None:
    feature = sys.modules["PySide6.support.feature"]
    assert getattr(feature._mod_uses_pyside, "quick", False)
    assert quick_feature_scan()  # a second call changes nothing


@pytest.mark.parametrize(
    "name",
    [
        "posapp.ui.main_window",  # uses PySide6
        "posapp.ui.pyside_start",
        "posapp.domain.basket",  # does not
        "posapp.outbox.store",
        "json",  # the standard library
        "sys",  # built in: no source
        "_sqlite3",  # an extension module: no source
        "PySide6.QtCore",
    ],
)
def test_it_answers_as_pyside_does(name: str) -> None:
    __import__(name)
    module = sys.modules[name]
    feature = sys.modules["PySide6.support.feature"]
    assert feature._mod_uses_pyside(module) is pyside_verdict(module)


def test_a_module_whose_file_is_gone_gets_pyside_s_own_answer(tmp_path: object) -> None:
    module = ModuleType("posapp_gone")
    module.__file__ = "/nonexistent/posapp_gone.py"
    feature = sys.modules["PySide6.support.feature"]
    assert feature._mod_uses_pyside(module) is False
