"""Faults of the till's own machine: a full disk, a read-only profile, a lock file that is a
folder. On a real small tmpfs (mounted here: the tests and CI run as root on Linux; skipped with
the reason elsewhere) against the sandbox endpoint on 127.0.0.1.

Once an order is committed every later failure says ``queued REF: ...`` with exit 0; a fault of
the disk is named as what it is, never as damage; no order is lost, and once space is back a
flush delivers every one.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from posapp.cli import main
from posapp.outbox.store import Outbox, State
from posapp.tracker.sandbox import Sandbox
from tests.conftest import SITE, TOKEN

ORDER = '{"order": {"items": [{"refCode": "CB4551", "qty": 2, "price": 6.5}]}}'


def _mount_tmpfs(where: Path, size: str) -> None:
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        pytest.skip("a small tmpfs needs root on Linux (the tests and CI run as root)")
    where.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(where)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not permitted here: {done.stderr.strip()}")


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MB filesystem of its own."""
    where = tmp_path / "disk"
    _mount_tmpfs(where, "1m")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def fill(directory: Path, name: str = "filler") -> Path:
    """Take every free byte of ``directory``'s filesystem; the file to delete to free it."""
    filler = directory / name
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        for size in (65536, 4096, 1):
            with contextlib.suppress(OSError):
                while True:
                    os.write(fd, b"\0" * size)
    finally:
        os.close(fd)
    return filler


