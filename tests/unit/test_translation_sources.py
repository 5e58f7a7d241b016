"""Every string the window translates is one pyside6-lupdate sees, in the context Qt asks for
at run time; the domain's and the settings' English texts have their lupdate-visible tables."""

from __future__ import annotations

import ast
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from posapp.i18n import LANGUAGES, fill, ts_file
from posapp.setup.settings import FIELDS

ROOT = Path(__file__).resolve().parents[2]
UI = [*sorted((ROOT / "posapp" / "ui").glob("*.py")), ROOT / "posapp" / "app.py"]


def catalogue(lang: str = "de") -> dict[tuple[str, str], bool]:
    """(context, source) -> numerus, from one shipped .ts."""
    found = {}
    for context in ET.parse(ts_file(lang)).getroot().iter("context"):  # noqa: S314 - our own files
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            found[(name, message.findtext("source") or "")] = message.get("numerus") == "yes"
    return found


def calls_in(path: Path) -> list[tuple[str, str, bool, int]]:
    """(context, text, plural, line) of each tr()/translate()/QT_TRANSLATE_NOOP() with a literal
    text: self.tr's context is the enclosing class (PySide6 asks with type(self).__name__)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[str, str, bool, int]] = []

    def visit(node: ast.AST, cls: str | None) -> None:
        for child in ast.iter_child_nodes(node):
            visit(child, child.name if isinstance(child, ast.ClassDef) else cls)
        if not isinstance(node, ast.Call):
            return
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        args = node.args
        literal = [isinstance(a, ast.Constant) and isinstance(a.value, str) for a in args]
        if name == "tr" and args and literal[0]:
            owner = func.value if isinstance(func, ast.Attribute) else None
            assert isinstance(owner, ast.Name) and owner.id == "self" and cls, (
                f"{path.name}:{node.lineno}: tr() on something else than self has no context "
                "lupdate and Qt agree on; use QCoreApplication.translate(CONTEXT, ...)"
            )
            found.append((cls, args[0].value, len(args) >= 3, node.lineno))  # type: ignore[attr-defined]
        elif name in {"translate", "QT_TRANSLATE_NOOP"} and len(args) >= 2 and all(literal[:2]):
            plural = len(args) >= 4
            assert not plural, f"{path.name}:{node.lineno}: lupdate misses translate()'s %n"
            found.append((args[0].value, args[1].value, False, node.lineno))  # type: ignore[attr-defined]

    visit(tree, None)
    return found


@pytest.mark.parametrize("path", UI, ids=lambda p: p.name)
def test_lupdate_sees_every_string_of_the_window(path: Path) -> None:
    known = catalogue()
    for context, text, plural, line in calls_in(path):
        assert (context, text) in known, f"{path.name}:{line}: {text!r} is not in the .ts"
        assert known[(context, text)] == plural, f"{path.name}:{line}: %n plural of {text!r}"


def test_no_string_is_put_together_by_hand() -> None:
    for path in UI:
        source = path.read_text(encoding="utf-8")
        assert '.replace("%' not in source, f"{path.name}: use posapp.i18n.fill"


def domain_ids() -> set[str]:
    """The ids of every Message the domain makes."""
    ids = set()
    for path in (ROOT / "posapp" / "domain").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", "") == "Message"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                ids.add(node.args[0].value)
    return ids


def test_the_window_can_translate_every_domain_message() -> None:
    from posapp.ui.domain_text import MESSAGES

    assert domain_ids() == set(MESSAGES)


def test_every_settings_label_and_hint_is_marked() -> None:
    from posapp.ui.settings_words import WORDS

    wanted = {
        text
        for declared in FIELDS.values()
        for text in (declared.label, declared.placeholder if declared.kind != "table" else "")
        if text
    }
    assert wanted == set(WORDS)


def test_every_shown_settings_help_is_marked() -> None:
    """A screen reader reads each field's help as its description, in the window's language."""
    from posapp.ui.settings_words import HELP, WORDS

    shown = {declared.help for declared in FIELDS.values() if declared.label and declared.help}
    assert shown - set(WORDS) == set(HELP)


def test_fill_is_qt_arg_in_one_pass() -> None:
    assert fill("%1 and %2", "a%2", "b") == "a%2 and b"
    assert fill("%2 before %1", 1, 2) == "2 before 1"
    assert fill("%1 %3", "x") == "x %3"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_language_has_the_same_strings(lang: str) -> None:
    assert catalogue(lang) == catalogue("de")
