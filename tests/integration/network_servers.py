"""What a store network puts between a till and the endpoint, on 127.0.0.1 for the tests: an
HTTP proxy that tunnels CONNECT (and records each request line it gets), one that wants a
password (407), one that drips what it tunnels, and a port where nothing listens; and the
sandbox speaking HTTPS with a certificate from a test CA (``trustme``)."""

from __future__ import annotations

import datetime
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import trustme

from posapp.tracker.sandbox import Sandbox
from tests.integration.hostile_servers import accepting


@dataclass
class ProxyLog:
    """What the proxy saw: each request's first line and its Proxy-Authorization, if any."""

    lines: list[str] = field(default_factory=list)
    auth: list[str] = field(default_factory=list)
    relayed: list[int] = field(default_factory=lambda: [0])  # bytes sent back to the client

    @property
    def connects(self) -> list[str]:
        return [line for line in self.lines if line.startswith("CONNECT ")]


def _read_head(conn: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(4096)
        if not chunk:
            return b""
        data += chunk
    return data


def _pump(source: socket.socket, target: socket.socket, log: ProxyLog, drip: float) -> None:
    first = True
    with suppress(OSError):
        while chunk := source.recv(65536):
            if not drip or first:  # the first flight (the TLS handshake's) goes at once
                first = False
                target.sendall(chunk)
                log.relayed[0] += len(chunk)
                continue
            for start in range(0, len(chunk), 16):  # 16 bytes every ``drip`` s
                target.sendall(chunk[start : start + 16])
                log.relayed[0] += len(chunk[start : start + 16])
                time.sleep(drip)
    with suppress(OSError):
        target.shutdown(socket.SHUT_WR)


@contextmanager
def connect_proxy(mode: str = "tunnel", drip: float = 0.0) -> Iterator[tuple[str, ProxyLog]]:
    """An HTTP proxy on 127.0.0.1 and what it saw. ``mode``: ``tunnel`` (CONNECT, any target
    on 127.0.0.1), ``407`` (wants a password, and refuses every one). ``drip``: after the
    endpoint's first flight of bytes (its TLS handshake), the tunnel sends what the endpoint
    says 16 bytes at a time, every ``drip`` seconds."""
    listener = socket.create_server(("127.0.0.1", 0))
    log = ProxyLog()

    def serve(conn: socket.socket) -> None:
        with conn, suppress(OSError):
            head = _read_head(conn)
            if not head:
                return
            lines = head.decode("latin-1").split("\r\n")
            log.lines.append(lines[0])
            log.auth += [
                line.split(":", 1)[1].strip()
                for line in lines
                if line.lower().startswith("proxy-authorization:")
            ]
            method, target, _ = lines[0].split(" ", 2)
            if mode == "407":
                conn.sendall(
                    b"HTTP/1.1 407 Proxy Authentication Required\r\n"
                    b'Proxy-Authenticate: Basic realm="store"\r\nContent-Length: 0\r\n\r\n'
                )
                return
            host, _, port = target.rpartition(":")
            if method != "CONNECT" or host != "127.0.0.1":
                conn.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
                return
            with socket.create_connection((host, int(port)), timeout=30) as upstream:
                conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
                back = threading.Thread(target=_pump, args=(upstream, conn, log, drip), daemon=True)
                back.start()
                _pump(conn, upstream, ProxyLog(), 0.0)
                back.join(30)

    with accepting(listener, serve) as port:
        yield f"http://127.0.0.1:{port}", log


def dead_port() -> int:
    """A port on 127.0.0.1 where nothing listens (it was free a moment ago)."""
    with socket.create_server(("127.0.0.1", 0)) as probe:
        return int(probe.getsockname()[1])


@dataclass
class SigningCA:
    """A certificate authority made for one test, and its certificate as a PEM file."""

    ca: trustme.CA
    pem: Path

    def server_context(self, *names: str, expired: bool = False) -> ssl.SSLContext:
        if expired:
            now = datetime.datetime.now(datetime.UTC)
            cert = self.ca.issue_cert(
                *names,
                not_before=now - datetime.timedelta(days=30),
                not_after=now - datetime.timedelta(days=1),
            )
        else:
            cert = self.ca.issue_cert(*names)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        cert.configure_cert(context)
        return context


def make_ca(folder: Path) -> SigningCA:
    ca = trustme.CA(organization_name="posapp test CA")
    pem = folder / "company-ca.pem"
    ca.cert_pem.write_to_path(str(pem))
    return SigningCA(ca, pem)


@contextmanager
def https_sandbox(
    ca: SigningCA,
    *names: str,
    expired: bool = False,
    token: str = "tok-abc",  # noqa: S107
) -> Iterator[Sandbox]:
    """The sandbox on 127.0.0.1 over HTTPS, with a certificate from ``ca`` for ``names``
    (127.0.0.1 unless said)."""
    context = ca.server_context(*(names or ("127.0.0.1",)), expired=expired)
    with Sandbox(site="mysite", token=token, tls=context) as sandbox:
        yield sandbox