class Shop:
    """A till profile driven through the command line, in this process."""

    def __init__(self, profile: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.profile = profile
        self.capsys = capsys
        self.order = profile.parent / "order.json"

    def run(self, *args: str) -> tuple[int, str, str]:
        self.capsys.readouterr()
        code = main(["--profile", str(self.profile), *args])
        out, err = self.capsys.readouterr()
        return code, out, err

    def send(self) -> tuple[int, str, str]:
        return self.run("send", str(self.order))

    def refs(self) -> dict[str, State]:
        with Outbox(self.profile / "outbox.sqlite3") as outbox:
            return {entry.ref_code: entry.state for entry in outbox.entries()}


def set_up(
    profile: Path, capsys: pytest.CaptureFixture[str], sandbox: Sandbox, reserve: str
) -> Shop:
    shop = Shop(profile, capsys)
    # The log lives off the small disk: logging's own faults are another test's business.
    logs = profile.parent.parent / f"{profile.parent.name}-{profile.name}-logs"
    logs.mkdir(mode=0o700)
    profile.mkdir(mode=0o700)
    (profile / "logs").symlink_to(logs)
    for key, value in [
        ("site", SITE),
        ("endpoint", sandbox.url),
        ("till_id", "regent-01"),
        ("store.store", "Regent Street"),
        ("disk_reserve_mb", reserve),
    ]:
        assert shop.run("config", "set", key, value)[0] == 0
    return shop


@pytest.fixture
def shop(
    disk: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    sandbox: Sandbox,
    monkeypatch: pytest.MonkeyPatch,
) -> Shop:
    """A till whose profile is on the 1 MB disk, without a space reserve (so that the disk can
    fill up under committed orders, as on a till whose reserve was set too small)."""
    monkeypatch.setenv("POSAPP_SITE_TOKEN", TOKEN)
    shop = set_up(disk / "till", capsys, sandbox, "0")
    shop.order = tmp_path / "order.json"
    shop.order.write_text(ORDER)
    return shop


class FillsTheDiskOnArrival(list[Any]):
    """The sandbox's order list: an order's arrival takes the till's last free byte, so the
    endpoint's OK comes back to a disk on which the "sent" mark cannot be written."""

    def __init__(self, disk: Path) -> None:
        super().__init__()
        self.disk = disk
        self.fillers: list[Path] = []

    def append(self, order: Any) -> None:
        super().append(order)
        self.fillers.append(fill(self.disk, f"filler-{len(self)}"))


def assert_named_not_damaged(text: str, what: str) -> None:
    assert what in text
    assert "damaged" not in text and "move it elsewhere" not in text.lower()
    assert "Traceback" not in text


# -- item 1: once committed, every later failure says "queued REF" -----------------------------
def test_a_full_disk_on_the_sent_mark_says_queued_and_nothing_is_lost(
    shop: Shop, disk: Path, sandbox: Sandbox
) -> None:
    assert shop.send()[0] == 0
    arrivals = FillsTheDiskOnArrival(disk)
    sandbox.state.orders = arrivals
    code, out, _ = shop.send()
    assert code == 0
    assert out.startswith("queued REGENT-01-"), out
    assert_named_not_damaged(out, "the disk is full")
    ref = out.split()[1].rstrip(":")
    assert [order["order"]["refCode"] for order in arrivals] == [ref]
    # While the disk is full, the next one is refused (nothing added), or queued and said so.
    code, out, err = shop.send()
    if code == 0:
        assert out.startswith("queued REGENT-01-"), out
        assert_named_not_damaged(out, "the disk is full")
    else:
        assert code == 1 and out == ""
        assert_named_not_damaged(err, "the disk is full")
    for filler in arrivals.fillers:
        filler.unlink()
    sandbox.state.orders = []
    refs = shop.refs()
    assert len(refs) == 2 + code ^ 1 and ref in refs  # none lost
    code, out, _ = shop.run("queue", "flush", "--now")
    assert code == 0, out
    assert set(shop.refs().values()) == {State.SENT}
    # The one whose mark failed went again, flagged: the endpoint had it already.
    assert ref in [order["order"]["refCode"] for order in sandbox.orders()]
    with Outbox(shop.profile / "outbox.sqlite3") as outbox:
        entry = outbox.get(ref)
        assert entry is not None and entry.possibly_duplicated


def test_sends_until_the_disk_is_full_never_exit_1_for_a_committed_order(
    shop: Shop, disk: Path, sandbox: Sandbox
) -> None:
    said: list[str] = []
    for _ in range(3):
        code, out, _ = shop.send()
        assert code == 0
        said.append(out.split()[1])
    # leave ~100 KB free: a few orders fill it
    filler = disk / "most"
    free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
    filler.write_bytes(b"\0" * max(0, free - 100_000))
    refused = 0
    for _ in range(200):
        code, out, err = shop.send()
        if code == 0:
            assert out.startswith(("sent REGENT-01-", "queued REGENT-01-")), out
            said.append(out.split()[1].rstrip(":"))
            continue
        refused += 1
        assert code == 1 and out == "", out
        assert_named_not_damaged(err, "the disk is full")
        if refused == 5:
            break
    assert refused == 5, "the disk never filled up"
    filler.unlink()
    # Every order said queued or sent is there, and no refused one is.
    assert sorted(shop.refs()) == sorted(said)
    assert shop.run("queue", "flush", "--now")[0] == 0
    assert set(shop.refs().values()) == {State.SENT}
    assert {order["order"]["refCode"] for order in sandbox.orders()} == set(said)


def test_a_lock_file_that_is_a_folder_says_queued_and_names_it(shop: Shop) -> None:
    (shop.profile / "delivery.lock").mkdir(parents=True)
    code, out, err = shop.send()
    assert code == 0, err
    assert out.startswith("queued REGENT-01-")
    assert "delivery.lock" in out and "is a folder where a file belongs" in out
    assert "Traceback" not in out + err
    assert len(shop.refs()) == 1


def test_a_flush_on_a_full_disk_leaves_the_orders_pending_and_says_so(
    shop: Shop, disk: Path, sandbox: Sandbox
) -> None:
    sandbox.go_offline()
    for _ in range(3):
        assert shop.send()[0] == 0
    sandbox.go_online()
    filler = fill(disk)
    _, out, err = shop.run("queue", "flush", "--now")
    assert_named_not_damaged(out + err, "the disk is full")
    assert "sent 3" not in out
    filler.unlink()
    assert len(shop.refs()) == 3
    assert shop.run("queue", "flush", "--now")[0] == 0
    assert set(shop.refs().values()) == {State.SENT}
    assert len({order["order"]["refCode"] for order in sandbox.orders()}) == 3


# -- item 1: a read-only profile is named as read-only ------------------------------------------
def test_a_read_only_profile_is_named_read_only_and_its_orders_stay(
    shop: Shop, disk: Path, sandbox: Sandbox
) -> None:
    sandbox.go_offline()
    assert shop.send()[0] == 0
    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
    try:
        code, out, err = shop.send()
        assert code == 1 and out == ""
        assert_named_not_damaged(err, "the profile is read-only")
        code, out, err = shop.run("queue", "status")
        assert "Traceback" not in err
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(disk)], check=True)
    assert len(shop.refs()) == 1


