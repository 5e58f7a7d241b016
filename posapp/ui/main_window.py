"""The till window a cashier keeps open all day: customer, scan field, basket, finish.

The normal path never opens a dialog: scan, scan, F12, next customer. What became of each
order shows in the banner; the status bar always shows whether the endpoint is reachable and
how many orders wait or need a look. Network work happens on the delivery worker's thread only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QFont, QKeyEvent, QKeySequence, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from posapp.domain.basket import Basket
from posapp.domain.errors import ValidationError
from posapp.domain.scan import Scan
from posapp.lists.catalog import Catalog
from posapp.lists.customers import Customers
from posapp.outbox.delivery import DeliveryEvent, DeliveryWorker, EventKind
from posapp.outbox.store import Outbox, OutboxError
from posapp.setup.credentials import CredentialsError
from posapp.setup.profile import Profile
from posapp.setup.settings import Settings
from posapp.till import connector, store_settings
from posapp.tracker.outcome import OutcomeKind
from posapp.tracker.token import SiteToken
from posapp.ui.banner import Banner, Tone
from posapp.ui.basket_model import PRICE, QTY, BasketModel
from posapp.ui.bridge import DeliveryBridge
from posapp.ui.customer_panel import CustomerPanel
from posapp.ui.money_text import amount_from_text, format_money
from posapp.ui.pin_dialog import AdminGate
from posapp.ui.sale_keeper import keep_sale
from posapp.ui.scan_field import ScanField
from posapp.ui.scanner import install_scanner
from posapp.ui.status_bar import Endpoint, TillStatusBar

if TYPE_CHECKING:  # dialogs load when first opened, not before the till's first paint
    from posapp.ui.queue_dialog import QueueDialog
    from posapp.ui.settings_dialog import SettingsDialog
    from posapp.ui.shortcuts_dialog import ShortcutsDialog


@dataclass
class TillParts:
    """What the window works with; built by ``posapp.app``."""

    settings: Settings
    outbox: Outbox  # the GUI thread's own connection
    catalog: Catalog
    customers: Customers
    worker: DeliveryWorker | None
    bridge: DeliveryBridge
    profile: Profile
    endpoint: Endpoint = Endpoint.UNKNOWN
    not_delivering: str = ""  # why this window has no delivery worker (another posapp has it)


class MainWindow(QMainWindow):
    first_painted = Signal()

    def __init__(self, parts: TillParts, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.parts = parts
        self.settings = parts.settings
        self.outbox = parts.outbox
        self._painted = False
        self._queue_dialog: QueueDialog | None = None
        self._last_total = ""
        self._may_close = False
        self.admin = AdminGate(self.settings.admin_pin_hash)
        self.setWindowTitle(self.tr("posapp: till %1").replace("%1", self.settings.till_id or "?"))
        self.resize(1100, 720)

        self.basket_model = BasketModel(Basket(self.settings.currency), self)
        self.banner = Banner()
        self.customer_panel = CustomerPanel(parts.customers, self.settings.info_keys)
        self.scan_field = ScanField()
        self.table = QTableView()
        self.totals = QLabel()
        self.message = QLabel()
        self.finish_button = QPushButton(self.tr("Finish sale  (F12)"))
        self.status = TillStatusBar()
        self._build_layout()
        self.actions_by_name = self._build_actions()
        self.basket_model.price_needs_unlock = self._price_needs_pin()
        self.table.itemDelegate().closeEditor.connect(self._editor_closed)

        self.scan_field.scanned.connect(self.add_scans)
        self.scan_field.refused.connect(self.refuse)
        self.customer_panel.refused.connect(self.refuse)
        self.customer_panel.changed.connect(self.scan_field.setFocus)
        self.basket_model.rejected.connect(self.refuse)
        self.basket_model.totals_changed.connect(self._show_totals)
        self.finish_button.clicked.connect(self.finish)
        self.status.parked_clicked.connect(self.open_queue_parked)
        parts.bridge.delivery_event.connect(self.on_delivery_event)

        self._status_timer = QTimer(self)  # coalesces bursts of worker events into one refresh
        self._status_timer.setSingleShot(True)
        self._status_timer.setInterval(150)
        self._status_timer.timeout.connect(self.refresh_status)
        self._poll_timer = QTimer(self)  # orders queued by other processes (posapp send)
        self._poll_timer.setInterval(5000)
        self._poll_timer.timeout.connect(self.refresh_status)
        self._poll_timer.start()

        if parts.worker is not None:
            parts.worker.start()  # now that the window listens, no report is missed
        self.status.show_endpoint(parts.endpoint)
        if parts.worker is None and parts.not_delivering:
            self.status.showMessage(parts.not_delivering)
        self._show_totals()
        self.refresh_status()
        self.scan_field.setFocus()
        self.scanner = install_scanner(QApplication.instance(), self)  # scans land wherever
        self.sale_keeper = keep_sale(self)  # the basket on disk: back after a crash

    # -- building -------------------------------------------------------------------------------
    def _build_layout(self) -> None:
        scan_font = QFont(self.font())
        scan_font.setPointSize(scan_font.pointSize() + 5)
        self.scan_field.setFont(scan_font)
        self.scan_field.setMinimumHeight(44)
        self.table.setModel(self.basket_model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
        )
        self.table.setAccessibleName(self.tr("Basket"))
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(34)
        # No row numbers: the cashier reads codes and names, and the header would be asked about
        # every row on each scan.
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column, width in enumerate((150, 340, 70, 140, 150)):
            self.table.setColumnWidth(column, width)
        header.setStretchLastSection(True)
        self.table.setAlternatingRowColors(True)
        totals_font = QFont(self.font())
        totals_font.setPointSize(totals_font.pointSize() + 12)
        totals_font.setBold(True)
        self.totals.setFont(totals_font)
        self.totals.setAccessibleName(self.tr("Basket total"))
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Message"))
        button_font = QFont(self.font())
        button_font.setPointSize(button_font.pointSize() + 8)
        button_font.setBold(True)
        self.finish_button.setFont(button_font)
        self.finish_button.setMinimumSize(300, 72)
        self.finish_button.setStyleSheet(
            "QPushButton { background: #1b6e3a; color: white; border-radius: 8px; }"
            "QPushButton:pressed { background: #12522a; }"
        )
        self.finish_button.setAccessibleName(self.tr("Finish sale"))

        bottom = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self.totals)
        left.addWidget(self.message)
        bottom.addLayout(left, 1)
        bottom.addWidget(self.finish_button)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.banner)
        layout.addWidget(self.customer_panel)
        layout.addWidget(self.scan_field)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.setCentralWidget(central)
        self.setStatusBar(self.status)
        QWidget.setTabOrder(self.scan_field, self.table)
        QWidget.setTabOrder(self.table, self.finish_button)
        QWidget.setTabOrder(self.finish_button, self.customer_panel.field)

    def _build_actions(self) -> dict[str, QAction]:
        made: dict[str, QAction] = {}

        def action(name: str, text: str, keys: list[str], slot: Callable[[], object]) -> QAction:
            act = QAction(text, self)
            act.setShortcuts([QKeySequence(key) for key in keys])
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            act.triggered.connect(lambda _checked=False: slot())
            self.addAction(act)
            made[name] = act
            return act

        sale = self.menuBar().addMenu(self.tr("&Sale"))
        for name, text, keys, slot in (
            ("finish", self.tr("Finish sale"), ["F12", "Ctrl+Return", "Ctrl+Enter"], self.finish),
            ("scan", self.tr("Go to the scan field"), ["F6"], self.focus_scan),
            ("customer", self.tr("Customer card or ID"), ["F4"], self.focus_customer),
            ("no_customer", self.tr("No customer"), ["F8"], self.clear_customer),
            (
                "qty",
                self.tr("Change quantity of the selected line"),
                ["F2"],
                lambda: self.edit_selected(QTY),
            ),
            (
                "price",
                self.tr("Change price of the selected line"),
                ["F3"],
                lambda: self.edit_selected(PRICE),
            ),
            ("remove", self.tr("Remove the selected line"), ["Ctrl+Del"], self.remove_selected),
            ("void", self.tr("Void the basket…"), ["Ctrl+Shift+Del"], self.void_basket),
        ):
            sale.addAction(action(name, text, keys, slot))
        queue = self.menuBar().addMenu(self.tr("&Queue"))
        queue.addAction(action("queue", self.tr("Open the order queue"), ["F9"], self.open_queue))
        queue.addAction(
            action("flush", self.tr("Send waiting orders now"), ["Ctrl+F"], self.flush_now)
        )
        admin = self.menuBar().addMenu(self.tr("&Admin"))
        admin.addAction(action("settings", self.tr("Settings…"), ["F10"], self.open_settings))
        admin.addAction(
            action(
                "import_catalog",
                self.tr("Replace the catalog from a CSV file…"),
                [],
                self.import_catalog,
            )
        )
        admin.addAction(
            action("import_customers", self.tr("Replace the customer directory from a CSV file…"), [],
                   self.import_customers)
        )  # fmt: skip
        admin.addAction(action("quit", self.tr("Quit"), ["Ctrl+Q"], self.close))
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        help_menu.addAction(
            action("shortcuts", self.tr("Keyboard shortcuts"), ["F1"], self.show_shortcuts)
        )
        return made

    # -- scanning -------------------------------------------------------------------------------
    def add_scans(self, scans: list[Scan]) -> None:
        added: list[str] = []
        for scan in scans:
            if not self._add_one(scan):
                break
            added.append(scan.code)
        if added:
            self.say(self.tr("Added: %1").replace("%1", ", ".join(added[-5:])))
        self.scan_field.setFocus()

    def _add_one(self, scan: Scan) -> bool:
        product = self.parts.catalog.lookup(scan.code)
        try:
            if product is not None:
                row = self.basket_model.add(product.ref_code, scan.qty, product.price, product.name)
            elif self.settings.allow_unknown_items:
                price = self.ask_price(scan.code)
                if price is None:
                    return False
                row = self.basket_model.add(scan.code, scan.qty, amount_from_text(price))
            else:
                self.scan_field.flash(
                    self.tr(
                        "Unknown item %1: it is not in the catalog. Check the code or call the manager."
                    ).replace("%1", scan.code)
                )
                return False
        except ValidationError as exc:
            self.scan_field.flash(exc.message)
            return False
        index = self.basket_model.index(row, 0)
        self.table.setCurrentIndex(index)  # selects the row (SelectRows), cheaper than selectRow
        self.table.scrollTo(index)
        return True

    def ask_price(self, code: str) -> str | None:
        """An item not in the catalog, when the store allows it: the cashier types its price."""
        text, ok = QInputDialog.getText(
            self, self.tr("Unknown item"),
            self.tr("%1 is not in the catalog. Price for one:").replace("%1", code),
        )  # fmt: skip
        return text if ok and text.strip() else None

    # -- editing --------------------------------------------------------------------------------
    def selected_row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            return rows[0].row()
        return len(self.basket_model.basket) - 1 if len(self.basket_model.basket) else None

    def edit_selected(self, column: int) -> None:
        row = self.selected_row()
        if row is None:
            self.refuse(self.tr("The basket is empty."))
            return
        if column == PRICE and self._price_needs_pin():
            if not self.admin.allow(self, self.tr("change a price")):
                self.scan_field.setFocus()
                return
            self.basket_model.unlocked_row = row
        index = self.basket_model.index(row, column)
        self.table.setFocus()
        self.table.setCurrentIndex(index)
        self.table.edit(index)

    def _editor_closed(self, *_args: object) -> None:
        self.basket_model.unlocked_row = None  # one PIN, one price change
        self.scan_field.setFocus()

    def _price_needs_pin(self) -> bool:
        return self.settings.pin_for_price and self.admin.has_pin

    def remove_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            self.refuse(self.tr("The basket is empty."))
            return
        code = self.basket_model.basket.line(row).ref_code
        self.basket_model.remove(row)
        self.say(self.tr("Removed %1").replace("%1", code))
        self.scan_field.setFocus()

    def void_basket(self, confirm: bool = True) -> None:
        if not len(self.basket_model.basket):
            self.scan_field.setFocus()
            return
        if confirm:
            answer = QMessageBox.question(
                self, self.tr("Void the basket"),
                self.tr("Remove all %n line(s) from the basket?", "", len(self.basket_model.basket)),
                _YES_NO, QMessageBox.StandardButton.No,  # Enter or a scan's Enter: No
            )  # fmt: skip
            if answer != QMessageBox.StandardButton.Yes:
                self.scan_field.setFocus()
                return
        self.basket_model.void()
        self.say(self.tr("Basket voided."))
        self.scan_field.setFocus()

    # -- customer -------------------------------------------------------------------------------
    def focus_customer(self) -> None:
        self.customer_panel.field.setFocus()

    def focus_scan(self) -> None:
        self.scan_field.setFocus()

    def clear_customer(self) -> None:
        self.customer_panel.clear()
        self.scan_field.setFocus()

    # -- finishing ------------------------------------------------------------------------------
    def finish(self) -> None:
        """Build the order, commit it to the outbox, and be ready for the next customer."""
        basket = self.basket_model.basket
        try:
            customer = self.customer_panel.customer()
            if not len(basket):
                raise ValidationError(
                    "order.items", self.tr("The basket is empty: scan at least one item first.")
                )
            now = datetime.now(UTC)
            entry = self.outbox.enqueue_new(
                self.settings.till_id,
                lambda ref: basket.to_order(
                    ref_code=ref, order_date=now, store_attributes=self.settings.store,
                    lang=self.settings.lang, customer=customer,
                ),
            )  # fmt: skip
        except ValidationError as exc:
            self.refuse(exc.message)
            return
        except OutboxError as exc:
            # Nothing was saved: the basket stays as it is, so the sale is not lost.
            self.banner.say(self.tr("NOT SAVED: %1").replace("%1", str(exc)), Tone.BAD)
            return
        total = format_money(basket.subtotal, basket.currency)
        self._last_total = total
        self.basket_model.void()
        self.customer_panel.clear()
        if self.parts.worker is None:
            self.banner.say(
                self.tr("Queued %1: %2").replace("%1", entry.ref_code).replace("%2", self.parts.not_delivering),
                Tone.WAIT, entry.ref_code,
            )  # fmt: skip
        elif self.parts.endpoint in (Endpoint.CREDENTIALS, Endpoint.PAUSED):
            self.banner.say(
                self.tr("Queued %1: sending is paused (see the status bar). Call the manager.").replace(
                    "%1", entry.ref_code
                ),
                Tone.BAD, entry.ref_code,
            )  # fmt: skip
        elif self.parts.endpoint is Endpoint.OFFLINE:
            self._say_queued(entry.ref_code)
        else:
            self.banner.say(
                self.tr("Sending %1 (%2)…").replace("%1", entry.ref_code).replace("%2", total),
                Tone.NEUTRAL, entry.ref_code,
            )  # fmt: skip
        self.say("")
        if self.parts.worker is not None:
            self.parts.worker.wake()
        self.refresh_status()
        self.scan_field.setFocus()

    def _say_queued(self, ref: str) -> None:
        self.banner.say(
            self.tr("Queued (offline) %1: it will be sent by itself").replace("%1", ref),
            Tone.WAIT,
            ref,
        )

    # -- what the worker reports ----------------------------------------------------------------
    def on_delivery_event(self, event: DeliveryEvent) -> None:
        kind = event.outcome.kind if event.outcome is not None else None
        if event.kind in (EventKind.SENT, EventKind.PARKED):
            self.set_endpoint(Endpoint.REACHABLE)
        elif event.kind is EventKind.WILL_RETRY:
            self.set_endpoint(Endpoint.OFFLINE)
        elif event.kind is EventKind.PAUSED:
            credentials = kind is OutcomeKind.CREDENTIALS_REJECTED
            self.set_endpoint(
                Endpoint.CREDENTIALS if credentials else Endpoint.PAUSED, event.reason
            )
        elif event.kind is EventKind.RESUMED:
            self.set_endpoint(Endpoint.UNKNOWN)
        ref = event.ref_code
        if ref is not None and ref == self.banner.ref_code:
            if event.kind is EventKind.SENT:
                self.banner.say(
                    self.tr("Sent %1 (%2)").replace("%1", ref).replace("%2", self._last_total),
                    Tone.GOOD, ref,
                )  # fmt: skip
            elif event.kind is EventKind.WILL_RETRY:
                self._say_queued(ref)
            elif event.kind is EventKind.PARKED:
                reason = event.outcome.describe() if event.outcome is not None else ""
                self.banner.say(
                    self.tr("Needs attention %1: %2 (see the queue, F9)").replace("%1", ref).replace("%2", reason),
                    Tone.BAD, ref,
                )  # fmt: skip
            elif event.kind is EventKind.PAUSED:
                self.banner.say(
                    self.tr("Queued %1: the endpoint refused our credentials. Call the manager.").replace("%1", ref),
                    Tone.BAD, ref,
                )  # fmt: skip
        self._status_timer.start()

    def set_endpoint(self, state: Endpoint, reason: str = "") -> None:
        self.parts.endpoint = state
        self.status.show_endpoint(state, reason)

    def refresh_status(self) -> None:
        try:
            self.status.show_counts(self.outbox.status())
        except OutboxError as exc:
            self.status.showMessage(str(exc))
        if self._queue_dialog is not None and self._queue_dialog.isVisible():
            self._queue_dialog.refresh()

    # -- queue ----------------------------------------------------------------------------------
    def open_queue(self) -> QueueDialog:
        if self._queue_dialog is None:
            from posapp.ui.queue_dialog import QueueDialog

            self._queue_dialog = QueueDialog(
                self.outbox, self.flush_now, self, allow=lambda what: self.admin.allow(self, what)
            )
        self._queue_dialog.refresh()
        self._queue_dialog.show()
        self._queue_dialog.raise_()
        return self._queue_dialog

    def open_queue_parked(self) -> None:
        self.open_queue().show_parked()

    def flush_now(self) -> None:
        if self.parts.worker is not None:
            self.parts.worker.flush_now()
        self.say(self.tr("Sending waiting orders now."))

    # -- feedback -------------------------------------------------------------------------------
    def say(self, text: str) -> None:
        self._message(text, "color: #1f2d3d;")

    def refuse(self, text: str) -> None:
        self._message(text, "color: #b3261e; font-weight: bold;")
        self.scan_field.setFocus()

    def _message(self, text: str, style: str) -> None:
        if self.message.styleSheet() != style:  # restyling costs a relayout: only on a change
            self.message.setStyleSheet(style)
        self.message.setText(text)

    def show_shortcuts(self) -> ShortcutsDialog:
        from posapp.ui.shortcuts_dialog import ShortcutsDialog

        dialog = ShortcutsDialog(self.actions_by_name.values(), self)
        dialog.show()
        return dialog

    def _show_totals(self) -> None:
        basket = self.basket_model.basket
        self.totals.setText(
            self.tr("Total %1   (%n item(s))", "", basket.item_count).replace(
                "%1", format_money(basket.subtotal, basket.currency)
            )
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.first_painted.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        """With a basket it asks first (No by default); in kiosk mode it needs the admin PIN."""
        if not self._may_close and len(self.basket_model.basket):
            lines = len(self.basket_model.basket)
            answer = QMessageBox.question(
                self, self.tr("Quit"),
                self.tr("Quit with %n line(s) in the basket? They come back when posapp starts again.", "", lines)
                if self.sale_keeper is not None
                else self.tr("Quit with %n line(s) in the basket? They will be lost.", "", lines),
                _YES_NO, QMessageBox.StandardButton.No,
            )  # fmt: skip
            if answer != QMessageBox.StandardButton.Yes:
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
            self.show()

    def open_settings(self) -> SettingsDialog | None:
        if not self.admin.allow(self, self.tr("change the settings")):
            return None
        from posapp.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.settings, first_run=False, parent=self)
        dialog.accepted.connect(lambda: self._settings_saved(dialog))
        dialog.show()
        return dialog

    def _settings_saved(self, dialog: SettingsDialog) -> None:
        assert dialog.result_settings is not None
        try:
            store_settings(self.parts.profile, dialog.result_settings, dialog.result_token)
        except (CredentialsError, OSError) as exc:
            QMessageBox.warning(self, self.tr("Settings"), str(exc))
            return
        self.apply_settings(dialog.result_settings, dialog.result_token)

    def apply_settings(self, settings: Settings, token: SiteToken | None) -> None:
        """New settings take effect now: the worker sends with the new credentials."""
        old = self.settings
        self.settings = self.parts.settings = settings
        self.admin.set_hash(settings.admin_pin_hash)
        self.basket_model.price_needs_unlock = self._price_needs_pin()
        if settings.currency != old.currency and not len(self.basket_model.basket):
            self.basket_model.set_currency(settings.currency)
        self.customer_panel.set_info_keys(settings.info_keys)
        self.setWindowTitle(self.tr("posapp: till %1").replace("%1", settings.till_id or "?"))
        worker = self.parts.worker
        if worker is not None and (token is not None or _endpoint_changed(old, settings)):
            worker.reconnect(connector(settings, token))
        self.say(self.tr("Settings saved; they apply from now on."))
        self.scan_field.setFocus()

    def import_catalog(self, path: Path | None = None) -> None:
        self._import("catalog", self.parts.profile.catalog_file, path)

    def import_customers(self, path: Path | None = None) -> None:
        self._import("customers", self.parts.profile.customers_file, path)

    def _import(self, kind: str, target: Path, path: Path | None) -> None:
        if not self.admin.allow(self, self.tr("replace the %1").replace("%1", kind)):
            return
        if path is None:
            name, _ = QFileDialog.getOpenFileName(
                self, self.tr("CSV file"), str(Path.home()), "CSV (*.csv *.txt)"
            )
            if not name:
                return
            path = Path(name)
        from posapp.ui.import_dialog import import_file

        import_file(self, kind, path, target, self.settings.currency, self.settings.lang, self.say)


_YES_NO = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No


def _endpoint_changed(old: Settings, new: Settings) -> bool:
    keys = ("site", "environment", "domain", "endpoint", "channel")
    return any(getattr(old, key) != getattr(new, key) for key in keys)
