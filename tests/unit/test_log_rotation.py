"""The log file rotates at 1 MB though its handler counts bytes instead of stat-ing the file."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from posapp.setup.logs import setup_logging
from posapp.setup.profile import Profile


@pytest.fixture
def profile(tmp_path: Path) -> Iterator[Profile]:
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    yield Profile.locate(tmp_path)
    for handler in root.handlers[:]:
        if handler not in before:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def test_the_log_rotates_at_one_megabyte_and_keeps_five_old_files(profile: Profile) -> None:
    setup_logging(profile)
    log = logging.getLogger("posapp.test")
    for n in range(60_000):  # about 6 MB of lines
        log.info("order TILL-20261128-%05d queued (13.00 GBP) %s", n, "x" * 40)
    old = sorted(profile.log_dir.glob("posapp.log.*"))
    assert [path.name for path in old] == [f"posapp.log.{n}" for n in range(1, 6)]
    for path in [profile.log_file, *old]:
        assert path.stat().st_size <= 1_000_000
    assert "TILL-20261128-59999" in profile.log_file.read_text()


def test_a_log_already_near_its_limit_rotates_on_the_next_lines(profile: Profile) -> None:
    profile.log_dir.mkdir(parents=True)
    profile.log_file.write_text("x" * 999_990 + "\n")
    setup_logging(profile)
    logging.getLogger("posapp.test").warning("the first line of this process")
    assert profile.log_file.read_text().endswith("the first line of this process\n")
    assert (profile.log_dir / "posapp.log.1").stat().st_size == 999_991
