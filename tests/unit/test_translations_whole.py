"""Every shipped language is whole: no unfinished, obsolete or vanished string, the same
placeholders as the English, every plural form filled in. fr, nl, da, nb, fi and es are
translated by other hands; they are held to the same rule."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import pytest

from posapp.i18n import ENGLISH, SYSTEM, TRANSLATIONS, chosen_language, ts_file

_PLACEHOLDER = re.compile(r"%(?:[1-9]|n|Ln)")


@dataclass(frozen=True)
class Entry:
    context: str
    source: str
    state: str  # "" (finished), unfinished, obsolete, vanished
    forms: tuple[str, ...]  # the translation, or each plural form
    plural: bool


def entries(lang: str) -> list[Entry]:
    root = ET.parse(ts_file(lang)).getroot()  # noqa: S314 - our own files
    found = []
    for context in root.iter("context"):
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            plural = message.get("numerus") == "yes"
            forms = (
                tuple(f.text or "" for f in translation.iter("numerusform"))
                if plural
                else (translation.text or "",)
            )
            found.append(
                Entry(
                    context.findtext("name") or "",
                    message.findtext("source") or "",
                    translation.get("type", ""),
                    forms,
                    plural,
                )
            )
    return found


@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_no_string_is_unfinished_obsolete_or_vanished(lang: str) -> None:
    open_ones = [(e.context, e.source, e.state) for e in entries(lang) if e.state]
    assert open_ones == [], f"{lang}: {len(open_ones)} strings to translate, e.g. {open_ones[:3]}"
    empty = [(e.context, e.source) for e in entries(lang) if not all(f.strip() for f in e.forms)]
    assert empty == []


@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_placeholders_are_the_sources(lang: str) -> None:
    for entry in entries(lang):
        if entry.state:
            continue
        wanted = sorted(_PLACEHOLDER.findall(entry.source))
        for form in entry.forms:
            got = sorted(_PLACEHOLDER.findall(form))
            assert got == wanted, f"{lang} {entry.context}: {entry.source!r} -> {form!r}"


@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_the_language_is_the_files(lang: str) -> None:
    root = ET.parse(ts_file(lang)).getroot()  # noqa: S314 - our own files
    assert root.get("language", "").split("_")[0] == lang
    assert root.get("sourcelanguage") == "en"


def test_english_has_every_plural_and_nothing_else() -> None:
    # "%n item(s)" in the code reads "1 item" and "3 items": each plural in its two forms
    english = entries(ENGLISH)
    plurals = {(e.context, e.source) for e in entries("de") if e.plural}
    assert {(e.context, e.source) for e in english} == plurals
    for entry in english:
        assert len(entry.forms) == 2 and "(s)" not in "".join(entry.forms), entry.source


def test_the_window_language_follows_the_setting_or_the_system() -> None:
    assert chosen_language(SYSTEM, "de_DE") == "de"
    assert chosen_language(SYSTEM, "sv_SE") == "sv"
    assert chosen_language(SYSTEM, "nn_NO") == "nb"
    assert chosen_language(SYSTEM, "pt_BR") == "en"  # no Portuguese: English
    assert chosen_language(SYSTEM, "C") == "en"
    assert chosen_language("fi", "de_DE") == "fi"
    assert chosen_language("en", "de_DE") == "en"
