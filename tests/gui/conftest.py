"""A real till window on the offscreen platform, delivering to the sandbox endpoint."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from posapp.app import demo_settings
from posapp.resources import resource_path
from posapp.setup.profile import Profile
from posapp.setup.settings import Settings
from posapp.till import Till
from posapp.tracker.sandbox import Sandbox
from posapp.tracker.token import SiteToken
from posapp.ui.main_window import MainWindow
from tests.conftest import SITE, TOKEN


def settings_for(sandbox: Sandbox) -> Settings:
    return replace(demo_settings(sandbox.url), site=SITE, allow_unknown_items=False)


@pytest.fixture
def till_settings(sandbox: Sandbox) -> Settings:
    return settings_for(sandbox)


@pytest.fixture
def window(
    qtbot: QtBot, tmp_path: Path, sandbox: Sandbox, till_settings: Settings
) -> Iterator[MainWindow]:
    profile = Profile.locate(tmp_path / "till")
    with Till(profile, till_settings, token=lambda: SiteToken(TOKEN)) as till:
        till.catalog.import_csv(resource_path("demo", "catalog.csv"), till_settings.currency)
        till.customers.import_csv(resource_path("demo", "customers.csv"))
        main = MainWindow(till)
        # a basket the test leaves behind is not asked about when the window closes
        qtbot.addWidget(main, before_close_func=lambda widget: widget.allow_close())
        main.show()
        qtbot.waitExposed(main)
        yield main
        main.close()
