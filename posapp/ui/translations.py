"""Installing the window's language: posapp's own translation and Qt's (standard buttons and
dialogs), with ``QTranslator``. Installing or removing a translator makes Qt send every widget a
``LanguageChange`` event; the till's widgets retranslate themselves on it.

English is the source language: for it only ``posapp_en.qm`` is loaded, its plural forms ("%n
item(s)" in the code reads "1 item", "3 items"); Qt's own words are English already. A ``.qm`` file comes from the package (the bundle, the .deb, a wheel built
after ``scripts/translations.py build``) or, in a checkout, is built from its ``.ts`` on first use
into the cache directory with the ``lrelease`` that ships with PySide6.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

from posapp.i18n import ENGLISH, HERE, LANGUAGES, qm_name, ts_file

log = logging.getLogger(__name__)


# subprocess, shutil and platformdirs are imported where a .qm is built: the window's start
# (English included, for its plural forms) only loads a shipped or cached one.
def _lrelease() -> str | None:
    import shutil

    import PySide6

    beside = Path(PySide6.__file__).parent / (
        "lrelease.exe" if sys.platform == "win32" else "lrelease"
    )
    if beside.exists():
        return str(beside)
    return shutil.which("pyside6-lrelease")


def cache_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("posapp", appauthor=False)) / "i18n"


def qm_file(lang: str, cache: Path | None = None) -> Path | None:
    """posapp's compiled translation for ``lang``: shipped, or built from the .ts (None: neither
    can be had; the window stays English)."""
    shipped = HERE / qm_name(lang)
    source = ts_file(lang)
    if shipped.exists() and (
        not source.exists() or shipped.stat().st_mtime >= source.stat().st_mtime
    ):
        return shipped
    if not source.exists():
        return None
    built = (cache or cache_dir()) / qm_name(lang)
    if built.exists() and built.stat().st_mtime >= source.stat().st_mtime:
        return built
    tool = _lrelease()
    if tool is None:
        log.warning("cannot build %s: lrelease not found", built.name)
        return None
    import subprocess

    built.parent.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [tool, "-silent", str(source), "-qm", str(built)], capture_output=True, check=False
    )
    if done.returncode != 0 or not built.exists():
        log.warning("cannot build %s: %s", built.name, done.stderr.decode(errors="replace"))
        return None
    return built


class Language:
    """The translators in use; ``use(lang)`` swaps them (``en``: English's plural forms)."""

    def __init__(self, cache: Path | None = None) -> None:
        self.current = ""  # none installed yet
        self.cache = cache
        self._installed: list[QTranslator] = []

    def use(self, lang: str) -> bool:
        """Install ``lang``'s translators (removing the previous ones); False when posapp has no
        translation for it (the window is English then)."""
        app = QCoreApplication.instance()
        assert app is not None
        if lang == self.current:
            return True
        for old in self._installed:
            app.removeTranslator(old)
        self._installed = []
        self.current = ENGLISH
        if lang not in LANGUAGES:
            if lang == ENGLISH:
                self._install_ours(app, ENGLISH)  # without it: "1 item(s)", still English
            return lang == ENGLISH
        ours = self._install_ours(app, lang, install=False)
        if ours is None:
            return False
        qt = QTranslator(app)
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        # Qt's own words (Yes, No, Cancel, the file dialog) first, so posapp's come out on top
        # Qt has no Bokmål of its own; its Nynorsk says Yes, No and Cancel the same way
        if qt.load(f"qtbase_{lang}", qt_dir) or (lang == "nb" and qt.load("qtbase_nn", qt_dir)):
            app.installTranslator(qt)
            self._installed.append(qt)
        app.installTranslator(ours)
        self._installed.append(ours)
        self.current = lang
        return True

    def _install_ours(
        self, app: QCoreApplication, lang: str, *, install: bool = True
    ) -> QTranslator | None:
        """posapp's translator for ``lang`` (installed unless ``install`` is False); None when
        its .qm cannot be had or read."""
        found = qm_file(lang, self.cache)
        if found is None:
            return None
        ours = QTranslator(app)
        if not ours.load(str(found)):
            log.warning("cannot load %s", found)
            return None
        if install:
            app.installTranslator(ours)
            self._installed.append(ours)
        return ours


_LANGUAGE: Language | None = None


def language() -> Language:
    """The application's one ``Language``."""
    global _LANGUAGE  # noqa: PLW0603 - one set of translators per application
    if _LANGUAGE is None:
        _LANGUAGE = Language()
    return _LANGUAGE
