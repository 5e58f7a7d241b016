"""What the core finds, said in the window's language: Check connection's result (the sandbox
on 127.0.0.1, over HTTP and HTTPS with a test CA) and the import preview's summary and details
(real SQLite files), in a German window with German digits; the command line's English stays.
Real widgets on the offscreen platform."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from posapp.lists.imports import ListKind, details, import_list, summary
from posapp.lists.listfile import ImportPlan
from posapp.setup.profile import Profile
from posapp.setup.settings import Settings
from posapp.till import Till
from posapp.tracker.sandbox import Sandbox
from posapp.ui import translations
from posapp.ui.import_dialog import ImportPreview, restore_previous
from posapp.ui.main_window import MainWindow, use_language
from posapp.ui.settings_dialog import SettingsDialog
from tests.conftest import SITE, TOKEN
from tests.integration.network_servers import connect_proxy, dead_port, https_sandbox, make_ca

WAIT = 20_000


@pytest.fixture(autouse=True)
def no_proxy_from_outside(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def german(qapp: QApplication, tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A German window with German digits ("1.204"); English again afterwards."""
    translations.language().cache = tmp_path_factory.getbasetemp() / "qm"
    digits = QLocale()
    assert use_language("de")
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    yield
    QLocale.setDefault(digits)
    use_language("en")


def checked(qtbot: QtBot, dialog: SettingsDialog) -> tuple[str, str]:
    """(what the window shows, the English) of one click on Check connection."""
    dialog.check_result = None
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.check_result is not None, timeout=WAIT)
    assert dialog.check_result is not None
    return dialog.check_label.text(), dialog.check_result.message


def setup_dialog(qtbot: QtBot, url: str, token: str, site: str = SITE) -> SettingsDialog:
    dialog = SettingsDialog(Settings(site=site, endpoint=url, till_id="T-1"), first_run=True)
    qtbot.addWidget(dialog)
    dialog.token.setText(token)
    return dialog


def test_a_german_window_says_the_checks_result_in_german(
    qtbot: QtBot, sandbox: Sandbox, german: None
) -> None:
    dialog = setup_dialog(qtbot, sandbox.url, "not-the-token")
    shown, english = checked(qtbot, dialog)
    assert shown == (
        "Der Endpunkt hat den Site-Code oder das Site-Token abgelehnt: bitte beides prüfen."
    )
    assert english == "The endpoint refused the site code or the site token: check both."
    dialog.token.setText(TOKEN)
    shown, english = checked(qtbot, dialog)
    assert shown.startswith("Verbunden: Site und Token wurden angenommen.")
    assert english.startswith("Connected: the site and token were accepted.")
    sandbox.go_offline()
    shown, english = checked(qtbot, dialog)
    assert shown.startswith("Keine Antwort vom Endpunkt (vorübergehender Fehler - ")
    assert shown.endswith("). Netzwerk, Umgebung und Site-Namen bzw. Endpunkt-URL prüfen.")
    assert english.startswith("No answer from the endpoint (transient - ")


def test_a_german_window_names_the_certificate_and_proxy_causes_in_german(
    qtbot: QtBot, tmp_path: Path, german: None
) -> None:
    ca = make_ca(tmp_path)
    with https_sandbox(ca, token=TOKEN) as sandbox, connect_proxy() as (proxy, _seen):
        dialog = setup_dialog(qtbot, sandbox.url, TOKEN, site="mysite")
        shown, english = checked(qtbot, dialog)
        assert shown == (
            "Das Zertifikat des Endpunkts ist für diese Kasse nicht vertrauenswürdig: Wenn Ihr "
            "Netzwerk HTTPS prüft, die CA-Datei der Firma unter Einstellungen > Netzwerk "
            "eintragen."
        )
        assert english.startswith("The endpoint's certificate is not trusted by this till")
        dialog.set_field("ca_file", str(ca.pem))
        port = dead_port()
        dialog.set_field("proxy", f"http://till:s3cret@127.0.0.1:{port}")
        shown, english = checked(qtbot, dialog)
        assert shown == (
            f"Der Proxy unter 127.0.0.1:{port} antwortet nicht: Proxy-Einstellung und "
            "Netzwerk prüfen."
        )
        assert english.startswith(f"The proxy at 127.0.0.1:{port} did not answer")
        dialog.set_field("proxy", proxy)
        shown, _english = checked(qtbot, dialog)
        assert shown.startswith("Verbunden: ")
    with https_sandbox(ca, expired=True, token=TOKEN) as sandbox:
        dialog.set_field("proxy", "")
        dialog.set_field("endpoint", sandbox.url)
        shown, english = checked(qtbot, dialog)
        assert shown.startswith("Das Zertifikat des Endpunkts (")
        assert shown.endswith(
            ") ist abgelaufen; ist das Datum dieser Kasse falsch, bitte korrigieren, sonst den "
            "Anbieter informieren."
        )
        assert "has expired" in english


