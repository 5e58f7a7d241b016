"""First-run setup and, later, the settings (behind the admin PIN): one form for both.

The form's rows come from the settings' declarations (``Settings``: label, kind, placeholder);
each kind has its widget here. Every field is checked with the same rules as the settings file,
and a mistake is shown at the field. A setting the machine-wide file locks is shown read-only,
with the reason. "Check connection" posts an empty body on a background thread and says, in
plain words, what the endpoint's answer means. The keyring is asked on a background thread too.
The site token goes to the keyring, never to the file. The form scrolls; the buttons stay.
"""

from __future__ import annotations

import os
from collections.abc import Collection
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from posapp.domain.errors import Message, ValidationError
from posapp.i18n import fill
from posapp.setup.admin_pin import parse_pin
from posapp.setup.credentials import CREDENTIAL_NAME, TOKEN_ENV, keyring_backend
from posapp.setup.settings import FIELDS, Settings
from posapp.tracker.check import ConnectionCheck, check_connection
from posapp.tracker.network import Network
from posapp.tracker.token import SiteToken
from posapp.ui.background import op, run_in_background
from posapp.ui.domain_text import error_text, message_text
from posapp.ui.settings_accessible import describe_settings
from posapp.ui.settings_inputs import (
    input_text,
    label_text,
    make_input,
    make_read_only,
    set_input_text,
)
from posapp.ui.settings_saving import finish_settings
from posapp.ui.theme import colour_label
from posapp.ui.till_messages import Tone
from posapp.ui.wrapping_scroll import WrappingScrollArea

