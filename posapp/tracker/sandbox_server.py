"""The sandbox's server socket side: connections tracked, TLS when asked (``sandbox.py``)."""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from posapp.tracker.sandbox import Sandbox

log = logging.getLogger("posapp.tracker.sandbox")


class SandboxServer(ThreadingHTTPServer):
    """The sandbox's HTTP server: one thread per connection, every open connection known (so
    that going offline drops them), and TLS on each connection's own thread when given."""

    daemon_threads = True
    allow_reuse_address = True
    block_on_close = False

    def __init__(
        self,
        address: tuple[str, int],
        sandbox: Sandbox,
        handler: type[BaseHTTPRequestHandler],
        read_timeout: float,
    ) -> None:
        self.sandbox = sandbox
        self.tls = sandbox.tls
        self.read_timeout = read_timeout
        self.connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()
        super().__init__(address, handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self.connections_lock:
            self.connections.add(request)
        with self.sandbox.state.lock:
            self.sandbox.state.connections += 1
        super().process_request(request, client_address)

    def finish_request(self, request: Any, client_address: Any) -> None:
        if self.tls is None:
            super().finish_request(request, client_address)
            return
        # the handshake on the request's own thread: a client that never finishes it holds
        # no one else up
        request.settimeout(self.read_timeout)
        try:
            wrapped = self.tls.wrap_socket(request, server_side=True)
        except OSError:  # a client that does not trust the certificate hangs up: normal here
            log.debug("sandbox: TLS handshake with %s failed", client_address, exc_info=True)
            return
        with self.connections_lock:
            self.connections.discard(request)
            self.connections.add(wrapped)
        try:
            super().finish_request(wrapped, client_address)
        finally:
            with self.connections_lock:
                self.connections.discard(wrapped)
            with contextlib.suppress(OSError):
                wrapped.close()

    def shutdown_request(self, request: Any) -> None:
        with self.connections_lock:
            self.connections.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that gave up (read timeout, closed connection) is normal here, not a crash.
        log.debug("sandbox: connection from %s ended abruptly", client_address, exc_info=True)

    def drop_connections(self) -> None:
        with self.connections_lock:
            open_connections = list(self.connections)
        for conn in open_connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
