"""The window's front end: the QApplication, the first-run setup, and the till window over a
``posapp.till.Till`` (which puts the till together: outbox, lists, lock, worker).

``run_till`` is the till itself, ``run_demo`` the throw-away demo on the local sandbox, and
``self_test`` the check that packaging runs on a fresh install.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

import posapp.ui.pyside_start  # noqa: F401 - first: every module imported after it is quicker
from posapp import STARTED
from posapp.i18n import SYSTEM, fill
from posapp.lists.datafile import DataFileError
from posapp.outbox.store import OutboxError
from posapp.resources import resource_path
from posapp.setup.logs import setup_logging
from posapp.setup.profile import PROFILE_ENV, Profile
from posapp.setup.settings import Settings, SettingsError, load_settings, save_settings
from posapp.till import Till
from posapp.ui.main_window import MainWindow, use_language
from posapp.ui.single_instance import hold_till_mutex

if TYPE_CHECKING:  # these load only where they are used, none before the first paint
    from posapp.tracker.sandbox import Sandbox
    from posapp.tracker.token import SiteToken

translate = QCoreApplication.translate
DEMO_STORE = {"store": "posapp Demo Store", "storePostcode": "W1B 4HX"}


def application() -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(sys.argv[:1])
    app.setApplicationName("posapp")
    hold_till_mutex()  # Windows: the installer refuses to run while this mutex exists
    app.setFont(till_font(app.font()))
    return app


def till_font(base: QFont) -> QFont:
    """The till's font: ``base``, larger, readable from a step back."""
    font = QFont(base)
    font.setPointSize(max(font.pointSize(), 10) + 3)
    return font


def _fail(app: QApplication, title: str, text: str) -> None:
    print(f"posapp: {text}", file=sys.stderr)
    if app.platformName() not in {"offscreen", "minimal"}:
        QMessageBox.critical(None, title, text)


def run_till(profile_dir: str | None, kiosk: bool = False) -> int:
    app = application()
    profile = Profile.locate(profile_dir)
    try:
        profile.ensure_dirs()
        setup_logging(profile)
        settings = settings_or_setup(app, profile)
        if settings is None:
            return 2
        if kiosk:
            settings = replace(settings, kiosk=True)
        with Till(profile, settings) as till:
            window = MainWindow(till)
            window.show_for_till()
            return app.exec()
    except (OutboxError, DataFileError, OSError) as exc:
        _fail(app, "posapp", str(exc))
        return 1


def settings_or_setup(app: QApplication, profile: Profile) -> Settings | None:
    """The till's settings; the setup dialog when there are none, or when the file is broken
    (a hand edit gone wrong): it names the line and key, and saving writes a good file."""
    problem = ""
    try:
        settings = load_settings(profile.settings_file)
    except SettingsError as exc:
        problem, settings = str(exc), None
    use_language(settings.ui_language if settings is not None else SYSTEM)  # the dialog's too
    if settings is not None and not settings.missing():
        return settings
    if not problem and settings is not None:
        problem = fill(translate("App", "Still needed: %1."), ", ".join(settings.missing()))
    if app.platformName() in {"offscreen", "minimal"}:  # nobody can answer a dialog here
        print(
            f"posapp: {problem or 'posapp is not set up yet'} (posapp config set ...)",
            file=sys.stderr,
        )
        return None
    if problem and profile.settings_file.exists():
        shutil.copy2(profile.settings_file, profile.settings_file.with_name("settings.toml.broken"))
    from posapp.ui.settings_dialog import SettingsDialog

    # A till provisioned by a machine-wide file has settings but no file of its own yet: that
    # is still its first run (the site token is asked for).
    first_run = not problem and not profile.settings_file.exists()
    dialog = SettingsDialog(settings or Settings(), first_run=first_run, problem=problem)
    while dialog.exec() == QDialog.DialogCode.Accepted and dialog.result_settings is not None:
        failed = _save_in_background(dialog, profile, dialog.result_settings, dialog.result_token)
        if failed is not None:
            QMessageBox.warning(dialog, "posapp", str(failed))
            continue
        return dialog.result_settings
    return None


def _save_in_background(
    dialog: QDialog, profile: Profile, settings: Settings, token: SiteToken | None
) -> Exception | None:
    """Save settings and token off the GUI thread (the keyring may block); the setup dialog
    keeps painting meanwhile. The error, or None."""
    from PySide6.QtCore import QEventLoop

    from posapp.ui.background import op

    loop = QEventLoop()
    outcome: list[Exception | None] = []

    def landed(result: Exception | None) -> None:
        outcome.append(result)
        loop.quit()

    (
        op(dialog, lambda: Till(profile).save_settings(settings, token))
        .success(lambda _saved: landed(None))
        .failure(landed)
        .with_progress(translate("App", "Saving the settings…"))
        .run()
    )
    if not outcome:
        loop.exec()
    return outcome[0]


def demo_settings(endpoint: str) -> Settings:
    from posapp.tracker.sandbox import DEMO_SITE

    return Settings(
        site=DEMO_SITE,
        endpoint=endpoint,
        till_id="DEMO-01",
        store=DEMO_STORE,
        info_keys=("gender",),
        allow_unknown_items=True,
    )


