"""The log file: the token and emails never reach it, whatever a message carries."""

from __future__ import annotations

import logging
import os
import stat
import subprocess
import sys
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


def test_the_log_file_its_rotated_copies_and_its_folder_are_private(
    profile: Profile, monkeypatch: pytest.MonkeyPatch
) -> None:
    previous = os.umask(0o022)
    try:
        profile.log_dir.mkdir(parents=True, mode=0o755)
        profile.log_dir.chmod(0o755)
        old = profile.log_dir / "posapp.log.1"  # rotated by an older posapp, readable by all
        old.write_text("old\n")
        old.chmod(0o644)
        profile.log_file.write_text("x" * 999_990 + "\n")
        profile.log_file.chmod(0o644)
        setup_logging(profile)
        assert stat.S_IMODE(profile.log_dir.stat().st_mode) == 0o700
        assert stat.S_IMODE(profile.log_file.stat().st_mode) == 0o600
        logging.getLogger("posapp.test").warning("a line that makes it rotate")
    finally:
        os.umask(previous)
    names = sorted(path.name for path in profile.log_dir.iterdir())
    assert names == ["posapp.log", "posapp.log.1", "posapp.log.2"]
    for path in profile.log_dir.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
    assert profile.log_file.read_text().endswith("a line that makes it rotate\n")


def test_a_failing_write_is_one_line_on_stderr_and_the_lines_are_dropped(
    profile: Profile, capsys: pytest.CaptureFixture[str]
) -> None:
    setup_logging(profile)
    handler = logging.getLogger().handlers[-1]
    assert isinstance(handler, logging.FileHandler)
    assert handler.stream is not None
    handler.stream.close()
    handler.stream = open("/dev/full", "w", encoding="utf-8")  # noqa: SIM115 - the handler closes it
    log = logging.getLogger("posapp.test")
    for n in range(3):
        log.warning("line %d", n)
    err = capsys.readouterr().err
    assert err == (
        f"posapp: the log file {profile.log_file} cannot be written "
        "(No space left on device): lines dropped\n"
    )


# -- the journal (a child process whose standard error systemd would have connected) ---------
CHILD = """
import logging, sys
from posapp.setup.logs import scrub_token_from_logs, setup_logging
from posapp.setup.profile import Profile
from posapp.tracker.token import SiteToken
setup_logging(Profile.locate(sys.argv[1]))
scrub_token_from_logs(SiteToken("SECRET-TOKEN-42").redact)
log = logging.getLogger("posapp.child")
log.debug("not logged: below INFO")
log.info("order R-1 queued for jo@example.com")
log.warning("delivery paused: token SECRET-TOKEN-42 refused")
log.error("the outbox cannot be written")
log.critical("critical")
try:
    raise ValueError("SECRET-TOKEN-42 in a traceback")
except ValueError:
    log.exception("failed")
"""


def run_child(tmp_path: Path, journal: str | None) -> tuple[str, str]:
    """The child's standard error (a file) and its log file."""
    stderr = tmp_path / "stderr"
    env = {k: v for k, v in os.environ.items() if k != "JOURNAL_STREAM"}
    with stderr.open("w") as sink:
        status = os.fstat(sink.fileno())
        if journal is not None:
            env["JOURNAL_STREAM"] = journal or f"{status.st_dev}:{status.st_ino}"
        subprocess.run(
            [sys.executable, "-c", CHILD, str(tmp_path / "till")],
            stderr=sink,
            env=env,
            cwd=Path(__file__).resolve().parents[2],
            check=True,
        )
    log_file = tmp_path / "till" / "logs" / "posapp.log"
    return stderr.read_text(), log_file.read_text() if log_file.is_file() else ""


def test_under_systemd_each_line_reaches_the_journal_with_its_priority(tmp_path: Path) -> None:
    journal, file = run_child(tmp_path, "")
    lines = journal.splitlines()
    assert lines[:4] == [
        "<6>posapp.child: order R-1 queued for <email>",
        "<4>posapp.child: delivery paused: token *** refused",
        "<3>posapp.child: the outbox cannot be written",
        "<2>posapp.child: critical",
    ]
    assert lines[4] == "<3>posapp.child: failed"
    assert all(line.startswith("<3>") for line in lines[5:])  # the traceback, line by line
    assert lines[-1] == "<3>ValueError: *** in a traceback"
    assert "SECRET-TOKEN-42" not in journal + file
    assert "jo@example.com" not in journal + file
    assert "not logged" not in journal
    assert "WARNING posapp.child: delivery paused: token *** refused" in file  # the file too


@pytest.mark.parametrize("journal", [None, "1:2", "garbage"], ids=["unset", "other", "garbage"])
def test_a_stderr_that_is_not_the_journal_gets_no_log_lines(
    tmp_path: Path, journal: str | None
) -> None:
    err, file = run_child(tmp_path, journal)
    assert err == ""
    assert "the outbox cannot be written" in file


def test_under_systemd_an_unwritable_log_file_leaves_the_journal(tmp_path: Path) -> None:
    (tmp_path / "till" / "logs" / "posapp.log").mkdir(parents=True)  # a folder, not a file
    journal, _ = run_child(tmp_path, "")
    lines = journal.splitlines()
    assert lines[0].startswith("<4>posapp.setup.logs: cannot write the log file ")
    assert lines[0].endswith("(Is a directory): logging to the journal")
    assert lines[1:3] == [
        "<6>posapp.child: order R-1 queued for <email>",
        "<4>posapp.child: delivery paused: token *** refused",
    ]
    assert all(line.startswith("<") for line in lines)  # nothing unprefixed, no traceback
    assert "SECRET-TOKEN-42" not in journal