_NETWORK_KEYS = ("proxy", "trust_environment", "certificates", "ca_file")
_ENDPOINT_KEYS = ("environment", "site", "domain", "endpoint", *_NETWORK_KEYS)
PIN_KEY = "admin_pin_hash"
WIDEST, TALLEST = 920, 780  # what the form wants; a smaller screen gets a smaller dialog


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
        self.saving = False  # the file checks and the PIN's hash are running in the background
        self.check_result: ConnectionCheck | None = None
        self.keyring_found: bool | None = None  # None until the keyring has answered
        self.setWindowTitle(self.tr("Set up this till") if first_run else self.tr("Till settings"))

        self.token = QLineEdit()
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.token.setPlaceholderText(
            self.tr("the site token from the vendor")
            if first_run
            else self.tr("leave empty to keep the stored token")
        )
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setPlaceholderText(
            self.tr("4 to 12 digits")
            if not settings.admin_pin_hash
            else self.tr("leave empty to keep the PIN")
        )
        self.pin_again = QLineEdit()
        self.pin_again.setEchoMode(QLineEdit.EchoMode.Password)

        self.inputs: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.notes: dict[str, QLabel] = {}
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        for key, declared in FIELDS.items():
            if key == _NETWORK_KEYS[0]:  # "Settings > Network", as Check connection says
                self.network_heading = QLabel(self.tr("Network"))
                self.network_heading.setStyleSheet("font-weight: bold; margin-top: 6px;")
                self.form.addRow(self.network_heading)
            if declared.label:
                self.inputs[key] = make_input(declared, getattr(settings, key))
                label = "" if declared.kind == "flag" else label_text(declared.label)
                self._add_row(key, label, self.inputs[key], label_text(declared.label))
            if key == "endpoint":
                self._add_row("site_token", self.tr("Site token"), self.token)
        self._add_row("admin_pin", self.tr("Admin PIN"), self.pin)
        self._add_row("admin_pin_again", self.tr("Admin PIN again"), self.pin_again)
        self._show_locks()

        self.check_button = QPushButton(self.tr("Check connection"))
        self.check_button.clicked.connect(self.check_connection)
        self.check_label = QLabel()
        self.check_label.setWordWrap(True)
        self.problem = QLabel(problem)
        self.problem.setWordWrap(True)
        colour_label(self.problem, Tone.BAD.value)
        self.problem.setVisible(bool(problem))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        inner = QWidget()
        stack = QVBoxLayout(inner)
        stack.addLayout(self.form)
        stack.addStretch(1)  # spare height goes below the form, not into the store box
        self.form_scroll = WrappingScrollArea()  # a wrapped error gets all its lines
        self.form_scroll.setWidgetResizable(True)
        self.form_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.form_scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.addWidget(self.problem)
        layout.addWidget(self.form_scroll, 1)
        layout.addWidget(self.check_button)
        layout.addWidget(self.check_label)
        layout.addWidget(self.buttons)
        describe_settings(self)  # names and descriptions for a screen reader
        screen = self.screen() or QGuiApplication.primaryScreen()
        self.fit_to(screen.availableGeometry())
        self._ask_keyring()

    def _add_row(self, key: str, label: str, widget: QWidget, name: str = "") -> None:
        """One row: the widget, then its note and its error, shown only when they say
        something (hidden lines in the cell take no room)."""
        widget.setAccessibleName(name or label or key)
        cell = QWidget()
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        for labels, tone in ((self.notes, Tone.NEUTRAL), (self.errors, Tone.BAD)):
            line = QLabel()
            colour_label(line, tone.value, bold=tone is Tone.BAD)
            line.setWordWrap(True)
            line.hide()
            column.addWidget(line)
            labels[key] = line
        self.form.addRow(label, cell)

    def _show_locks(self) -> None:
        """The settings the machine-wide file locks: read-only, and why."""
        why = self.tr("Locked by the administrator in %1; it can only be changed there.")
        why = fill(why, self.original.locked_by)
        locked = [key for key in self.inputs if self.original.is_locked(key)]
        if self.original.is_locked(PIN_KEY):
            locked.append(PIN_KEY)
            for widget in (self.pin, self.pin_again):
                make_read_only(widget)
            self.pin.setPlaceholderText(self.tr("set for this machine by the administrator"))
        for key in locked:
            if key in self.inputs:
                make_read_only(self.inputs[key])
                self.inputs[key].setToolTip(why)
            self.say_note("admin_pin" if key == PIN_KEY else key, why)

    def fit_to(self, available: QRect) -> None:
        """At most the size the form wants, at most the screen's space: the form scrolls."""
        self.resize(min(WIDEST, available.width() - 40), min(TALLEST, available.height() - 60))

    # -- the keyring, asked off the GUI thread ---------------------------------------------------
    def _ask_keyring(self) -> None:
        self.say_note("site_token", self.tr("Checking the keyring…"))
        run_in_background(
            self,
            lambda: keyring_backend() is not None,
            self._keyring_answered,
            self._keyring_failed,
        )

    def _keyring_answered(self, found: bool) -> None:
        self.keyring_found = found
        self.say_note("site_token", "")
        if not found:
            self.show_error("site_token", self._no_keyring())

    def _keyring_failed(self, exc: Exception) -> None:
        self.keyring_found = False
        self.say_note("site_token", "")
        self.show_error("site_token", f"{exc} {self._no_keyring()}")

    def _no_keyring(self) -> str:
        """``NO_BACKEND_HELP`` in the window's language."""
        return fill(
            self.tr(
                "No usable keyring was found on this machine (a headless kiosk usually has "
                "none). Either give the token as the systemd credential %1 (LoadCredential=), "
                "or in the environment variable %2, or run a keyring daemon such as "
                "gnome-keyring in the session."
            ),
            CREDENTIAL_NAME,
            TOKEN_ENV,
        )

    # -- reading the form ----------------------------------------------------------------------
    def set_field(self, key: str, text: str) -> None:
        """Type ``text`` into a setting's widget (a flag takes "true" or "false")."""
        set_input_text(self.inputs[key], text)

    def field_text(self, key: str) -> str:
        return input_text(self.inputs[key])

    def say_note(self, key: str, message: str) -> None:
        self.notes[key].setText(message)
        self.notes[key].setVisible(bool(message))

    def show_error(self, key: str, message: str) -> None:
        label = self.errors[key]
        label.setText(message)
        label.setVisible(bool(message))

    def _form_settings(self, keys: Collection[str]) -> tuple[Settings, bool]:
        """The original settings with the form's values of ``keys`` (those not locked)."""
        settings, ok = self.original, True
        for key in self.inputs:
            if key not in keys or self.original.is_locked(key):
                continue
            try:
                if FIELDS[key].kind == "table":
                    settings = self._with_table(settings, key)
                else:
                    # the checks that read files run off the GUI thread (settings_saving)
                    settings = settings.with_value(key, self.field_text(key), checked=False)
            except ValidationError as exc:
                self.show_error(key, error_text(exc))
                ok = False
        return settings, ok

    def _with_table(self, settings: Settings, key: str) -> Settings:
        """``name = value`` lines; every line is checked as ``config set KEY.name`` would."""
        empty: dict[str, Any] = {key: {}}
        changed = replace(settings, **empty)
        for number, line in enumerate(self.field_text(key).splitlines(), start=1):
            if not line.strip():
                continue
            name, sep, value = line.partition("=")
            if not sep:
                raise ValidationError(key, f"Line {number}: write it as name = value.")
            changed = changed.with_value(f"{key}.{name.strip()}", value)
        return changed

    def collect(self) -> tuple[Settings, SiteToken | None, str | None] | None:
        """The form as settings, token and a new admin PIN (hashed by ``save``, off the GUI
        thread); None (with messages at the fields) when wrong."""
        for label in self.errors.values():
            label.hide()
        settings, ok = self._form_settings(self.inputs)
        for key in settings.missing():
            if self.errors[key].isHidden():  # a clearer message may already be there
                self.show_error(key, self.tr("Needed before the till can send orders."))
            ok = False
        token: SiteToken | None = None
        if self.token.text().strip():
            try:
                token = SiteToken(self.token.text())
            except ValidationError as exc:
                self.show_error("site_token", error_text(exc))
                ok = False
        elif self.first_run and not os.environ.get(TOKEN_ENV):
            self.show_error(
                "site_token", self.tr("The site token is needed (or set POSAPP_SITE_TOKEN).")
            )
            ok = False
        new_pin: str | None = None
        if not settings.is_locked(PIN_KEY) and (self.pin.text() or not settings.admin_pin_hash):
            if self.pin.text() != self.pin_again.text():
                self.show_error("admin_pin_again", self.tr("The two PINs differ."))
                ok = False
            else:
                try:
                    new_pin = parse_pin(self.pin.text())
                except ValidationError as exc:
                    self.show_error("admin_pin", error_text(exc))
                    ok = False
        return (settings, token, new_pin) if ok else None

    def save(self) -> None:
        """Check the form; then, off the GUI thread, the files it names and the PIN's hash;
        the dialog closes when those are done, or names the field that failed."""
        collected = self.collect()
        if collected is None or self.saving:
            return
        settings, token, new_pin = collected
        self.saving = True
        self.buttons.setEnabled(False)

        def saved(finished: Settings) -> None:
            self.saving = False
            self.buttons.setEnabled(True)
            self.result_settings, self.result_token = finished, token
            self.accept()

        def refused(exc: Exception) -> None:
            self.saving = False
            self.buttons.setEnabled(True)
            if isinstance(exc, ValidationError) and exc.field in self.errors:
                self.show_error(exc.field, error_text(exc))
            else:
                self.show_error("site", str(exc))

        op(self, lambda: finish_settings(settings, self.inputs, new_pin)).success(saved).failure(
            refused
        ).run()

    # -- checking the connection ---------------------------------------------------------------
    def check_connection(self) -> None:
        """Post an empty body on a background thread (the stored token is read there too)."""
        for key in _ENDPOINT_KEYS:
            self.show_error(key, "")
        settings, ok = self._form_settings(_ENDPOINT_KEYS)
        if not ok:
            first = next(self.errors[k].text() for k in _ENDPOINT_KEYS if self.errors[k].text())
            self.say_check(_as_said(first))
            return
        try:
            url = settings.endpoint_url()
            typed = SiteToken(self.token.text()) if self.token.text().strip() else None
        except ValidationError as exc:
            self.say_check(_as_said(error_text(exc)))
            return
        no_token = _as_said(self.tr("Type the site token first."))

        def work() -> ConnectionCheck:
            token = typed or self.stored_token()
            if token is None:
                return no_token
            return check_connection(
                url, settings.site, token, settings.channel, Network.of(settings)
            )

        self.check_button.setEnabled(False)
        colour_label(self.check_label, None)
        self.check_label.setText(self.tr("Checking…"))
        run_in_background(self, work, self.say_check, self._check_failed)

    def _check_failed(self, exc: Exception) -> None:
        """The check could not start (a CA file that is not there): said at the check."""
        said = error_text(exc) if isinstance(exc, ValidationError) else str(exc)
        self.say_check(_as_said(said))

    def stored_token(self) -> SiteToken | None:
        """The token already kept for this site (only for the settings, not the first run).
        It asks the keyring: call it off the GUI thread."""
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
        colour_label(self.check_label, (Tone.GOOD if result.ok else Tone.BAD).value)
        self.check_label.setText(message_text(result.text))


def _as_said(text: str) -> ConnectionCheck:
    """A failed check the window words itself (already in its language)."""
    return ConnectionCheck(False, Message("%1", (text,)))
