"""A sandbox endpoint in its own process, so that the benchmarked client has the GIL to itself."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SITE = "bench"
TOKEN = "bench-token"


@contextmanager
def sandbox_process() -> Iterator[str]:
    """Yields the endpoint URL of a ``posapp sandbox`` running on a free port."""
    command = [
        sys.executable,
        str(ROOT / "main.py"),
        "sandbox",
        "--port",
        "0",
        "--site",
        SITE,
        "--token",
        TOKEN,
    ]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as process:
        try:
            assert process.stdout is not None
            first = process.stdout.readline()
            yield first.split(": ", 1)[1].strip()
        finally:
            process.terminate()
