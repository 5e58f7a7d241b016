"""The log file: the token and emails never reach it, whatever a message carries."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from posapp.setup.logs import scrub_token_from_logs, setup_logging
from posapp.setup.profile import Profile
from posapp.tracker.token import SiteToken


@pytest.fixture
def profile(tmp_path: Path) -> Iterator[Profile]:
    root = logging.getLogger()
    before = list(root.handlers)
    level = root.level
    yield Profile.locate(tmp_path)
    for handler in root.handlers[:]:
        if handler not in before:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def test_a_token_learned_later_and_emails_are_scrubbed(profile: Profile) -> None:
    setup_logging(profile)
    log = logging.getLogger("posapp.test")
    log.warning("before: %s", "old-SECRET-1")
    scrub_token_from_logs(SiteToken("new-SECRET-2").redact)
    log.warning("answer was %s for jo.bloggs@example.com", "new-SECRET-2")
    try:
        raise ValueError("new-SECRET-2 in an exception")
    except ValueError:
        log.exception("failed")
    text = profile.log_file.read_text()
    assert "new-SECRET-2" not in text
    assert "answer was *** for <email>" in text
    assert "*** in an exception" in text
    assert "jo.bloggs" not in text
    assert profile.log_file.stat().st_mode & 0o077 == 0