def run_demo(profile_dir: str | None = None) -> int:
    """A throw-away till on the local sandbox, with sample data and a menu to break things."""
    from posapp.tracker.sandbox import DEMO_SITE, DEMO_TOKEN, Sandbox
    from posapp.tracker.token import SiteToken

    app = application()
    directory = Path(profile_dir) if profile_dir else Path(tempfile.mkdtemp(prefix="posapp-demo-"))
    profile = Profile.locate(directory)
    sandbox = Sandbox(site=DEMO_SITE, token=DEMO_TOKEN).start()
    try:
        settings = demo_settings(sandbox.url)
        profile.ensure_dirs()
        save_settings(settings, profile.settings_file)
        setup_logging(profile)
        with Till(profile, settings, token=lambda: SiteToken(DEMO_TOKEN)) as till:
            till.catalog.import_csv(resource_path("demo", "catalog.csv"), settings.currency)
            till.customers.import_csv(resource_path("demo", "customers.csv"))
            window = MainWindow(till)
            add_demo_menu(window, sandbox)
            window.show()
            print(f"posapp demo: profile {directory}, sandbox endpoint {sandbox.url}")
            print(
                "scan codes such as CB4551, TEA-EB, 3*CHOC-70; customer card 6330001; F12 finishes"
            )
            return app.exec()
    finally:
        sandbox.stop()
        if not profile_dir:
            shutil.rmtree(directory, ignore_errors=True)


def add_demo_menu(window: MainWindow, sandbox: Sandbox) -> None:
    menu = window.menuBar().addMenu(translate("Demo", "&Demo"))
    down = QAction(translate("Demo", "Take the endpoint down"), window)
    down.setCheckable(True)
    down.setShortcut("Ctrl+Shift+O")

    def toggle(checked: bool) -> None:
        if checked:
            sandbox.go_offline()
            window.say(
                translate("Demo", "Demo: the endpoint is down. Finish a sale to see it queued.")
            )
        else:
            sandbox.go_online()
            window.say(
                translate("Demo", "Demo: the endpoint is back. Queued orders go out by themselves.")
            )
            window.expedite()

    down.toggled.connect(toggle)
    reject = QAction(translate("Demo", "Refuse the next order (HTTP 400)"), window)
    reject.triggered.connect(lambda: sandbox.fail_next(400))
    unauthorised = QAction(translate("Demo", "Refuse the credentials next (HTTP 401)"), window)
    unauthorised.triggered.connect(lambda: sandbox.fail_next(401))
    for action in (down, reject, unauthorised):
        menu.addAction(action)
        window.addAction(action)
    window.actions_by_name["demo_down"] = down


def self_test(profile_dir: str | None, demo: bool = False) -> int:
    """Build the main window here, wait for its first paint, open outbox and catalog.

    With ``demo``, on a throw-away demo profile with the sample catalog and customers loaded
    from the package's data (the check that an installed wheel or bundle has them).
    """
    app = application()
    try:
        with ExitStack() as stack:
            throwaway = demo or not (profile_dir or os.environ.get(PROFILE_ENV))
            if throwaway:  # never writes into a till's own profile unless asked (--profile)
                profile_dir = stack.enter_context(tempfile.TemporaryDirectory(prefix="posapp-"))
            profile = Profile.locate(profile_dir)
            # the demo's endpoint is never called: this window does not deliver
            settings = demo_settings("http://127.0.0.1:9") if demo else None
            till = stack.enter_context(Till(profile, settings))
            if demo:
                till.catalog.import_csv(
                    resource_path("demo", "catalog.csv"), till.settings().currency
                )
                till.customers.import_csv(resource_path("demo", "customers.csv"))
            status = till.outbox.status()
            window = MainWindow(till, deliver=False)
            painted = _first_paint(app, window)
            # After the paint, off the GUI thread as a till reads its token: the keyring check
            # (loading keyring and its backends is most of this process after the paint)
            # runs while the catalog is counted.
            keyring = _keyring_check(window)
            products = len(till.catalog)  # after the paint: it reads every product
            said = keyring()
    except Exception as exc:  # the self-test names whatever failed
        print(f"self-test FAILED: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    first_paint = (painted - STARTED) * 1000
    total = (time.perf_counter() - STARTED) * 1000
    orders = sum(status.counts.values())
    where = "a throw-away profile (--profile DIR checks a till's own)" if throwaway else ""
    print(
        f"platform {app.platformName()}, outbox {where or profile.outbox_file} ({orders} orders), "
        f"catalog {products} products, keyring {said}, all checks {total:.0f} ms"
    )
    print(f"self-test ok in {first_paint:.0f} ms")
    return 0


def _keyring_check(parent: MainWindow) -> Callable[[], str]:
    """Start describing the keyring in the background (``background.op``); the function
    returned waits for the answer, running the event loop meanwhile."""
    from PySide6.QtCore import QEventLoop

    from posapp.ui.background import op

    def describe() -> str:
        from posapp.setup.credentials import describe_backend

        return describe_backend()

    loop = QEventLoop()
    said: list[str] = []

    def landed(text: str) -> None:
        said.append(text)
        loop.quit()

    op(parent, describe).success(landed).failure(lambda exc: landed(f"unusable ({exc})")).run()

    def answer() -> str:
        if not said:
            QTimer.singleShot(30000, loop.quit)
            loop.exec()
        return said[0] if said else "not answering"

    return answer


def _first_paint(app: QApplication, window: MainWindow) -> float:
    """Show the window and run the event loop until its first paint; when that was."""
    painted: list[float] = []

    def on_first_paint() -> None:
        # Quit through the event loop, never from inside paintEvent: on wayland, Qt would
        # close the window while it is still painting it (a segfault).
        if not painted:
            painted.append(time.perf_counter())
            QTimer.singleShot(0, app.quit)

    window.first_painted.connect(on_first_paint)
    QTimer.singleShot(15000, app.quit)
    window.show()
    app.exec()
    window.close()
    if not painted:
        raise RuntimeError(f"the window was never painted on platform {app.platformName()!r}")
    return painted[0]
