"""The till on a real X server, for tests/gui/test_real_x.py (run by it, not by pytest).

    python -m tests.gui.real_x_till PROFILE SANDBOX_URL SITE TOKEN

Prints ``where NAME X Y`` (screen points to click), ``ready``, then ``state {json}`` whenever the
basket, the customer fields or the open dialog change, so the test can see what the cashier sees.
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from posapp.app import application, demo_settings
from posapp.resources import resource_path
from posapp.setup.profile import Profile
from posapp.till import Till
from posapp.tracker.token import SiteToken
from posapp.ui.main_window import MainWindow


def main() -> None:
    profile_dir, url, site, token = sys.argv[1:5]
    app = application()
    profile = Profile.locate(profile_dir)
    settings = replace(demo_settings(url), site=site)
    with Till(profile, settings, token=lambda: SiteToken(token)) as parts:
        parts.catalog.import_csv(resource_path("demo", "catalog.csv"), settings.currency)
        parts.customers.import_csv(resource_path("demo", "customers.csv"))
        window = MainWindow(parts)
        window.allow_close()
        last = [""]

        def state() -> None:
            modal = QApplication.activeModalWidget()
            focus = QApplication.focusWidget()
            now = json.dumps({
                "lines": [[ln.ref_code, ln.qty] for ln in window.basket_model.basket.lines],
                "gender": window.customer_panel.info_fields["gender"].text(),
                "customer_field": window.customer_panel.field.text(),
                "scan_field": window.scan_field.text(),
                "dialog": modal.windowTitle() if modal is not None else None,
                "popup": QApplication.activePopupWidget() is not None,
                "focus": type(focus).__name__ if focus is not None else None,
                "banner": window.banner.text() if hasattr(window.banner, "text") else "",
                "message": window.message.text(),
            })  # fmt: skip
            if now != last[0]:
                last[0] = now
                print("state", now, flush=True)

        def where(name: str, widget: QWidget) -> None:
            point = widget.mapToGlobal(widget.rect().center())
            print("where", name, point.x(), point.y(), flush=True)

        def painted() -> None:
            where("basket", window.table)
            bar = window.menuBar()
            sale_menu = bar.actionGeometry(bar.actions()[0]).center()
            point = bar.mapToGlobal(sale_menu)
            print("where", "sale_menu", point.x(), point.y(), flush=True)
            print("ready", flush=True)
            poll.start()

        poll = QTimer(window)  # the state, as the cashier would read it off the screen
        poll.setInterval(20)
        poll.timeout.connect(state)
        window.first_painted.connect(lambda: QTimer.singleShot(300, painted))
        window.resize(1366, 740)
        window.show()
        window.activateWindow()
        app.exec()


if __name__ == "__main__":
    main()
