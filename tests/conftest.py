"""Fixtures shared by every test: the project's own sandbox endpoint on a free loopback port."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from posapp.tracker.sandbox import Sandbox

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SITE = "teststore"
TOKEN = "s3cr3t-token-value-0123456789"


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(site=SITE, token=TOKEN) as server:
        yield server
