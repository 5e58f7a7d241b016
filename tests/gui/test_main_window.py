"""The till window as a cashier drives it: keys, a scanner's bursts, and the sandbox behind."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from posapp.outbox.store import State
from posapp.tracker.sandbox import Sandbox
from posapp.ui.basket_model import PRICE, QTY
from posapp.ui.main_window import MainWindow
from posapp.ui.till_messages import Endpoint, Tone
from tests.gui.layouts import settle

WAIT = 10_000


def scan(qtbot: QtBot, window: MainWindow, text: str) -> None:
    """What a scanner does: a burst of key presses, then Enter."""
    qtbot.keyClicks(window.scan_field, text)
    qtbot.keyClick(window.scan_field, Qt.Key.Key_Return)


def open_editor(qtbot: QtBot, window: MainWindow) -> QLineEdit:
    def editing() -> bool:
        focused = QApplication.focusWidget()
        return isinstance(focused, QLineEdit) and focused.parent() is window.table.viewport()

    qtbot.waitUntil(editing)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    return editor


def lines(window: MainWindow) -> list[tuple[str, int, Decimal]]:
    return [(ln.ref_code, ln.qty, ln.unit_price) for ln in window.basket_model.basket.lines]


def test_a_scanner_burst_adds_a_line_with_the_catalog_name_and_price(
    qtbot: QtBot, window: MainWindow
) -> None:
    scan(qtbot, window, "CB4551")
    assert lines(window) == [("CB4551", 1, Decimal("6.50"))]
    assert window.basket_model.data(window.basket_model.index(0, 1)) == "Ceramic mug"
    assert window.scan_field.text() == ""
    assert "6.50 GBP" in window.totals.text()
    assert window.totals.text().endswith("(1 item)")  # English plurals, not "1 item(s)"


def test_scanning_the_same_item_again_raises_its_quantity(qtbot: QtBot, window: MainWindow) -> None:
    scan(qtbot, window, "CB4551")
    scan(qtbot, window, "5012345678900")  # the mug's EAN barcode
    assert lines(window) == [("CB4551", 2, Decimal("6.50"))]
    assert window.basket_model.rowCount() == 1


def test_quantity_first_and_a_burst_of_several_codes(qtbot: QtBot, window: MainWindow) -> None:
    scan(qtbot, window, "3*CHOC-70")
    QApplication.clipboard().setText("TEA-EB\nBAG-JUTE\n2*PEN-BLK\n")
    qtbot.keyClick(window.scan_field, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert lines(window) == [
        ("CHOC-70", 3, Decimal("2.10")),
        ("TEA-EB", 1, Decimal("3.20")),
        ("BAG-JUTE", 1, Decimal("1.50")),
        ("PEN-BLK", 2, Decimal("1.25")),
    ]


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("NO-SUCH-ITEM", "Unknown item NO-SUCH-ITEM"),
        ("0*CB4551", "at least 1"),
        ("10000*CB4551", "more than 9,999"),
        ("X" * 129, "too long"),
    ],
)
def test_a_bad_scan_is_refused_with_a_message_and_changes_nothing(
    qtbot: QtBot, window: MainWindow, typed: str, words: str
) -> None:
    scan(qtbot, window, "TEA-EB")
    scan(qtbot, window, typed)
    assert lines(window) == [("TEA-EB", 1, Decimal("3.20"))]
    assert words in window.message.text()
    assert "background" in window.scan_field.styleSheet()  # the red flash
    qtbot.waitUntil(lambda: window.scan_field.styleSheet() == "", timeout=WAIT)


def test_a_garbled_burst_is_refused_whole(qtbot: QtBot, window: MainWindow) -> None:
    QApplication.clipboard().setText("TEA-EB\nCB\x1b[4551\n")
    qtbot.keyClick(window.scan_field, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert lines(window) == []
    assert "Line 2" in window.message.text()
    assert "cannot be printed" in window.message.text()


def test_an_unknown_item_waits_for_its_price_inline_and_the_next_scans_still_land(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.apply_settings(replace(window.settings, allow_unknown_items=True), None)
    scan(qtbot, window, "2*HANDMADE-1")
    scan(qtbot, window, "TEA-EB")  # the next scan is an item, never taken for the price
    prompt = window.sale.price_prompt
    assert prompt.isVisible()
    assert "HANDMADE-1" in prompt.label.text()
    assert [code for code, *_ in lines(window)] == ["TEA-EB"]
    window.finish()  # not while an item waits for its price
    assert "Type the price of HANDMADE-1 first" in window.message.text()
    assert window.till.outbox.status().counts == {}
    prompt.field.setFocus()
    qtbot.keyClicks(prompt.field, "4.99")
    qtbot.keyClick(prompt.field, Qt.Key.Key_Return)
    assert lines(window)[-1] == ("HANDMADE-1", 2, Decimal("4.99"))
    assert not prompt.isVisible()


def test_an_unknown_item_left_out_with_escape_is_said_and_not_added(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.apply_settings(replace(window.settings, allow_unknown_items=True), None)
    scan(qtbot, window, "HANDMADE-2")
    prompt = window.sale.price_prompt
    qtbot.keyClick(prompt.field, Qt.Key.Key_Escape)
    assert lines(window) == []
    assert window.message.text() == "Not added: HANDMADE-2 (no price was typed)."
    assert not prompt.isVisible()


def test_a_loyalty_card_scanned_as_an_item_becomes_the_customer(
    qtbot: QtBot, window: MainWindow
) -> None:
    scan(qtbot, window, "6330001")
    assert lines(window) == []
    customer = window.customer_panel.customer()
    assert customer is not None
    assert "not in the customer directory" not in window.customer_panel.who.text()


def test_a_typed_customer_id_not_in_the_directory_is_shown_as_unknown(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.customer_panel.field.setText("zz99unknown77")
    window.customer_panel.look_up()
    assert "not in the customer directory" in window.customer_panel.who.text()
    assert "background: #fff1c2" in window.customer_panel.who.styleSheet()


def test_the_banner_returns_to_the_sale_and_an_error_clears_once_fixed(
    qtbot: QtBot, window: MainWindow, sandbox: Sandbox
) -> None:
    scan(qtbot, window, "CB4551")
    window.finish()
    qtbot.waitUntil(lambda: window.banner.tone is Tone.GOOD, timeout=WAIT)
    scan(qtbot, window, "NOPE-0")
    assert window.message.text().startswith("Unknown item NOPE-0")
    scan(qtbot, window, "TEA-EB")
    assert window.banner.text().startswith("New sale")
    assert not window.message.text().startswith("Unknown item")


def test_quantity_and_price_are_edited_from_the_keyboard(qtbot: QtBot, window: MainWindow) -> None:
    scan(qtbot, window, "CB4551")
    scan(qtbot, window, "TEA-EB")
    for row, column, typed in ((0, QTY, "4"), (1, PRICE, "2.95")):
        window.table.selectRow(row)
        window.edit_selected(column)
        editor = open_editor(qtbot, window)
        editor.selectAll()
        qtbot.keyClicks(editor, typed)
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: window.table.state() != QAbstractItemView.State.EditingState)
    assert lines(window) == [("CB4551", 4, Decimal("6.50")), ("TEA-EB", 1, Decimal("2.95"))]
    assert "28.95 GBP" in window.totals.text()
    assert window.totals.text().endswith("(5 items)")
    index = window.basket_model.index(0, QTY)
    assert window.basket_model.setData(index, "0") is False
    assert "at least 1" in window.message.text()
    assert window.basket_model.setData(window.basket_model.index(0, PRICE), "1.234") is False
    assert "too many decimals" in window.message.text()
    assert lines(window)[0] == ("CB4551", 4, Decimal("6.50"))


def test_remove_a_line_and_void_the_basket(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    for code in ("CB4551", "TEA-EB", "BAG-JUTE"):
        scan(qtbot, window, code)
    window.table.selectRow(1)
    window.actions_by_name["remove"].trigger()
    assert [code for code, _, _ in lines(window)] == ["CB4551", "BAG-JUTE"]
    answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
    monkeypatch.setattr(QMessageBox, "question", lambda *args: next(answers))
    window.actions_by_name["void"].trigger()
    assert len(lines(window)) == 2  # the cashier said no
    window.actions_by_name["void"].trigger()
    assert lines(window) == []
    assert "0.00 GBP" in window.totals.text()


def test_customer_by_card_by_id_and_cleared_with_one_key(qtbot: QtBot, window: MainWindow) -> None:
    panel = window.customer_panel
    qtbot.keyClicks(panel.field, "6330001")
    qtbot.keyClick(panel.field, Qt.Key.Key_Return)
    assert "Alex Morgan" in panel.who.text()
    assert "efgh" in panel.who.text()
    assert "abcd1234" not in panel.who.text()  # the ID is masked on screen
    customer = panel.customer()
    assert customer is not None
    assert customer.id == "abcd1234efgh"
    qtbot.keyClicks(panel.field, "p9q8r7s6")
    qtbot.keyClick(panel.field, Qt.Key.Key_Return)
    assert panel.customer() is not None
    assert panel.customer().id == "p9q8r7s6"  # type: ignore[union-attr]
    qtbot.keyClicks(panel.field, "someone@example.com")
    qtbot.keyClick(panel.field, Qt.Key.Key_Return)
    assert "email" in window.message.text()
    assert panel.customer().id == "p9q8r7s6"  # type: ignore[union-attr]
    window.actions_by_name["no_customer"].trigger()
    assert panel.customer() is None
    assert "No customer" in panel.who.text()


def test_finish_sends_exactly_the_expected_payload(
    qtbot: QtBot, window: MainWindow, sandbox: Sandbox
) -> None:
    qtbot.keyClicks(window.customer_panel.field, "jo.bloggs@example.com")  # found by email...
    qtbot.keyClick(window.customer_panel.field, Qt.Key.Key_Return)
    window.customer_panel.info_fields["gender"].setText("female")
    scan(qtbot, window, "2*CB4551")
    scan(qtbot, window, "CHOC-70")
    window.actions_by_name["finish"].trigger()
    assert lines(window) == []  # ready for the next customer at once
    assert window.customer_panel.customer() is None
    ref = window.banner.ref_code
    assert ref is not None
    assert ref.startswith("DEMO-01-")
    qtbot.waitUntil(lambda: window.banner.tone is Tone.GOOD, timeout=WAIT)
    assert window.banner.text() == f"Sent {ref} (15.10 GBP)"
    (received,) = sandbox.orders()
    assert received["user"] == {"id": "z3y6w9v2u5t8", "info": {"gender": "female"}}  # ...sent by ID
    assert "jo.bloggs" not in str(received)
    order = received["order"]
    assert order["refCode"] == ref
    assert order["attributes"] == {"store": "posapp Demo Store", "storePostcode": "W1B 4HX"}
    assert order["items"] == [
        {"refCode": "CB4551", "qty": 2, "price": 6.5},
        {"refCode": "CHOC-70", "qty": 1, "price": 2.1},
    ]
    assert (order["subTotal"], order["shipping"], order["total"]) == (15.1, 0, 15.1)
    assert order["currency"] == "GBP"
    assert received["lang"] == "en-gb"
    qtbot.waitUntil(lambda: window.status.endpoint.text() == "Endpoint: reachable", timeout=WAIT)


def test_finish_with_keys_f12_and_ctrl_return(
    qtbot: QtBot, window: MainWindow, sandbox: Sandbox
) -> None:
    window.activateWindow()
    for key, modifier in (
        (Qt.Key.Key_F12, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier),
    ):
        scan(qtbot, window, "TEA-EB")
        qtbot.keyClick(window.scan_field, key, modifier)
        assert lines(window) == []
    qtbot.waitUntil(lambda: len(sandbox.orders()) == 2, timeout=WAIT)


def test_an_empty_basket_is_not_finished(window: MainWindow) -> None:
    window.finish()
    assert "basket is empty" in window.message.text()
    assert window.till.outbox.status().counts == {}


def test_offline_shows_queued_and_pending_then_sent_when_back(
    qtbot: QtBot, window: MainWindow, sandbox: Sandbox
) -> None:
    sandbox.go_offline()
    scan(qtbot, window, "UMB-CMP")
    window.finish()
    ref = window.banner.ref_code
    qtbot.waitUntil(lambda: window.banner.tone is Tone.WAIT, timeout=WAIT)
    assert window.banner.text().startswith(f"Queued (offline) {ref}")
    qtbot.waitUntil(lambda: window.status.pending.text() == "Pending: 1", timeout=WAIT)
    assert "OFFLINE" in window.status.endpoint.text()
    sandbox.go_online()
    window.actions_by_name["flush"].trigger()
    qtbot.waitUntil(lambda: window.banner.tone is Tone.GOOD, timeout=WAIT)
    assert window.banner.text() == f"Sent {ref} (15.00 GBP)"
    qtbot.waitUntil(lambda: window.status.pending.text() == "Pending: 0", timeout=WAIT)
    assert window.status.endpoint.text() == "Endpoint: reachable"
    assert len(sandbox.orders()) == 1


def test_401_shows_credentials_rejected(qtbot: QtBot, window: MainWindow, sandbox: Sandbox) -> None:
    sandbox.fail_next(401)
    scan(qtbot, window, "TEA-EB")
    window.finish()
    qtbot.waitUntil(lambda: window.endpoint is Endpoint.CREDENTIALS, timeout=WAIT)
    assert "CREDENTIALS REJECTED" in window.status.endpoint.text()
    assert "credentials" in window.banner.text()
    qtbot.waitUntil(lambda: window.status.pending.text() == "Pending: 1", timeout=WAIT)
    assert window.status.parked.text() == "Parked: 0"


def test_a_parked_order_shows_its_reason_and_retry_sends_it(
    qtbot: QtBot, window: MainWindow, sandbox: Sandbox, tmp_path: object
) -> None:
    sandbox.fail_next(400)
    scan(qtbot, window, "SCARF-W")
    window.finish()
    ref = window.banner.ref_code
    qtbot.waitUntil(lambda: window.banner.tone is Tone.BAD, timeout=WAIT)
    assert window.banner.text().startswith(f"Not accepted by the vendor: {ref}")
    qtbot.waitUntil(lambda: window.status.parked.text() == "Parked: 1", timeout=WAIT)
    qtbot.mouseClick(window.status.parked, Qt.MouseButton.LeftButton)
    dialog = window._queue_dialog
    assert dialog is not None
    assert dialog.tabs.currentIndex() == 1
    parked = dialog.models[State.PARKED]
    qtbot.waitUntil(lambda: [e.ref_code for e in parked.entries] == [ref], timeout=WAIT)
    reason = parked.data(parked.index(0, 5))
    assert "InjectedFault" in reason
    assert "HTTP 400" in reason
    dialog.views[State.PARKED].selectRow(0)
    dialog.retry_selected()
    qtbot.waitUntil(lambda: len(sandbox.orders()) == 1, timeout=WAIT)
    qtbot.waitUntil(lambda: window.status.parked.text() == "Parked: 0", timeout=WAIT)
    dialog.refresh()  # loads in the background; the view fills in when it lands
    sent = dialog.models[State.SENT]
    qtbot.waitUntil(lambda: [e.ref_code for e in sent.entries] == [ref], timeout=WAIT)
    assert "Today: 1 order sent (24.00 GBP)" in dialog.summary.text()  # English plurals


def test_the_day_summary_and_parked_orders_export(
    qtbot: QtBot, window: MainWindow, sandbox: Sandbox, tmp_path: object
) -> None:
    from pathlib import Path

    sandbox.fail_next(422)
    for code in ("TEA-EB", "CB4551"):
        scan(qtbot, window, code)
        window.finish()
        qtbot.waitUntil(lambda: window.banner.tone in (Tone.GOOD, Tone.BAD), timeout=WAIT)
    dialog = window.open_queue()
    day = dialog.export_day(Path(str(tmp_path)) / "day.csv")
    parked = dialog.export_parked(Path(str(tmp_path)) / "parked.jsonl")
    assert day is not None
    assert parked is not None
    qtbot.waitUntil(lambda: day.exists() and parked.exists(), timeout=WAIT)  # written off-thread
    rows = day.read_text().splitlines()
    assert rows[0].startswith("refCode,state,created,sent,total,currency")
    assert sorted(row.split(",")[1] for row in rows[1:]) == ["parked", "sent"]
    assert len(parked.read_text().splitlines()) == 1


def test_every_command_is_listed_in_keyboard_shortcuts(window: MainWindow) -> None:
    dialog = window.show_shortcuts()
    listed = {
        dialog.table.item(row, 0).text(): dialog.table.item(row, 1).text()
        for row in range(dialog.table.rowCount())
    }
    assert listed["Finish sale"] == "F12, Ctrl+Return, Ctrl+Enter"
    assert listed["Open the order queue"] == "F9"
    assert len(listed) == len([a for a in window.actions_by_name.values() if a.shortcuts()])
    dialog.close()


def test_icon_free_controls_have_accessible_names(window: MainWindow) -> None:
    for widget in (
        window.scan_field,
        window.customer_panel.field,
        window.table,
        window.finish_button,
        window.status.parked,
    ):
        assert widget.accessibleName()


def test_a_long_status_is_elided_at_1024_with_the_whole_text_in_its_tooltip(
    qtbot: QtBot, window: MainWindow
) -> None:
    reason = "the site token could not be read: " + "the Secret Service did not answer " * 6
    window.resize(1024, 768)
    window.set_endpoint(Endpoint.PAUSED, reason)
    settle(qtbot)
    label = window.status.endpoint
    assert label.toolTip().endswith(reason)
    assert label.elided
    assert label.geometry().right() <= window.status.width()
    assert window.status.parked.isVisible()  # the counts are never pushed off the edge


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("-1*CB4551", "Quantity must be at least 1"),
        ("0*CB4551", "Quantity must be at least 1"),
        ("*CB4551", "Write the quantity before the *"),
        ("500*CB4551", "At most 99 of one item per line"),
    ],
)
def test_quantity_rules_are_one_set_and_refuse_out_loud(
    qtbot: QtBot, window: MainWindow, typed: str, words: str
) -> None:
    scan(qtbot, window, typed)
    assert lines(window) == []
    assert words in window.message.text()


def test_a_price_of_zero_needs_a_deliberate_yes_and_an_overridden_line_is_marked(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    asked: list[str] = []

    def question(_parent: object, _title: str, text: str, *_args: object) -> object:
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)
    scan(qtbot, window, "CB4551")
    model = window.basket_model
    assert not model.setData(model.index(0, PRICE), "0")  # asks first: No
    assert lines(window) == [("CB4551", 1, Decimal("6.50"))]
    assert "The price of CB4551 was not changed" in window.message.text()
    assert not model.setData(model.index(0, PRICE), "0")  # Yes this time
    assert lines(window) == [("CB4551", 1, Decimal("0.00"))]
    assert model.data(model.index(0, PRICE)).startswith("✎ ")
    assert len(asked) == 2
    assert "unusual" in asked[0]


def test_a_line_above_the_stores_largest_total_is_refused(qtbot: QtBot, window: MainWindow) -> None:
    window.apply_settings(replace(window.settings, max_line_total=20), None)
    scan(qtbot, window, "3*CB4551")  # 19.50: fine
    scan(qtbot, window, "CB4551")  # 26.00: over
    assert lines(window) == [("CB4551", 3, Decimal("6.50"))]
    assert "A line may total at most 20.00 GBP" in window.message.text()
