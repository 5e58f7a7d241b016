"""Fixtures shared by every test: the project's own sandbox endpoint on a free loopback port."""

from __future__ import annotations

import os
from collections.abc import Iterator

import keyring
import pytest
from hypothesis import settings

from posapp.tracker.sandbox import Sandbox
from tests.helpers import MemoryKeyring

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# No test depends on the machine's speed: hypothesis' per-example deadline is off.
settings.register_profile("posapp", deadline=None)
settings.load_profile("posapp")

SITE = "teststore"
TOKEN = "s3cr3t-token-value-0123456789"


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(site=SITE, token=TOKEN) as server:
        yield server


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """An in-memory keyring in place of the machine's, for one test."""
    previous = keyring.get_keyring()
    store = MemoryKeyring()
    keyring.set_keyring(store)
    yield store
    keyring.set_keyring(previous)


# A machine-wide settings file on the machine that runs the tests must not change them.
os.environ.setdefault("POSAPP_SYSTEM_SETTINGS", "/nonexistent/posapp-system-settings.toml")