# -- item 2: the space reserve -----------------------------------------------------------------
def test_a_sale_below_the_reserve_is_refused_and_delivery_goes_on(
    disk: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    sandbox: Sandbox,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("POSAPP_SITE_TOKEN", TOKEN)
    shop = set_up(disk / "till", capsys, sandbox, "0.5")
    shop.order = tmp_path / "order.json"
    shop.order.write_text(ORDER)
    sandbox.go_offline()
    for _ in range(3):
        assert shop.send()[0] == 0
    free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
    (disk / "filler").write_bytes(b"\0" * (free - 400_000))  # below the 0.5 MB reserve
    code, out, err = shop.send()
    assert code == 1 and out == ""
    assert err.startswith("posapp: The till's disk is almost full: the sale is not taken; tell IT")
    assert "MB free" in err
    assert len(shop.refs()) == 3  # nothing added
    sandbox.go_online()
    assert shop.run("queue", "flush", "--now")[0] == 0  # inside the reserve, marks still go
    assert set(shop.refs().values()) == {State.SENT}


def test_the_write_ahead_log_gives_its_space_back_on_close(shop: Shop, sandbox: Sandbox) -> None:
    for _ in range(5):
        assert shop.send()[0] == 0
    wal = shop.profile / "outbox.sqlite3-wal"
    with Outbox(shop.profile / "outbox.sqlite3") as first:
        second = Outbox(shop.profile / "outbox.sqlite3")  # keeps the log alive past first.close
        first.set_paused("a test")
        second.set_paused(None)
        assert wal.stat().st_size > 0
    assert wal.stat().st_size == 0  # first's close checkpointed and truncated it
    second.close()


# -- item 6: permissions -----------------------------------------------------------------------
def test_errno_words() -> None:
    from posapp.files import describe_os_error

    assert describe_os_error(OSError(errno.ENOSPC, "x", "f")) == "the disk is full"
    assert describe_os_error(OSError(errno.EROFS, "x", "f")) == "the profile is read-only"
    assert describe_os_error(OSError(errno.EACCES, "x", "/p/f")) == "no permission to write /p/f"
    assert "input/output" in describe_os_error(OSError(errno.EIO, "x", "f"))


@pytest.fixture
def umask_022() -> Iterator[None]:
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.usefixtures("umask_022")
def test_forty_profiles_made_under_umask_022_are_this_users_only(tmp_path: Path) -> None:
    from posapp.files import write_atomically
    from posapp.outbox.lock import DeliveryLock
    from posapp.outbox.sale_in_progress import SaleInProgress
    from posapp.setup.logs import setup_logging
    from posapp.setup.profile import Profile

    for n in range(40):
        root = tmp_path / f"shop{n}" / "deep" / "till"
        profile = Profile.locate(root)
        profile.ensure_dirs()
        setup_logging(profile)  # as every front end starts: it makes the log folder
        made = [tmp_path / f"shop{n}", tmp_path / f"shop{n}" / "deep", root, root / "logs"]
        assert {str(p): mode(p) for p in made} == {str(p): 0o700 for p in made}
        with Outbox(profile.outbox_file) as outbox:
            outbox.set_paused("a test")  # a write: the log and its index exist now
            wal = Path(f"{profile.outbox_file}-wal")
            shm = Path(f"{profile.outbox_file}-shm")
            assert (mode(profile.outbox_file), mode(wal), mode(shm)) == (0o600, 0o600, 0o600)
        with DeliveryLock(profile.lock_file):
            assert mode(profile.lock_file) == 0o600
        SaleInProgress(profile.sale_in_progress_file).close()
        assert mode(profile.sale_in_progress_file) == 0o600
        write_atomically(root / "new" / "export.csv", b"x")
        assert (mode(root / "new"), mode(root / "new" / "export.csv")) == (0o700, 0o600)


@pytest.mark.usefixtures("umask_022")
def test_an_old_lock_file_is_made_this_users_only(tmp_path: Path) -> None:
    from posapp.outbox.lock import DeliveryLock

    lock = tmp_path / "delivery.lock"
    lock.write_text("123")
    lock.chmod(0o644)
    with DeliveryLock(lock):
        assert mode(lock) == 0o600


@pytest.mark.usefixtures("umask_022")
def test_exports_are_this_users_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sandbox: Sandbox
) -> None:
    shop = set_up(tmp_path / "till", capsys, sandbox, "0")
    shop.order = tmp_path / "order.json"
    shop.order.write_text(ORDER)
    sandbox.go_offline()
    assert shop.send()[0] == 0
    outputs = {
        "queue.jsonl": ("queue", "export", "--state", "pending"),
        "settings.toml": ("config", "export"),
        "catalog.csv": ("catalog", "export"),
    }
    for name, command in outputs.items():
        target = tmp_path / name
        code, out, err = shop.run(*command, str(target))
        assert code == 0, (command, out, err)
        assert mode(target) == 0o600, name


