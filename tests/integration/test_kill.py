"""SIGKILL at random moments while a till enqueues and sends: nothing that was queued is lost.

Each round starts a real process (tests/integration/crash_child.py) that enqueues orders in a
tight loop while its delivery worker sends them to the sandbox, and kills it at a random
moment: during a commit, during a send, between the two. After every kill the outbox must
hold every order whose enqueue had returned, and pass SQLite's integrity check.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from posapp.outbox.delivery import Deliverer
from posapp.outbox.store import Outbox, State
from posapp.tracker.client import TrackerClient
from posapp.tracker.sandbox import Fault, Sandbox
from posapp.tracker.token import SiteToken
from tests.conftest import SITE, TOKEN

ROOT = Path(__file__).resolve().parents[2]
KILLS = int(os.environ.get("KILLS", "50"))


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_orders_survive_sigkill_at_random_points(tmp_path: Path, sandbox: Sandbox) -> None:
    path = tmp_path / "outbox.sqlite3"
    rng = random.Random(20261127)
    # slow answers, so that many kills land while a request is in flight
    sandbox.add_fault(Fault("delay", seconds=0.004, count=0))
    promised: list[str] = []
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for round_no in range(KILLS):
        with subprocess.Popen(
            [sys.executable, "-m", "tests.integration.crash_child", str(path), f"K{round_no}", sandbox.url],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, cwd=ROOT,
        ) as child:  # fmt: skip
            assert child.stdout is not None
            assert child.stdout.readline() == b"ready\n"
            time.sleep(rng.uniform(0.0, 0.15))
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=10)
            printed = child.stdout.read().decode().split("\n")[:-1]  # the last may be cut off
        promised += [line for line in printed if line.startswith(f"K{round_no}-")]
        with Outbox(path) as outbox:
            assert outbox.integrity_check() == "ok"
            present = {entry.ref_code for entry in outbox.entries()}
            missing = [ref for ref in promised if ref not in present]
            assert missing == [], f"round {round_no}: queued orders lost: {missing[:5]}"

    assert len(promised) > KILLS  # the kills did land among real work
    sandbox.clear_faults()
    with Outbox(path) as outbox, TrackerClient(sandbox.url, SITE, SiteToken(TOKEN)) as client:
        outbox.recover_interrupted()
        deliverer = Deliverer(outbox, client)
        while deliverer.deliver_one(ignore_backoff=True) is not None:
            pass
        entries = {entry.ref_code: entry for entry in outbox.entries()}
        assert outbox.status().counts == {State.SENT: len(entries)}
    copies: dict[str, int] = {}
    for order in sandbox.orders():
        copies[order["order"]["refCode"]] = copies.get(order["order"]["refCode"], 0) + 1
    assert set(copies) == set(entries)
    # an order arrives twice only when an attempt's outcome was unknown, never after an OK
    twice = [ref for ref, n in copies.items() if n > 1]
    assert all(entries[ref].possibly_duplicated for ref in twice)
