"""A till process for the kill tests: enqueues orders as fast as it can, and delivers them.

Run as ``python -m tests.integration.crash_child OUTBOX PREFIX SANDBOX_URL``. It prints
``ready``, then one refCode per line, each only after its ``enqueue`` has returned. The test
kills it with SIGKILL at a random moment.
"""

from __future__ import annotations

import sys
from pathlib import Path

from posapp.outbox.delivery import DeliveryWorker
from posapp.outbox.store import Outbox
from posapp.tracker.client import TrackerClient
from posapp.tracker.token import SiteToken
from tests.conftest import SITE, TOKEN
from tests.helpers import simple_order


def main() -> None:
    path, prefix, url = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    client = TrackerClient(url, SITE, SiteToken(TOKEN), read_timeout=5.0)
    worker = DeliveryWorker(lambda: Outbox(path), client, poll_interval=0.01).start()
    with Outbox(path) as outbox:
        print("ready", flush=True)
        n = 0
        while True:
            n += 1
            ref = f"{prefix}-{n}"
            outbox.enqueue(simple_order(ref))
            print(ref, flush=True)
            worker.wake()


if __name__ == "__main__":
    main()
