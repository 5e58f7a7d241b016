"""Reading an answer from the endpoint with a hard cap, compressed and inflated.

Every documented answer is a few hundred bytes. At most ``MAX_REPLY`` raw bytes are read off
the connection; gzip and deflate are inflated here, by hand, to at most ``MAX_REPLY`` bytes
as well, so a 1 MB gzip bomb that inflates to 1 GiB costs 64 KiB. A larger answer is not read
at all: its body counts as absent, and the status alone decides (a 2xx without a readable
body is an unknown outcome).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import httpx

from posapp.domain.text import shown

MAX_REPLY = 64 * 1024
ACCEPT_ENCODING = "gzip, deflate"


@dataclass(frozen=True)
class Reply:
    """The body as read, or empty with ``problem`` saying why it was not."""

    content: bytes
    problem: str = ""


def read_reply(response: httpx.Response, limit: int = MAX_REPLY) -> Reply:
    too_large = Reply(b"", f"the answer is larger than {limit // 1024} KiB and was not read")
    if response.is_stream_consumed:  # made from bytes in memory (a test's transport): decoded
        return Reply(response.content) if len(response.content) <= limit else too_large
    raw = bytearray()
    for chunk in response.iter_raw():
        raw += chunk
        if len(raw) > limit:
            return too_large
    data = bytes(raw)
    header = response.headers.get("Content-Encoding", "")
    for encoding in reversed([part.strip().lower() for part in header.split(",")]):
        if encoding in {"", "identity"}:
            continue
        if encoding not in {"gzip", "x-gzip", "deflate"}:
            return Reply(
                b"", f"the answer is in an encoding posapp does not read ({shown(encoding)})"
            )
        try:
            inflated = _inflate(data, encoding, limit)
        except zlib.error:
            return Reply(b"", f"the answer's {encoding} encoding is damaged")
        if inflated is None:
            return too_large
        data = inflated
    return Reply(data)


def _inflate(data: bytes, encoding: str, limit: int) -> bytes | None:
    """At most ``limit`` inflated bytes; None when there would be more."""
    if encoding == "deflate":
        try:  # a zlib stream, as the RFC says; some servers send raw deflate instead
            return _bounded(zlib.decompressobj(zlib.MAX_WBITS), data, limit)
        except zlib.error:
            return _bounded(zlib.decompressobj(-zlib.MAX_WBITS), data, limit)
    return _bounded(zlib.decompressobj(16 + zlib.MAX_WBITS), data, limit)


def _bounded(inflater: zlib._Decompress, data: bytes, limit: int) -> bytes | None:
    out = inflater.decompress(data, limit + 1)
    return None if len(out) > limit else out
