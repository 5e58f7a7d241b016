"""A sandbox endpoint in its own process, so that the benchmarked client has the GIL to itself."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from tests.helpers import posapp_sandbox

SITE = "bench"
TOKEN = "bench-token"


@contextmanager
def sandbox_process() -> Iterator[str]:
    """Yields the endpoint URL of a ``posapp sandbox`` running on a free port."""
    with posapp_sandbox(SITE, TOKEN) as url:
        yield url