def catalog_file(path: Path, rows: int, extra: str = "") -> Path:
    lines = ["refCode,name,price,barcode"]
    lines += [f"P{n:05d},Product {n},{n % 90 + 1}.50," for n in range(rows)]
    path.write_text("\n".join(lines) + "\n" + extra, encoding="utf-8")
    return path


def checked_import(tmp_path: Path, extra: str) -> ImportPlan:
    """A file of 1,204 products (and ``extra`` rows) checked against a catalog of 1,200."""
    target = tmp_path / "catalog.sqlite3"
    first = import_list(ListKind.CATALOG, catalog_file(tmp_path / "old.csv", 1_200), target, "GBP")
    assert first.replaced
    new = catalog_file(tmp_path / "neu.csv", 1_204, extra)
    text = new.read_text(encoding="utf-8").replace("P00007,Product 7,8.50", "P00007,Product 7,80")
    new.write_text(text, encoding="utf-8")
    return import_list(ListKind.CATALOG, new, target, "GBP", check_only=True)


PARENTS: list[QWidget] = []  # kept while a test reads its preview


def preview(qtbot: QtBot, plan: ImportPlan) -> ImportPreview:
    parent = QWidget()
    qtbot.addWidget(parent)
    PARENTS.append(parent)
    return ImportPreview(plan, parent)


def test_a_german_window_shows_the_import_preview_in_german_with_german_digits(
    qtbot: QtBot, tmp_path: Path, german: None
) -> None:
    plan = checked_import(tmp_path, "BAD1,Broken,call us,\nBAD2,Broken too,?,\n")
    shown = preview(qtbot, plan)
    assert shown.summary.text() == (
        "1.204 Produkte in neu.csv: 4 neu, 0 entfernt, 1 mit neuem Preis; 2 Zeilen abgelehnt "
        "(der Katalog hat derzeit 1.200)"
    )
    lines = shown.details.toPlainText().splitlines()
    assert lines[:2] == ["Größte Preisänderungen:", "  P00007: 8.50 -> 80.00 (+841%)"]
    assert lines[2] == "Abgelehnte Zeilen:"
    assert lines[3] == "  Zeile 1206: Preis 'call us' ist kein Geldbetrag; so eingeben: 12.50."
    assert lines[4] == "  Zeile 1207: Preis '?' ist kein Geldbetrag; so eingeben: 12.50."
    # the command line prints the English, as it always did
    assert str(summary(plan)) == (
        "1,204 products in neu.csv: 4 added, 0 removed, 1 with a new price; 2 row(s) rejected "
        "(the catalog has 1,200 now)"
    )
    assert [str(line) for line in details(plan)][:4] == [
        "Largest price changes:",
        "  P00007: 8.50 -> 80.00 (+841%)",
        "Rejected rows:",
        f"  line 1206: {plan.rejected[0].reason}",
    ]


def test_one_rejected_row_is_one_in_german_and_in_english(
    qtbot: QtBot, tmp_path: Path, german: None
) -> None:
    plan = checked_import(tmp_path, "BAD1,Broken,call us,\n")
    assert (
        preview(qtbot, plan)
        .summary.text()
        .endswith("; 1 Zeile abgelehnt (der Katalog hat derzeit 1.200)")
    )
    use_language("en")
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    assert preview(qtbot, plan).summary.text() == (
        "1,204 products in neu.csv: 4 added, 0 removed, 1 with a new price; 1 row rejected "
        "(the catalog has 1,200 now)"
    )
    assert "1 row(s) rejected" in str(summary(plan))  # the command line, unchanged


def test_the_restore_question_counts_the_previous_list_in_the_language(
    qtbot: QtBot, tmp_path: Path, german: None
) -> None:
    target = tmp_path / "catalog.sqlite3"
    for name, rows in (("eins.csv", 1), ("neu.csv", 1_204)):
        path = catalog_file(tmp_path / name, rows)
        assert import_list(ListKind.CATALOG, path, target, "GBP").replaced
    asked: list[str] = []
    said: list[str] = []
    parent = QWidget()
    qtbot.addWidget(parent)
    restore_previous(parent, ListKind.CATALOG, target, lambda q: bool(asked.append(q)), said.append)
    qtbot.waitUntil(lambda: bool(said), timeout=WAIT)
    (question,) = asked
    assert "(1 Produkt, " in question and "eins.csv" in question


def test_a_german_window_says_why_a_file_cannot_replace_the_catalog_and_what_to_confirm(
    qtbot: QtBot, tmp_path: Path, german: None
) -> None:
    plan = checked_import(tmp_path, "".join(f"BAD{n},Broken,?,\n" for n in range(20)))
    refused = preview(qtbot, plan)
    assert refused.verdict.text() == (
        "Diese Datei kann Katalog nicht ersetzen: 20 von 1.224 Zeilen (1.6%) sind unbrauchbar "
        "und gingen verloren (höchstens 1 % sind erlaubt; diese Zeilen korrigieren oder mehr "
        "zulassen)."
    )
    assert not refused.replace_button.isEnabled()
    assert plan.refused.startswith("20 of 1,224 rows (1.6%) cannot be used")  # the CLI's
    target = tmp_path / "catalog.sqlite3"
    small = import_list(
        ListKind.CATALOG, catalog_file(tmp_path / "klein.csv", 500), target, "GBP", check_only=True
    )
    assert preview(qtbot, small).confirm.text() == (
        "Ja, trotzdem ersetzen: der Katalog würde von 1.200 auf 500 Produkte schrumpfen"
    )
    assert small.to_confirm == ["the catalog would shrink from 1,200 to 500 products"]


