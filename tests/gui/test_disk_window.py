"""The window on a nearly full disk and after a lost outbox: what the cashier is told."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from posapp.outbox.store import Outbox
from posapp.resources import resource_path
from posapp.setup.profile import Profile
from posapp.setup.settings import Settings
from posapp.till import Till
from posapp.tracker.token import SiteToken
from posapp.ui.main_window import MainWindow
from posapp.ui.till_messages import Tone
from tests.conftest import TOKEN
from tests.helpers import simple_order

WAIT = 10_000


def open_window(qtbot: QtBot, till: Till) -> MainWindow:
    main = MainWindow(till)
    qtbot.addWidget(main, before_close_func=lambda widget: widget.allow_close())
    main.show()
    qtbot.waitExposed(main)
    return main


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MB tmpfs of its own (root on Linux: the tests and CI run so; skipped otherwise)."""
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        pytest.skip("a small tmpfs needs root on Linux (the tests and CI run as root)")
    where = tmp_path / "disk"
    where.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m,mode=0700", "tmpfs", str(where)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not permitted here: {done.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def test_a_sale_below_the_disk_reserve_is_not_taken_and_the_basket_stays(
    qtbot: QtBot, small_disk: Path, till_settings: Settings
) -> None:
    profile = Profile.locate(small_disk / "till")
    settings = replace(till_settings, disk_reserve_mb=8)  # more than the disk holds
    with Till(profile, settings, token=lambda: SiteToken(TOKEN)) as till:
        till.catalog.import_csv(resource_path("demo", "catalog.csv"), settings.currency)
        window = open_window(qtbot, till)
        qtbot.keyClicks(window.scan_field, "TEA-EB")
        qtbot.keyClick(window.scan_field, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: len(window.basket_model.basket.lines) == 1, timeout=WAIT)
        window.finish()
        assert window.banner.tone is Tone.BAD
        text = window.banner.text()
        assert text.startswith(
            "NOT SAVED: The till's disk is almost full: the sale is not taken; tell IT ("
        )
        assert text.endswith(" MB free).")
        assert len(window.basket_model.basket.lines) == 1  # nothing lost: the basket stays
        assert till.outbox.status().counts == {}
        window.allow_close()
        window.close()


def test_a_lost_outbox_is_shown_in_the_status_bar(
    qtbot: QtBot, tmp_path: Path, till_settings: Settings
) -> None:
    profile = Profile.locate(tmp_path / "till")
    profile.ensure_dirs()
    with Outbox(profile.outbox_file) as outbox:
        outbox.enqueue(simple_order())
    for name in ("", "-wal", "-shm", "-session"):
        Path(f"{profile.outbox_file}{name}").unlink(missing_ok=True)
    with Till(profile, till_settings, token=lambda: SiteToken(TOKEN)) as till:
        window = open_window(qtbot, till)
        window.refresh_status()
        qtbot.waitUntil(window.status.lost.isVisible, timeout=WAIT)
        assert window.status.lost.text().startswith("The outbox was lost or emptied on ")
        assert window.status.lost.text().endswith(": orders from before may be missing; tell IT")
        window.allow_close()
        window.close()


def damage(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"this is not a database, it was overwritten by something else" * 100)


def test_damaged_lists_are_named_at_the_counter_when_first_needed(
    qtbot: QtBot, tmp_path: Path, till_settings: Settings
) -> None:
    # The catalog and the customer directory open at their first lookup, after the window's
    # first paint: a damaged file is named, with the way out, when it is needed; never a
    # traceback, and nothing is taken from it.
    profile = Profile.locate(tmp_path / "till")
    profile.ensure_dirs()
    damage(profile.catalog_file)
    damage(profile.customers_file)
    settings = replace(till_settings, allow_unknown_items=True)
    with Till(profile, settings, token=lambda: SiteToken(TOKEN)) as till:
        window = open_window(qtbot, till)
        window.customer_panel.field.setText("6330001")
        window.customer_panel.look_up()
        said = window.message.text()
        assert said.startswith("The customer directory cannot be used; tell the manager:")
        assert "is damaged" in said and "Move it elsewhere" in said
        assert window.customer_panel.customer() is None  # nothing taken from a broken file
        window.scan_field.submit("CB4551")
        said = window.message.text()
        # The store sells items its catalog lacks: the cashier types the price and sells on.
        assert said.startswith("The catalog cannot be used; type the price of CB4551.")
        assert "is damaged" in said  # and the manager is told why
        prompt = window.sale.price_prompt
        assert prompt.current is not None and prompt.current.code == "CB4551"
        assert window.basket_model.basket.lines == ()  # nothing taken from the broken file
        prompt.field.setFocus()
        qtbot.keyClicks(prompt.field, "6.50")
        qtbot.keyClick(prompt.field, Qt.Key.Key_Return)
        [line] = window.basket_model.basket.lines
        assert (line.ref_code, line.qty, line.unit_price) == ("CB4551", 1, Decimal("6.50"))
        window.apply_settings(replace(window.settings, allow_unknown_items=False), None)
        window.scan_field.submit("TEA-EB")  # a store that sells only catalog items: refused
        said = window.message.text()
        assert said.startswith("The catalog cannot be used; tell the manager:")
        assert len(window.basket_model.basket.lines) == 1  # nothing half-added
        window.customer_panel.field.setText("CUST-42")
        window.customer_panel.look_up()  # still unusable: said again, not taken
        assert window.customer_panel.customer() is None


def test_a_loyalty_card_still_finds_the_customer_while_the_catalog_is_damaged(
    qtbot: QtBot, tmp_path: Path, till_settings: Settings
) -> None:
    # The catalog's file is broken, the customer directory's is fine: a card scanned into the
    # item field is the customer, never an item whose price is asked for.
    profile = Profile.locate(tmp_path / "till")
    profile.ensure_dirs()
    damage(profile.catalog_file)
    settings = replace(till_settings, allow_unknown_items=True)
    with Till(profile, settings, token=lambda: SiteToken(TOKEN)) as till:
        till.customers.import_csv(resource_path("demo", "customers.csv"))
        window = open_window(qtbot, till)
        window.scan_field.submit("6330001")
        customer = window.customer_panel.customer()
        assert customer is not None and customer.id == "abcd1234efgh"
        assert window.sale.price_prompt.current is None
        assert window.basket_model.basket.lines == ()
