"""What every integration test shares: no site token or profile from the environment unless a
test sets one, and the log handlers a command opened closed after the test."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("POSAPP_SITE_TOKEN", raising=False)
    monkeypatch.delenv("POSAPP_HOME", raising=False)
    root = logging.getLogger()
    before = list(root.handlers)
    yield
    for handler in root.handlers[:]:
        if handler not in before:
            root.removeHandler(handler)
            handler.close()
