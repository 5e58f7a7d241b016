"""The till window a cashier keeps open all day: customer, scan field, basket, finish.

A view over a ``posapp.till.Till``: it lays out the widgets, binds the keys, and wires signals.
What the banner and the status bar say comes from ``till_messages`` (pure functions); the sale
panel is ``BasketPanel``; settings and imports are ``AdminActions``. The normal path never opens
a dialog: scan, scan, F12, next customer. Network work happens on the delivery worker's thread,
every other blocking read or write through ``background.op``.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeyEvent, QPaintEvent
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu, QVBoxLayout, QWidget

from posapp.domain.basket import Basket
from posapp.domain.errors import ValidationError
from posapp.domain.scan import Scan
from posapp.i18n import chosen_language, fill
from posapp.outbox.store import OutboxError
from posapp.setup.settings import Settings
from posapp.till import NotSetUp, Till, TillStatus
from posapp.ui.admin_actions import AdminActions
from posapp.ui.background import op
from posapp.ui.banner import Banner
from posapp.ui.basket_panel import BasketPanel
from posapp.ui.bridge import DeliveryBridge
from posapp.ui.customer_panel import CustomerPanel
from posapp.ui.domain_text import error_text, reason_text
from posapp.ui.money_text import format_money
from posapp.ui.pin_dialog import AdminGate, ask_no_by_default
from posapp.ui.retranslating import Retranslating
from posapp.ui.sale_keeper import keep_sale
from posapp.ui.scanner import install_scanner
from posapp.ui.status_bar import TillStatusBar
from posapp.ui.till_menus import build_menus, retranslate_menus
from posapp.ui.till_messages import (
    Endpoint,
    Tone,
    after_commit,
    after_delivery,
    endpoint_after,
    sale_started,
)

Slot = Callable[[], object]

if TYPE_CHECKING:  # dialogs load when first opened, not before the till's first paint
    from posapp.outbox.delivery import DeliveryEvent
    from posapp.tracker.token import SiteToken
    from posapp.ui.queue_dialog import QueueDialog
    from posapp.ui.settings_dialog import SettingsDialog
    from posapp.ui.shortcuts_dialog import ShortcutsDialog


class MainWindow(Retranslating, QMainWindow):
    first_painted = Signal()
    menu_sources: list[tuple[QMenu | QAction, str]]  # each menu's and action's English text

    def __init__(self, till: Till, *, deliver: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.till = till
        self.settings = till.settings()
        self.endpoint = Endpoint.UNKNOWN
        self._painted = False
        self._queue_dialog: QueueDialog | None = None
        self._last_total = ""
        self._may_close = False
        self.admin = AdminGate(self.settings.admin_pin_hash)
        self.bridge = DeliveryBridge(self)
        self.banner = Banner()
        self.customer_panel = CustomerPanel(lambda: till.customers, self.settings.info_keys)
        self.sale = BasketPanel(Basket(self.settings.currency), lambda: till.catalog, self.admin)
        self.status = TillStatusBar()
        # the parts tests and scripts reach for
        self.scan_field, self.table, self.basket_model = (
            self.sale.scan_field,
            self.sale.table,
            self.sale.model,
        )
        self.totals, self.message, self.finish_button = (
            self.sale.totals,
            self.sale.message,
            self.sale.finish_button,
        )
        self.admin_actions = AdminActions(self)
        self._layout()
        self.actions_by_name = build_menus(self)
        self._use_settings(self.settings)

        self.customer_panel.refused.connect(self.refuse)
        self.customer_panel.changed.connect(self.scan_field.setFocus)
        self.sale.finish_requested.connect(self.finish)
        self.sale.sale_started.connect(self._sale_started)
        self.sale.customer_card = self.customer_panel.take_card
        self.status.parked_clicked.connect(self.open_queue_parked)
        self.bridge.delivery_event.connect(self.on_delivery_event)
        # Worker events come in bursts (a batch of orders marked sent together): one status
        # refresh per 100 ms at most, read off the GUI thread. Started when idle and never
        # restarted by the next event, so a long drain still refreshes every 100 ms.
        self._status_timer = QTimer(self)
        self._status_timer.setSingleShot(True)
        self._status_timer.setInterval(100)
        self._status_timer.timeout.connect(self.refresh_status)
        self._poll_timer = QTimer(self)  # orders queued by other processes (posapp send)
        self._poll_timer.setInterval(5000)
        self._poll_timer.timeout.connect(self.refresh_status)
        self._poll_timer.start()
        self._refreshing = False

        if deliver and till.take_delivery():
            self._start_worker_after_paint()
        elif deliver:
            self.set_endpoint(Endpoint.ELSEWHERE, till.not_delivering)
        self.refresh_status()
        self.scan_field.setFocus()
        self.scanner = install_scanner(QApplication.instance(), self)  # scans land wherever
        self.sale_keeper = keep_sale(self)  # the basket on disk: back after a crash

    def _start_worker_after_paint(self) -> None:
        """The worker (delivery, the network, the token) starts once the window is on screen:
        loading it would compete with the first paint for the interpreter. A window that is
        never shown starts it a second later. The lock is held already: this till delivers."""

        def start() -> None:
            self.till.start_delivering(self.bridge.listener)

        self.first_painted.connect(lambda: QTimer.singleShot(0, self, start))
        QTimer.singleShot(1000, self, start)

    # -- building -------------------------------------------------------------------------------
    def _layout(self) -> None:
        self.resize(1100, 720)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.banner)
        layout.addWidget(self.customer_panel)
        layout.addWidget(self.sale, 1)
        self.setCentralWidget(central)
        self.setStatusBar(self.status)
        QWidget.setTabOrder(self.finish_button, self.customer_panel.field)
        QWidget.setTabOrder(self.finish_button, self.status.parked)  # the status bar is last

    # -- the sale -------------------------------------------------------------------------------
    def add_scans(self, scans: list[Scan]) -> None:
        self.sale.add_scans(scans)

    def edit_selected(self, column: int) -> None:
        self.sale.edit_selected(column)

    def focus_customer(self) -> None:
        self.customer_panel.field.setFocus()

    def focus_scan(self) -> None:
        self.scan_field.setFocus()

    def clear_customer(self) -> None:
        self.customer_panel.clear()
        self.scan_field.setFocus()

    def finish(self) -> None:
        """Commit the sale to the outbox (on this thread, on purpose: "queued" is true once
        ``finish_sale`` returns), show what became of it, and be ready for the next customer."""
        basket = self.sale.basket
        waiting = self.sale.waiting_for_price
        if waiting is not None:
            self.refuse(
                fill(self.tr("Type the price of %1 first, or press Esc to leave it out."), waiting)
            )
            self.sale.price_prompt.field.setFocus()
            return
        try:
            entry = self.till.finish_sale(basket, self.customer_panel.customer())
        except ValidationError as exc:
            self.refuse(error_text(exc))
            return
        except NotSetUp as exc:
            self.refuse(str(exc))
            return
        except OutboxError as exc:  # nothing was saved: the basket stays, the sale is not lost
            self.banner.say(fill(self.tr("NOT SAVED: %1"), reason_text(str(exc))), Tone.BAD)
            return
        self._last_total = format_money(basket.subtotal, basket.currency)
        self.sale.model.void()
        self.customer_panel.clear()
        args = (
            entry.ref_code,
            self._last_total,
            self.endpoint,
            self.till.delivering,
            self.till.not_delivering,
        )
        self.banner.show_said(after_commit(*args), entry.ref_code, lambda: after_commit(*args))
        self.say("")
        self.refresh_status()
        self.scan_field.setFocus()

    # -- what the worker reports ----------------------------------------------------------------
    def on_delivery_event(self, event: DeliveryEvent) -> None:
        self.set_endpoint(endpoint_after(event), event.reason)
        if event.ref_code is not None and event.ref_code == self.banner.ref_code:
            total = self._last_total
            said = after_delivery(event, total, bool(len(self.sale.basket)))
            if said is not None:
                remake = lambda: after_delivery(event, total) or said  # noqa: E731
                self.banner.show_said(said, event.ref_code, remake)
        if not self._status_timer.isActive():
            self._status_timer.start()

    def _sale_started(self) -> None:
        self.banner.show_said(sale_started(), self.banner.ref_code, sale_started)  # news is over

    def set_endpoint(self, state: Endpoint, reason: str = "") -> None:
        self.endpoint = state
        self.status.show_endpoint(state, reason)

    def refresh_status(self) -> None:
        """Read the outbox's counts in the background; the status bar shows them when ready."""
        if self._refreshing:
            self._status_timer.start()  # one read at a time; the next one follows
            return
        self._refreshing = True
        op(self, self.till.status).success(self._show_status).failure(self._status_failed).run()

    def _show_status(self, status: TillStatus) -> None:
        self._refreshing = False
        self.status.show_counts(status.outbox)
        if self._queue_dialog is not None and self._queue_dialog.isVisible():
            self._queue_dialog.refresh()

    def _status_failed(self, exc: Exception) -> None:
        self._refreshing = False
        self.status.showMessage(reason_text(str(exc)))

    # -- queue ----------------------------------------------------------------------------------
    def open_queue(self) -> QueueDialog:
        if self._queue_dialog is None:
            from posapp.ui.queue_dialog import QueueDialog

            self._queue_dialog = QueueDialog(
                self.till, self, allow=lambda what: self.admin.allow(self, what)
            )
        self._queue_dialog.present()
        return self._queue_dialog

    def open_queue_parked(self) -> None:
        self.open_queue().show_parked()

    def expedite(self) -> None:
        self.till.expedite()
        self.say(self.tr("Sending waiting orders now."))

    # -- feedback -------------------------------------------------------------------------------
    def say(self, text: str) -> None:
        self.sale.say(text)

    def refuse(self, text: str) -> None:
        self.sale.refuse(text)

    def show_shortcuts(self) -> ShortcutsDialog:
        from posapp.ui.shortcuts_dialog import ShortcutsDialog

        dialog = ShortcutsDialog(self.actions_by_name.values(), self)
        dialog.show()
        return dialog

    def retranslate(self) -> None:
        """The window's own words in the new language; its widgets do theirs (LanguageChange)."""
        retranslate_menus(self)
        self.setWindowTitle(fill(self.tr("posapp: till %1"), self.settings.till_id or "?"))
        if self._queue_dialog is not None and not self._queue_dialog.isVisible():
            self._queue_dialog.deleteLater()  # made again, in the new language, when opened
            self._queue_dialog = None

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            # What the start built stays for the whole session: frozen, a full collection no
            # longer walks it (one took 30-220 ms of the GUI thread in the middle of a drain).
            gc.freeze()
            self.first_painted.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        """With a basket it asks first (No by default); in kiosk mode it needs the admin PIN."""
        lines = len(self.sale.basket)
        if not self._may_close and lines:
            question = (
                self.tr(
                    "Quit with %n line(s) in the basket? They come back when posapp starts again.",
                    "",
                    lines,
                )
                if self.sale_keeper is not None
                else self.tr("Quit with %n line(s) in the basket? They will be lost.", "", lines)
            )
            if not ask_no_by_default(self, self.tr("Quit"), question):
                event.ignore()
                self.scan_field.setFocus()
                return
        if (
            self.settings.kiosk
            and not self._may_close
            and not self.admin.allow(self, self.tr("quit"))
        ):
            event.ignore()
            self.scan_field.setFocus()
            return
        self._poll_timer.stop()
        self._status_timer.stop()
        super().closeEvent(event)

    def allow_close(self) -> None:
        """For the program itself (tests, a service stop): close without asking."""
        self._may_close = True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:  # harmless everywhere: back to the scan field
            self.scan_field.clear()  # half-typed text never joins the next code
            self.scan_field.setFocus()
            return
        super().keyPressEvent(event)

    # -- kiosk and administration ---------------------------------------------------------------
    def show_for_till(self) -> None:
        """Show the window: full screen and frameless in kiosk mode."""
        if self.settings.kiosk:
            self.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
            self.showFullScreen()
        else:
            self.showMaximized()  # a till has one job on its screen

    def open_settings(self) -> SettingsDialog | None:
        return self.admin_actions.open_settings()

    def apply_settings(self, settings: Settings, token: SiteToken | None) -> None:
        """New settings take effect now: the worker sends with the new credentials."""
        self.till.apply_settings(settings, token)
        self._use_settings(settings)
        self.say(self.tr("Settings saved; they apply from now on."))
        self.scan_field.setFocus()

    def _use_settings(self, settings: Settings) -> None:
        old, self.settings = self.settings, settings
        self.admin.set_hash(settings.admin_pin_hash)
        self.sale.allow_unknown_items = settings.allow_unknown_items
        self.sale.pin_for_price = settings.pin_for_price
        self.basket_model.price_needs_unlock = self.sale.price_needs_pin()
        self.basket_model.max_qty = settings.max_qty
        self.basket_model.max_line_total = Decimal(str(settings.max_line_total))
        self.basket_model.price_check_above = Decimal(str(settings.price_check_above))
        if settings.currency != old.currency and not len(self.sale.basket):
            self.basket_model.set_currency(settings.currency)
        self.customer_panel.set_info_keys(settings.info_keys)
        use_language(settings.ui_language)
        self.setWindowTitle(fill(self.tr("posapp: till %1"), settings.till_id or "?"))

    def import_catalog(self, path: Path | None = None) -> None:
        self.admin_actions.import_catalog(path)

    def import_customers(self, path: Path | None = None) -> None:
        self.admin_actions.import_customers(path)


def use_language(setting: str) -> str:
    """Install the translators of the ``ui_language`` setting (``system``: the machine's
    language when posapp has it); English's has only its plural forms. A change sends every
    widget a LanguageChange. The language in use."""
    lang = chosen_language(setting, QLocale.system().name())
    from posapp.ui.translations import language

    return lang if language().use(lang) else "en"