def sqlite_file(path: Path, app_id: int, wal: bool) -> None:
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA application_id={app_id}")
    if wal:
        db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE theirs (x)")
    db.commit()
    db.close()
    path.chmod(0o644)


@pytest.mark.parametrize(("app_id", "wal"), [(0x12345678, True), (0x12345678, False), (0, False)])
def test_a_foreign_file_is_refused_before_anything_is_changed(
    tmp_path: Path, app_id: int, wal: bool
) -> None:
    from posapp.outbox.store import OutboxError

    path = tmp_path / "outbox.sqlite3"
    sqlite_file(path, app_id, wal)
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    with pytest.raises(OutboxError, match="has not been touched"):
        Outbox(path)
    assert mode(path) == 0o644
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert not Path(f"{path}-wal").exists() and not Path(f"{path}-shm").exists()


# -- item 5: refCodes unique per till even when the outbox is lost -----------------------------
NOON = datetime(2026, 11, 28, 12, 0).timestamp()  # local time: the till's day


def five_sales(path: Path, at: float = 0.1) -> list[str]:
    """Five sales in the same second (``at`` s past noon, under a second apart)."""
    from tests.helpers import simple_order

    with Outbox(path, clock=lambda: NOON + at) as outbox:
        return [
            outbox.enqueue_new("T1", lambda ref: replace(simple_order(), ref_code=ref)).ref_code
            for _ in range(5)
        ]


def delete_outbox(path: Path) -> None:
    for name in ("", "-wal", "-shm", "-session"):
        Path(f"{path}{name}").unlink(missing_ok=True)


