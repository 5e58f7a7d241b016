"""First-run setup and, later, the settings (behind the admin PIN): one form for both.

Every field is checked with the same rules as the settings file, and a mistake is shown at the
field. "Check connection" posts an empty body on a background thread and says, in plain words,
what the endpoint's answer means. The site token goes to the keyring, never to the file.
"""

from __future__ import annotations

import os
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from posapp.domain.errors import ValidationError
from posapp.setup.admin_pin import hash_pin
from posapp.setup.credentials import NO_BACKEND_HELP, TOKEN_ENV, keyring_backend
from posapp.setup.settings import Settings
from posapp.tracker.check import ConnectionCheck, check_connection
from posapp.tracker.endpoint import DOMAINS, ENVIRONMENTS
from posapp.tracker.token import SiteToken
from posapp.ui.background import run_in_background

_ERROR_STYLE = "color: #b3261e; font-weight: bold;"


class SettingsDialog(QDialog):
    """``result_settings``, ``result_token`` (None: keep the stored one) after ``accept()``."""

    def __init__(
        self,
        settings: Settings,
        *,
        first_run: bool,
        problem: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.first_run = first_run
        self.original = settings
        self.result_settings: Settings | None = None
        self.result_token: SiteToken | None = None
        self.check_result: ConnectionCheck | None = None
        self.setWindowTitle(self.tr("Set up this till") if first_run else self.tr("Till settings"))
        self.resize(920, 780)

        self.environment = QComboBox()
        self.environment.addItems(list(ENVIRONMENTS))
        self.environment.setCurrentText(settings.environment)
        self.site = QLineEdit(settings.site)
        self.domain = QComboBox()
        self.domain.addItems(list(DOMAINS))
        self.domain.setCurrentText(settings.domain)
        self.endpoint = QLineEdit(settings.endpoint)
        self.endpoint.setPlaceholderText(
            self.tr("optional: an explicit URL, overrides the three above")
        )
        self.token = QLineEdit()
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.token.setPlaceholderText(
            self.tr("the site token from the vendor")
            if first_run
            else self.tr("leave empty to keep the stored token")
        )
        self.till_id = QLineEdit(settings.till_id)
        self.till_id.setPlaceholderText(self.tr("for example REGENT-01, different on every till"))
        self.store = QPlainTextEdit("\n".join(f"{k} = {v}" for k, v in settings.store.items()))
        self.store.setPlaceholderText("store = StreamlyCool Regent Street\nstorePostcode = W1B 4HX")
        self.store.setFixedHeight(90)
        self.currency = QLineEdit(settings.currency)
        self.lang = QLineEdit(settings.lang)
        self.info_keys = QLineEdit(", ".join(settings.info_keys))
        self.info_keys.setPlaceholderText(self.tr("keys agreed with the vendor, e.g. gender, diet"))
        self.allow_unknown = QCheckBox(
            self.tr("Cashiers may sell items that are not in the catalog")
        )
        self.allow_unknown.setChecked(settings.allow_unknown_items)
        self.kiosk = QCheckBox(self.tr("Kiosk mode: full screen, closing needs the admin PIN"))
        self.kiosk.setChecked(settings.kiosk)
        self.pin_for_price = QCheckBox(self.tr("A price override needs the admin PIN"))
        self.pin_for_price.setChecked(settings.pin_for_price)
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setPlaceholderText(
            self.tr("4 to 12 digits")
            if not settings.admin_pin_hash
            else self.tr("leave empty to keep the PIN")
        )
        self.pin_again = QLineEdit()
        self.pin_again.setEchoMode(QLineEdit.EchoMode.Password)

        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        for key, label, widget in (
            ("environment", self.tr("Environment"), self.environment),
            ("site", self.tr("Site code"), self.site),
            ("domain", self.tr("Production domain"), self.domain),
            ("endpoint", self.tr("Endpoint URL"), self.endpoint),
            ("site_token", self.tr("Site token"), self.token),
            ("till_id", self.tr("Till ID"), self.till_id),
            ("store", self.tr("Store details (name = value)"), self.store),
            ("currency", self.tr("Currency"), self.currency),
            ("lang", self.tr("Language"), self.lang),
            ("info_keys", self.tr("Customer details"), self.info_keys),
            ("allow_unknown_items", "", self.allow_unknown),
            ("kiosk", "", self.kiosk),
            ("pin_for_price", "", self.pin_for_price),
            ("admin_pin", self.tr("Admin PIN"), self.pin),
            ("admin_pin_again", self.tr("Admin PIN again"), self.pin_again),
        ):
            widget.setAccessibleName(label or key)
            form.addRow(label, widget)
            error = QLabel()
            error.setStyleSheet(_ERROR_STYLE)
            error.setWordWrap(True)
            error.hide()
            form.addRow("", error)
            self.errors[key] = error
        if keyring_backend() is None:
            self.show_error("site_token", NO_BACKEND_HELP)

        self.check_button = QPushButton(self.tr("Check connection"))
        self.check_button.clicked.connect(self.check_connection)
        self.check_label = QLabel()
        self.check_label.setWordWrap(True)
        self.problem = QLabel(problem)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(_ERROR_STYLE)
        self.problem.setVisible(bool(problem))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)

        inner = QWidget()
        inner.setLayout(form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.addWidget(self.problem)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.check_button)
        layout.addWidget(self.check_label)
        layout.addWidget(buttons)

    # -- checking -------------------------------------------------------------------------------
    def show_error(self, key: str, message: str) -> None:
        label = self.errors[key]
        label.setText(message)
        label.setVisible(bool(message))

    def collect(self) -> tuple[Settings, SiteToken | None] | None:
        """The form as settings and token; None (with messages at the fields) when wrong."""
        for label in self.errors.values():
            label.hide()
        settings = self.original
        ok = True
        for key, text in (
            ("environment", self.environment.currentText()),
            ("site", self.site.text()),
            ("domain", self.domain.currentText()),
            ("endpoint", self.endpoint.text()),
            ("till_id", self.till_id.text()),
            ("currency", self.currency.text()),
            ("lang", self.lang.text()),
            ("info_keys", self.info_keys.text()),
        ):
            try:
                settings = settings.with_value(key, text)
            except ValidationError as exc:
                self.show_error(key, exc.message)
                ok = False
        store: dict[str, str] = {}
        for number, line in enumerate(self.store.toPlainText().splitlines(), start=1):
            if not line.strip():
                continue
            name, sep, value = line.partition("=")
            try:
                if not sep:
                    raise ValidationError("store", f"Line {number}: write it as name = value.")
                store = dict(
                    replace(settings, store=store).with_value(f"store.{name.strip()}", value).store
                )
            except ValidationError as exc:
                self.show_error("store", exc.message)
                ok = False
        settings = replace(
            settings, store=store, allow_unknown_items=self.allow_unknown.isChecked(),
            kiosk=self.kiosk.isChecked(), pin_for_price=self.pin_for_price.isChecked(),
        )  # fmt: skip
        for key in settings.missing():
            if self.errors[key].isHidden():  # a clearer message may already be there
                self.show_error(key, self.tr("Needed before the till can send orders."))
            ok = False
        token: SiteToken | None = None
        if self.token.text().strip():
            try:
                token = SiteToken(self.token.text())
            except ValidationError as exc:
                self.show_error("site_token", exc.message)
                ok = False
        elif self.first_run and not os.environ.get(TOKEN_ENV):
            self.show_error(
                "site_token", self.tr("The site token is needed (or set POSAPP_SITE_TOKEN).")
            )
            ok = False
        pin_hash = settings.admin_pin_hash
        if self.pin.text() or not pin_hash:
            if self.pin.text() != self.pin_again.text():
                self.show_error("admin_pin_again", self.tr("The two PINs differ."))
                ok = False
            else:
                try:
                    pin_hash = hash_pin(self.pin.text())
                except ValidationError as exc:
                    self.show_error("admin_pin", exc.message)
                    ok = False
        return (replace(settings, admin_pin_hash=pin_hash), token) if ok else None

    def save(self) -> None:
        collected = self.collect()
        if collected is None:
            return
        self.result_settings, self.result_token = collected
        self.accept()

    def check_connection(self) -> None:
        """Post an empty body on a background thread; the answer lands back here."""
        try:
            settings = self.original
            for key, text in (
                ("environment", self.environment.currentText()), ("site", self.site.text()),
                ("domain", self.domain.currentText()), ("endpoint", self.endpoint.text()),
            ):  # fmt: skip
                settings = settings.with_value(key, text)
            url = settings.endpoint_url()
            token = (
                SiteToken(self.token.text()) if self.token.text().strip() else self.stored_token()
            )
        except ValidationError as exc:
            self.say_check(ConnectionCheck(False, exc.message))
            return
        if token is None:
            self.say_check(ConnectionCheck(False, self.tr("Type the site token first.")))
            return
        self.check_button.setEnabled(False)
        self.check_label.setStyleSheet("")
        self.check_label.setText(self.tr("Checking…"))
        run_in_background(
            self,
            lambda: check_connection(url, settings.site, token, settings.channel),
            self.say_check,
            lambda exc: self.say_check(ConnectionCheck(False, str(exc))),
        )

    def stored_token(self) -> SiteToken | None:
        """The token already kept for this site (only for the settings, not the first run)."""
        if self.first_run or not self.original.site:
            return None
        from posapp.setup.credentials import CredentialsError, load_token

        try:
            return load_token(self.original.site).token
        except CredentialsError:
            return None

    def say_check(self, result: ConnectionCheck) -> None:
        self.check_result = result
        self.check_button.setEnabled(True)
        self.check_label.setStyleSheet(
            "color: #0b6e2e; font-weight: bold;" if result.ok else _ERROR_STYLE
        )
        self.check_label.setText(result.message)
