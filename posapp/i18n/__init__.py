"""The till's languages. ``posapp_XX.ts`` here are the translations' sources (Qt Linguist's
format, made by ``scripts/translations.py extract``); the ``.qm`` files built from them
(``scripts/translations.py build``, or at wheel/bundle/.deb build time) sit next to them and are
build output. No Qt in this module: the translators are installed by ``posapp.ui.translations``.
"""

from __future__ import annotations

import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
# the shipped languages besides English (the source language), in the settings dialog's order
LANGUAGES = ("de", "fr", "nl", "sv", "da", "nb", "fi", "es")
# each language by its own name, as a person looking for it would read it
NATIVE_NAMES = {
    "en": "English",
    "de": "Deutsch",
    "fr": "Français",
    "nl": "Nederlands",
    "sv": "Svenska",
    "da": "Dansk",
    "nb": "Norsk bokmål",
    "fi": "Suomi",
    "es": "Español",
}
SYSTEM = "system"
UI_LANGUAGES = (SYSTEM, "en", *LANGUAGES)
# English is the source language; its .ts holds only the plural forms ("%n item(s)" in the code
# reads "1 item", "3 items"), made by ``lupdate -pluralonly``
ENGLISH = "en"
TRANSLATIONS = (*LANGUAGES, ENGLISH)  # every .ts file

_PLACEHOLDER = re.compile(r"%([1-9])")


def fill(text: str, *values: object) -> str:
    """``text`` with ``%1``..``%9`` replaced by ``values``, in one pass like Qt's
    ``QString.arg``: a value that itself contains ``%2`` is never filled in again."""

    def one(match: re.Match[str]) -> str:
        number = int(match.group(1))
        return str(values[number - 1]) if number <= len(values) else match.group(0)

    return _PLACEHOLDER.sub(one, text)


def ts_file(lang: str) -> Path:
    return HERE / f"posapp_{lang}.ts"


def qm_name(lang: str) -> str:
    return f"posapp_{lang}.qm"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks ``text`` for ``pyside6-lupdate`` under ``context`` and returns it as it is (the
    typed, Qt-free twin of PySide6's marker; lupdate knows it by its name)."""
    return text


def chosen_language(setting: str, system_locale: str) -> str:
    """The window's language for the ``ui_language`` setting: ``en`` or one of ``LANGUAGES``.
    ``system_locale`` is the machine's locale name (``de_DE``, ``nb_NO``); a language posapp
    has no translation for is English."""
    if setting != SYSTEM:
        return setting if setting in UI_LANGUAGES else "en"
    lang = system_locale.replace("-", "_").split("_")[0].lower()
    lang = {"no": "nb", "nn": "nb"}.get(lang, lang)  # Norwegian: the Bokmål translation
    return lang if lang in LANGUAGES else "en"