def test_a_deleted_outbox_never_hands_out_a_number_twice_and_is_reported(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "outbox.sqlite3"
    first = five_sales(path)
    numbers = Path(f"{path}-numbers")
    assert mode(numbers) == 0o600
    with Outbox(path, clock=lambda: NOON) as outbox:
        assert outbox.status().lost_on is None  # the same outbox: nothing to report
    delete_outbox(path)
    with caplog.at_level(logging.ERROR):
        second = five_sales(path, at=0.6)  # the same second as the first five
    assert len(set(first + second)) == 10
    assert "was lost or emptied on 2026-11-28" in caplog.text
    with Outbox(path, clock=lambda: NOON) as outbox:
        status = outbox.status()
    assert status.lost == (
        "the outbox was lost or emptied on 2026-11-28: orders from before may be missing; tell IT"
    )


def test_the_reserved_block_costs_one_write_per_thousand_numbers(tmp_path: Path) -> None:
    from posapp.outbox.numbering import BLOCK, Numbering

    path = tmp_path / "outbox.sqlite3"
    first = five_sales(path)
    numbers = Numbering(path)
    record = numbers.read()
    assert record is not None
    assert record.reserved == int(first[0].rsplit("-", 1)[1]) + BLOCK - 1
    written = Path(f"{path}-numbers").stat().st_mtime_ns, Path(f"{path}-numbers").stat().st_ino
    five_sales(path)
    assert (Path(f"{path}-numbers").stat().st_mtime_ns, Path(f"{path}-numbers").stat().st_ino) == (
        written
    )


def test_a_zero_length_outbox_is_reported_in_queue_status_and_numbers_go_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sandbox: Sandbox
) -> None:
    shop = set_up(tmp_path / "till", capsys, sandbox, "0")
    shop.order = tmp_path / "order.json"
    shop.order.write_text(ORDER)
    sandbox.go_offline()
    said = [shop.send()[1].split()[1].rstrip(":") for _ in range(3)]
    code, out, _ = shop.run("queue", "status")
    assert code == 0 and "lost" not in out
    outbox = shop.profile / "outbox.sqlite3"
    assert not Path(f"{outbox}-wal").exists()
    outbox.write_bytes(b"")  # emptied
    code, out, _ = shop.run("queue", "status")
    assert code == 0
    assert "WARNING: the outbox was lost or emptied on " in out
    assert "orders from before may be missing; tell IT" in out
    again = shop.send()[1].split()[1].rstrip(":")
    assert again not in said
    assert "lost or emptied" in shop.run("queue", "status")[1]  # it stays reported
    code, out, _ = shop.run("queue", "acknowledge-lost")  # until IT has looked into it
    assert code == 0 and "is no longer reported (the log keeps the record)" in out
    code, out, _ = shop.run("queue", "status")
    assert code == 0 and "lost" not in out
    code, out, _ = shop.run("queue", "acknowledge-lost")
    assert code == 0 and out.startswith("no lost outbox is reported")
    assert again != shop.send()[1].split()[1].rstrip(":")  # numbers go on, never reused


def test_a_first_outbox_and_an_existing_one_without_the_file_are_not_reported(
    tmp_path: Path,
) -> None:
    path = tmp_path / "outbox.sqlite3"
    five_sales(path)
    Path(f"{path}-numbers").unlink()  # as after an update from a posapp without the file
    with Outbox(path) as outbox:
        assert outbox.status().lost_on is None
    assert Path(f"{path}-numbers").exists()


def sqlite_error(code: int, text: str) -> sqlite3.Error:
    exc = sqlite3.OperationalError(text)
    exc.sqlite_errorcode = code  # as SQLite sets it (Python 3.11)
    return exc


def test_sqlite_errors_are_named_by_their_code_damage_only_for_damage(tmp_path: Path) -> None:
    from posapp.outbox.opening import failed

    path = tmp_path / "outbox.sqlite3"
    said = failed(path, sqlite_error(10 | (3 << 8), "disk I/O error"))  # SQLITE_IOERR_WRITE
    assert_named_not_damaged(said, "the disk failed to read or write")
    assert "never delete it" in said
    said = failed(path, sqlite_error(13, "database or disk is full"))
    assert_named_not_damaged(said, "the disk is full")
    said = failed(path, sqlite_error(11, "database disk image is malformed"))  # SQLITE_CORRUPT
    assert "is damaged or is not a posapp outbox" in said
    said = failed(path, sqlite_error(26, "file is not a database"))  # SQLITE_NOTADB
    assert "is damaged or is not a posapp outbox" in said
