"""The release soak: kill ``posapp send``, ``queue flush`` and the till window at random
moments against a slow sandbox, then reconcile the outbox against what the endpoint received.

    python -m tests.soak --kills 1000            # one to two seconds a round on a small machine
    python -m tests.soak --kills 50 --no-window  # without the window (no Qt needed)

Every round starts one real process on one profile and SIGKILLs it at a moment drawn
uniformly from 0.4 to 1.4 times how long that kind of process normally takes (measured first),
so kills land late in start-up, in the outbox commit, the request, the wait for the answer and
the bookkeeping after it, and some processes finish first. After every kill the outbox must pass SQLite's integrity check and hold
every order a send had promised ("sent REF" or "queued REF" printed). At the end the sandbox's
faults are cleared, ``queue flush --now`` delivers the rest, and it prints:

    promised   orders a send said were sent or queued
    lost       promised orders that are not in the outbox or never reached the endpoint (must be 0)
    duplicates orders the endpoint received more than once, and how many of them the outbox
               flags as "possibly duplicated" (must be all)
    integrity  SQLite's integrity check after every kill (must be ok every time)

Exit status 0 when all three hold, 1 otherwise.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from posapp.outbox.store import Outbox, State
from posapp.tracker.sandbox import Fault, Sandbox

ROOT = Path(__file__).resolve().parents[1]
SITE, TOKEN = "soak", "soak-token-0123456789"
ORDER = json.dumps({"order": {"items": [{"refCode": "CB4551", "qty": 2, "price": 6.5}]}})


@dataclass
class Tally:
    kills: Counter[str] = field(default_factory=Counter)
    finished: Counter[str] = field(default_factory=Counter)  # ended before the kill came
    promised: set[str] = field(default_factory=set)
    integrity_failures: int = 0
    lost_during: int = 0


class Soak:
    def __init__(self, profile: Path, sandbox: Sandbox, rng: random.Random) -> None:
        self.profile = profile
        self.sandbox = sandbox
        self.rng = rng
        self.env = {k: v for k, v in os.environ.items() if k not in {"POSAPP_HOME"}}
        self.env.update(POSAPP_SITE_TOKEN=TOKEN, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
        self.tally = Tally()
        self.spans: dict[str, float] = {}

    def command(self, kind: str) -> list[str]:
        base = [sys.executable, str(ROOT / "main.py"), "--profile", str(self.profile)]
        return (
            base + {"send": ["send", "-"], "flush": ["queue", "flush", "--now"], "window": []}[kind]
        )

    def start(self, kind: str) -> subprocess.Popen[bytes]:
        child = subprocess.Popen(
            self.command(kind),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=self.env,
            cwd=ROOT,
        )
        assert child.stdin is not None
        child.stdin.write(ORDER.encode() if kind == "send" else b"")
        child.stdin.close()
        child.stdin = None  # so that communicate() does not flush it
        return child

    def calibrate(self, kinds: list[str]) -> None:
        """How long each kind of process takes when nobody kills it (the window: until its
        first delivery has surely happened; it would run for ever)."""
        for kind in kinds:
            if kind == "window":
                self.spans[kind] = 6.0
                continue
            durations = []
            for _ in range(3):
                began = time.monotonic()
                child = self.start(kind)
                out, _ = child.communicate(timeout=120)
                durations.append(time.monotonic() - began)
                self.note_promises(out)
            self.spans[kind] = statistics.median(durations)

    def note_promises(self, out: bytes) -> None:
        for line in out.decode(errors="replace").splitlines():
            words = line.split()
            if len(words) >= 2 and words[0] in {"sent", "queued"}:
                self.tally.promised.add(words[1].rstrip(":"))

    def round(self, kind: str) -> None:
        child = self.start(kind)
        # most of a process's life is Python starting up; draw the moment from the later
        # part, where it commits, sends, waits for the answer and records it
        time.sleep(self.rng.uniform(0.4, 1.4) * self.spans[kind])
        if child.poll() is None:
            child.send_signal(signal.SIGKILL)
            self.tally.kills[kind] += 1
        else:
            self.tally.finished[kind] += 1
        out, _ = child.communicate(timeout=60)
        lines = out.split(b"\n")[:-1]  # a last line without its newline may be cut off
        self.note_promises(b"\n".join(lines))
        self.check()

    def check(self) -> None:
        with Outbox(self.profile / "outbox.sqlite3") as outbox:
            if outbox.integrity_check() != "ok":
                self.tally.integrity_failures += 1
            present = {entry.ref_code for entry in outbox.entries()}
        self.tally.lost_during = len(self.tally.promised - present)

    def finish(self) -> dict[str, object]:
        self.sandbox.clear_faults()
        for _ in range(20):
            done = subprocess.run(
                self.command("flush"), env=self.env, capture_output=True, check=False
            )
            with Outbox(self.profile / "outbox.sqlite3") as outbox:
                counts = outbox.status().counts
            if set(counts) <= {State.SENT, State.PARKED}:
                break
            time.sleep(0.5)
        del done
        with Outbox(self.profile / "outbox.sqlite3") as outbox:
            integrity = outbox.integrity_check()
            entries = {entry.ref_code: entry for entry in outbox.entries()}
            counts = outbox.status().counts
        copies = Counter(order["order"]["refCode"] for order in self.sandbox.orders())
        promised = self.tally.promised
        lost = sorted(ref for ref in promised if ref not in entries or copies[ref] == 0)
        twice = [ref for ref, n in copies.items() if n > 1]
        flagged = [ref for ref in twice if ref in entries and entries[ref].possibly_duplicated]
        return {
            "kills": dict(self.tally.kills),
            "ended before the kill": dict(self.tally.finished),
            "orders in the outbox": len(entries),
            "states": {state.value: n for state, n in counts.items()},
            "received by the endpoint": sum(copies.values()),
            "promised": len(promised),
            "lost": len(lost),
            "lost refCodes": lost[:10],
            "duplicates": len(twice),
            "duplicates flagged": len(flagged),
            "flagged, arrived once": sum(
                1
                for ref, entry in entries.items()
                if entry.possibly_duplicated and copies[ref] == 1
            ),
            "unknown to the endpoint": sum(1 for ref in entries if copies[ref] == 0),
            "integrity": integrity if self.tally.integrity_failures == 0 else "FAILED",
            "integrity failures after a kill": self.tally.integrity_failures,
        }


def configure(profile: Path, url: str, env: dict[str, str]) -> None:
    for key, value in [
        ("site", SITE),
        ("endpoint", url),
        ("till_id", "soak-01"),
        ("store.store", "Soak Street"),
    ]:
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "main.py"),
                "--profile",
                str(profile),
                "config",
                "set",
                key,
                value,
            ],
            env=env,
            check=True,
            capture_output=True,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.soak", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--kills",
        type=int,
        default=100,
        help="kills to make (default 100); a process that ends "
        "before its kill comes makes a round without a kill",
    )
    parser.add_argument("--seed", type=int, default=20261128)
    parser.add_argument("--delay", type=float, default=0.3, help="the sandbox's delay per order, s")
    parser.add_argument("--no-window", action="store_true", help="kill only send and flush")
    parser.add_argument(
        "--minutes", type=float, default=0, help="stop starting rounds after this long (0: never)"
    )
    args = parser.parse_args(argv)
    kinds = ["send", "flush"]
    if not args.no_window and importlib.util.find_spec("PySide6") is not None:
        kinds.append("window")
    weights = {"send": 6, "flush": 3, "window": 1}
    rng = random.Random(args.seed)
    began = time.monotonic()
    with (
        tempfile.TemporaryDirectory(prefix="posapp-soak-") as tmp,
        Sandbox(site=SITE, token=TOKEN) as sandbox,
    ):
        sandbox.add_fault(Fault("delay", seconds=args.delay, count=0))
        soak = Soak(Path(tmp) / "till", sandbox, rng)
        configure(soak.profile, sandbox.url, soak.env)
        soak.calibrate(kinds)
        rounds = 0
        while sum(soak.tally.kills.values()) < args.kills:
            if args.minutes and time.monotonic() - began > args.minutes * 60:
                break
            rounds += 1
            kind = rng.choices(kinds, [weights[k] for k in kinds])[0]
            soak.round(kind)
            if rounds % 50 == 0:
                print(
                    f"  {rounds} rounds, {sum(soak.tally.kills.values())} kills, "
                    f"{len(soak.tally.promised)} promised, {soak.tally.lost_during} missing, "
                    f"{time.monotonic() - began:.0f} s",
                    flush=True,
                )
        figures = soak.finish()
    figures["rounds"] = rounds
    figures["seconds"] = round(time.monotonic() - began)
    print(json.dumps(figures, indent=2))
    good = (
        figures["lost"] == 0
        and figures["duplicates"] == figures["duplicates flagged"]
        and figures["integrity"] == "ok"
    )
    print("soak: PASSED" if good else "soak: FAILED")
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())
