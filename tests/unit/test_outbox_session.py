"""The outbox's integrity check runs after a shutdown that was not clean, not after a clean one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from posapp.outbox.session import Session
from posapp.outbox.store import Outbox
from tests.helpers import simple_order


def needs_check(path: Path) -> bool:
    session = Session(path)
    try:
        return session.needs_check
    finally:
        session.closed(cleanly=False)


def test_a_clean_shutdown_skips_the_check_and_a_new_file_has_it(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    assert needs_check(path)
    with Outbox(path) as box:
        box.enqueue(simple_order("R-1"))
    assert not needs_check(path)


def test_a_killed_session_is_checked_next_time(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    Outbox(path).close()
    child = (
        "import os, sys; from pathlib import Path; from posapp.outbox.store import Outbox; "
        "from tests.helpers import simple_order; box = Outbox(Path(sys.argv[1])); "
        "box.enqueue(simple_order('K-1')); os._exit(0)"
    )
    subprocess.run([sys.executable, "-c", child, str(path)], check=True)
    assert needs_check(path)
    with Outbox(path) as box:  # checked, then closed cleanly
        assert box.get("K-1") is not None
    assert not needs_check(path)


def test_a_file_changed_by_another_program_is_checked(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    Outbox(path).close()
    with path.open("r+b") as handle:
        handle.seek(200)
        handle.write(b"\x00")
    assert needs_check(path)


def test_only_the_last_connection_out_marks_the_shutdown_clean(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    first = Outbox(path)
    second = Outbox(path)
    assert not second._session.needs_check  # it joined a session whose first opener checked
    first.close()
    second.enqueue(simple_order("R-2"))
    crash_marker = (tmp_path / "outbox.sqlite3-session").read_bytes()
    assert crash_marker == b"open"  # were the till to die now, the next start checks
    second.close()
    assert not needs_check(path)


def test_a_version_1_outbox_gets_its_sent_counter_from_the_orders_it_holds(tmp_path: Path) -> None:
    import sqlite3

    from posapp.outbox.opening import _MIGRATIONS, APPLICATION_ID
    from posapp.outbox.store import State

    path = tmp_path / "outbox.sqlite3"
    db = sqlite3.connect(path)
    db.executescript(_MIGRATIONS[1])
    db.execute("INSERT INTO meta (key, value) VALUES ('created_at', '0')")
    for n, state in enumerate(["sent", "sent", "pending", "parked", "sent"]):
        db.execute(
            "INSERT INTO orders (ref_code, payload, state, next_attempt_at, created_at, "
            "sent_at, currency, total) VALUES (?, x'7b7d', ?, 0, 0, ?, 'GBP', '1.00')",
            (f"V1-{n}", state, 0 if state == "sent" else None),
        )
    db.execute(f"PRAGMA application_id={APPLICATION_ID}")
    db.execute("PRAGMA user_version=1")
    db.commit()
    db.close()
    with Outbox(path) as box:
        assert box.status().counts == {State.SENT: 3, State.PENDING: 1, State.PARKED: 1}
        entry = box.claim_next(ignore_backoff=True)
        assert entry is not None
        box.mark_sent(entry.id)
        box.retry("V1-3")
        assert box.status().counts == {State.SENT: 4, State.PENDING: 1}
        assert box.prune_sent(-1) == 4
        assert box.status().counts == {State.PENDING: 1}
