"""Peak memory of ``posapp queue status`` with 100,000 orders in the outbox, against an empty
outbox, each in a fresh process. Nothing should be loaded per order."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from posapp.outbox.store import Outbox
from tests.helpers import simple_order

N = 100_000
ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import resource, sys; from posapp.cli import main; code = main(sys.argv[1:]); "
    "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr); sys.exit(code)"
)


def peak_kib(profile: Path) -> int:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, "--profile", str(profile), "queue", "status"],
        capture_output=True, text=True, check=True, cwd=ROOT,
    )  # fmt: skip
    return int(result.stderr.strip().splitlines()[-1])


def main() -> None:
    with tempfile.TemporaryDirectory() as directory:
        empty, full = Path(directory) / "empty", Path(directory) / "full"
        Outbox(empty / "outbox.sqlite3").close()
        with Outbox(full / "outbox.sqlite3") as outbox, outbox._transaction() as db:
            for n in range(N):
                outbox._insert(db, simple_order(f"M-{n}"))
        with Outbox(full / "outbox.sqlite3") as outbox:  # a realistic mix of states
            for _ in range(N // 2):
                entry = outbox.claim_next(ignore_backoff=True)
                assert entry is not None
                outbox.mark_sent(entry.id)
        size_mb = (full / "outbox.sqlite3").stat().st_size / 1e6
        small = min(peak_kib(empty) for _ in range(3))
        large = min(peak_kib(full) for _ in range(3))
    print("peak memory of `posapp queue status` (max RSS, best of 3 runs):")
    print(f"  empty outbox:              {small / 1024:6.1f} MiB")
    print(f"  {N:,} orders ({size_mb:.0f} MB file): {large / 1024:6.1f} MiB")
    print(f"  ratio: {large / small:.2f}x  (target: at most 1.2x)")


if __name__ == "__main__":
    main()