def test_a_german_window_says_why_rows_were_rejected_in_german(
    qtbot: QtBot, tmp_path: Path, german: None
) -> None:
    plan = checked_import(tmp_path, "P00001,Twice,1.00,\nlonely\nP99999,Bad,1.00,12X\n")
    lines = preview(qtbot, plan).details.toPlainText().splitlines()
    rejected = lines[lines.index("Abgelehnte Zeilen:") + 1 :]
    assert rejected == [
        "  Zeile 1206: refCode P00001 kommt doppelt vor (zuerst in Zeile 3)",
        "  Zeile 1207: braucht refCode, Name und Preis",
        "  Zeile 1208: Strichcode '12X' darf nur Ziffern haben (EAN)",
    ]
    assert [str(row) for row in plan.rejected] == [  # the command line's words, as before
        "line 1206: refCode P00001 appears twice (first on line 3)",
        "line 1207: needs refCode, name and price",
        "line 1208: barcode '12X' must be digits (EAN)",
    ]


def test_a_german_settings_form_refuses_a_proxy_and_a_ca_file_in_german(
    qtbot: QtBot, tmp_path: Path, german: None
) -> None:
    dialog = setup_dialog(qtbot, "https://127.0.0.1:1/x", "t" * 20)
    dialog.set_field("proxy", "socks5://proxy.example:1080")
    dialog.set_field("ca_file", str(tmp_path / "fehlt.pem"))
    dialog.save()
    qtbot.waitUntil(lambda: dialog.errors["proxy"].text() != "", timeout=WAIT)
    assert dialog.errors["proxy"].text() == (
        "Der Proxy muss eine http://-Adresse sein, wie http://proxy.example:3128 "
        "(nicht socks5://proxy.example:1080)."
    )
    dialog.set_field("proxy", "")
    dialog.pin.setText("2468")
    dialog.pin_again.setText("2468")
    dialog.save()  # the form is right now; the CA file is checked off the GUI thread
    qtbot.waitUntil(lambda: dialog.errors["ca_file"].text() != "", timeout=WAIT)
    assert (
        dialog.errors["ca_file"].text() == f"Die CA-Datei {tmp_path / 'fehlt.pem'} gibt es nicht."
    )


def test_a_german_check_names_a_ca_file_that_cannot_be_used_in_german(
    qtbot: QtBot, tmp_path: Path, german: None
) -> None:
    dialog = setup_dialog(qtbot, "https://127.0.0.1:1/x", "t" * 20)
    missing = tmp_path / "fehlt.pem"
    dialog.set_field("ca_file", str(missing))
    shown, english = checked(qtbot, dialog)
    assert shown == f"Die CA-Datei {missing} gibt es nicht."
    assert english == f"The CA file {missing} does not exist."


def test_a_second_german_window_on_a_profile_says_who_sends_in_german(
    qtbot: QtBot, tmp_path: Path, german: None
) -> None:
    profile = Profile.locate(tmp_path / "till")
    settings = Settings(
        site=SITE, endpoint="http://127.0.0.1:9/unused", till_id="T-1", ui_language="de"
    )
    with Till(profile, settings) as first, Till(profile, settings) as second:
        assert first.take_delivery()  # the till that delivers
        window = MainWindow(second)  # a second window on the same profile only queues
        qtbot.addWidget(window, before_close_func=lambda widget: widget.allow_close())
        said = window.status.endpoint.toolTip() or window.status.endpoint.text()
        assert f"ein anderes posapp (Prozess {os.getpid()}) sendet schon" in said
        assert "already delivering" in second.not_delivering  # the log's and the CLI's English


def test_a_german_window_says_why_a_sale_was_not_saved_in_german(
    qtbot: QtBot, tmp_path: Path, german: None
) -> None:
    profile = Profile.locate(tmp_path / "till")
    settings = Settings(
        site=SITE, endpoint="http://127.0.0.1:9/unused", till_id="T-1", ui_language="de",
        store={"store": "Laden"}, disk_reserve_mb=10_000_000,  # more than any disk has free
    )  # fmt: skip
    with Till(profile, settings) as till:
        window = MainWindow(till, deliver=False)
        qtbot.addWidget(window, before_close_func=lambda widget: widget.allow_close())
        window.basket_model.add("TEA-EB", 1, "3.20", "Tee")
        window.finish()
        said = window.banner.text()
        assert said.startswith(
            "NICHT GESPEICHERT: Die Festplatte der Kasse ist fast voll: der Verkauf wird nicht "
            "angenommen; die IT informieren ("
        )
        assert said.endswith(" MB frei).")
        assert len(window.basket_model.basket.lines) == 1  # the basket stays, nothing lost
