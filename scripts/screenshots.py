"""Render the main states of the till window to PNG files (docs/screens/), offscreen.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py [OUT_DIR] [--lang LANG]

``--lang de`` (any of posapp's languages) renders the same screens in that language, into
docs/screens/de/ unless OUT_DIR is given.

View options: --dark (a dark palette on the application, as a dark system theme gives) and
--scale FACTOR (QT_SCALE_FACTOR, e.g. 1.5 for a 150% screen); give them an OUT_DIR of their own,
e.g. ``--dark docs/screens/dark``.

Uses the demo setup: the local sandbox endpoint, the sample catalog and customers.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtTest import QTest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from posapp.app import add_demo_menu, application, demo_settings
from posapp.i18n import LANGUAGES
from posapp.resources import resource_path
from posapp.setup.profile import Profile
from posapp.setup.settings import (
    Settings,
    save_settings,
)
from posapp.till import Till
from posapp.tracker.sandbox import DEMO_SITE, DEMO_TOKEN, Sandbox
from posapp.tracker.token import SiteToken
from posapp.ui.main_window import MainWindow, use_language
from posapp.ui.settings_dialog import SettingsDialog
from posapp.ui.theme import dark_palette


def settle(seconds: float = 0.6) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QCoreApplication.processEvents()
        time.sleep(0.01)


def type_into(widget: object, text: str) -> None:
    QTest.keyClicks(widget, text)  # type: ignore[arg-type]
    QTest.keyClick(widget, Qt.Key.Key_Return)  # type: ignore[arg-type]


SIZES = ((1366, 768, ""), (1024, 768, "-1024x768"))  # the screens tills have


def shoot(widget: object, out: Path, name: str) -> None:
    """``name``.png at 1366x768 and ``name``-1024x768.png at 1024x768."""
    for width, height, suffix in SIZES:
        widget.resize(width, height)  # type: ignore[attr-defined]
        settle(0.3)
        widget.grab().save(str(out / f"{name}{suffix}.png"))  # type: ignore[attr-defined]


def take_view_options(argv: list[str]) -> bool:
    """Take --dark and --scale FACTOR out of ``argv``; the scale goes to QT_SCALE_FACTOR (before
    the application exists). True for --dark."""
    dark = "--dark" in argv
    if dark:
        argv.remove("--dark")
    if "--scale" in argv:
        at = argv.index("--scale")
        factor = argv[at + 1] if at + 1 < len(argv) else ""
        try:
            if not 0 < float(factor) <= 8:  # nan and inf are not scales either
                raise ValueError(factor)
        except ValueError:
            sys.exit(f"screenshots: --scale needs a factor from 0 to 8, like 1.5, not {factor!r}")
        os.environ["QT_SCALE_FACTOR"] = factor
        del argv[at : at + 2]
    return dark


def main() -> None:
    dark = take_view_options(sys.argv)  # --dark, --scale FACTOR (before Qt starts)
    parser = argparse.ArgumentParser(description="Render the till's screens to PNG files.")
    parser.add_argument("out", nargs="?", type=Path, help="default: docs/screens[/LANG]")
    parser.add_argument("--lang", choices=["en", *LANGUAGES], default="en")
    args = parser.parse_args(sys.argv[1:])
    lang = args.lang
    out = args.out or ROOT / "docs" / "screens" / ("" if lang == "en" else lang)
    out.mkdir(parents=True, exist_ok=True)
    app = application()
    if dark:
        app.setPalette(dark_palette())
    use_language(lang)
    with (
        tempfile.TemporaryDirectory() as directory,
        Sandbox(site=DEMO_SITE, token=DEMO_TOKEN) as sandbox,
    ):
        profile = Profile.locate(directory)
        settings = replace(demo_settings(sandbox.url), ui_language=lang)
        profile.ensure_dirs()
        save_settings(settings, profile.settings_file)
        with Till(profile, settings, token=lambda: SiteToken(DEMO_TOKEN)) as till:
            till.catalog.import_csv(resource_path("demo", "catalog.csv"), settings.currency)
            till.customers.import_csv(resource_path("demo", "customers.csv"))
            window = MainWindow(till)
            add_demo_menu(window, sandbox)
            window.show()
            settle()
            shoot(window, out, "1-empty")

            type_into(window.customer_panel.field, "6330001")
            window.customer_panel.info_fields["gender"].setText("female")
            for code in ("CB4551", "3*CHOC-70", "TEA-EB", "5012345678948", "TEA-EB"):
                type_into(window.scan_field, code)
            settle()
            shoot(window, out, "2-basket-with-customer")

            window.finish()
            settle(1.0)
            shoot(window, out, "3-sent")

            window.actions_by_name["demo_down"].setChecked(True)
            for codes in (("NOTE-A5", "PEN-BLK"), ("UMB-CMP",), ("SOCK-3P", "2*CARD-BD")):
                for code in codes:
                    type_into(window.scan_field, code)
                window.finish()
                settle(0.8)
            type_into(window.scan_field, "0*TEA-EB")
            settle(0.2)
            shoot(window, out, "4-offline-with-pending")

            sandbox.go_online()
            sandbox.fail_next(400)
            window.expedite()
            settle(1.5)
            dialog = window.open_queue()
            dialog.show_parked()
            settle()
            shoot(dialog, out, "5-queue-view")
            shortcuts = window.show_shortcuts()  # at its own size: all of it, no scrollbar
            settle(0.3)
            shortcuts.grab().save(str(out / "7-keyboard-shortcuts.png"))
            window.close()
    setup = SettingsDialog(Settings(ui_language=lang), first_run=True)
    setup.set_field("site", "streamlycool")
    setup.set_field("till_id", "REGENT 01")
    setup.set_field("store", "store = StreamlyCool Regent Street\nstorePostcode = W1B 4HX")
    setup.save()  # shows what is missing or wrong, at each field
    setup.show()
    settle(0.3)
    while setup.keyring_found is None:  # its answer changes the form: shoot the form after it
        settle(0.1)
    shoot(setup, out, "6-first-run-setup")
    print(f"screens written to {out}")
    app.quit()


if __name__ == "__main__":
    main()
