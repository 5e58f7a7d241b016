"""A local stand-in for the offline order tracking endpoint, for the demo, the tests and go-live.

It listens on loopback only and behaves as the spec describes: it checks the headers, the JSON
and the required fields, answers ``{"status":"OK"}`` or ``{"status":"fail","errors":[...]}``,
and 401 for a wrong site or token. Accepted orders are kept in memory. Given a server TLS
context (``tls``), it speaks HTTPS, for the tests of proxies and company certificates.

Control endpoints (not part of the vendor's API):

* ``GET /_sandbox/orders``: every accepted order body, as a JSON list; ``DELETE`` forgets them.
* ``GET /_sandbox/stats``: ``{"requests": N, "accepted": N}``.
* ``POST /_sandbox/faults``: queue a fault for the next order requests, one JSON object:
  ``{"kind": "status", "status": 503, "count": 3, "retry_after": "5"}`` answers with that HTTP
  status; ``{"kind": "delay", "seconds": 2}`` answers late; ``{"kind": "drop", "record": true}``
  reads the request (and with ``record`` accepts it) then closes the connection without an
  answer; ``{"kind": "warning"}`` accepts with a warning; ``{"kind": "refuse", "seconds": 5}``
  stops listening for that long. ``count`` defaults to 1; 0 means until cleared.
  ``GET`` lists the queued faults, ``DELETE`` clears them.
"""

from __future__ import annotations

import json
import logging
import signal
import socket
import ssl
import threading
import time
from collections import deque
from decimal import Decimal
from http.server import BaseHTTPRequestHandler
from typing import Any

from posapp.tracker.endpoint import CHANNELS, ENDPOINT_PATH, is_loopback_host
from posapp.tracker.sandbox_rules import FAULT_KINDS, Fault, check_order_body
from posapp.tracker.sandbox_server import SandboxServer

__all__ = [
    "DEMO_SITE",
    "DEMO_TOKEN",
    "FAULT_KINDS",
    "Fault",
    "Sandbox",
    "check_order_body",
    "serve",
]

log = logging.getLogger(__name__)

# The most the sandbox reads of one request body (headers are bounded by http.server: 64 KiB a
# line, 100 lines); a larger Content-Length is answered 413 without reading a byte of it.
MAX_BODY = 1024 * 1024
# A client that stops sending in the middle of a request is dropped after this many seconds.
READ_TIMEOUT = 30.0
DEMO_SITE = "demo"
DEMO_TOKEN = "demo-token"  # noqa: S105 - the sandbox's own token, printed when it starts


class SandboxState:
    """What the sandbox knows and has been told, shared by its request threads."""

    def __init__(self, site: str, token: str) -> None:
        self.site = site
        self.token = token
        self.lock = threading.Lock()
        self.orders: list[Any] = []
        self.faults: deque[Fault] = deque()
        self.requests = 0
        self.connections = 0

    def next_fault(self) -> Fault | None:
        with self.lock:
            self.requests += 1
            if not self.faults:
                return None
            fault = self.faults[0]
            if fault.count == 1:
                self.faults.popleft()
            elif fault.count > 1:
                fault.count -= 1
            return Fault(**fault.to_json())


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = READ_TIMEOUT  # a socket timeout on every read of a request
    server: SandboxServer

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in separate writes; without this, each answer waits for
        # the client's delayed ACK (40 ms on Linux).
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("sandbox: " + format, *args)

    # -- helpers -------------------------------------------------------------------------------
    def _send_json(self, status: int, body: object, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body, default=str).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _fail(self, status: int, code: str, message: str) -> None:
        self._send_json(status, {"status": "fail", "errors": [{"code": code, "message": message}]})

    def _read_body(self) -> bytes | None:
        """The body, read only when its Content-Length is known and at most ``MAX_BODY``."""
        text = (self.headers.get("Content-Length") or "0").strip()
        if self.headers.get("Transfer-Encoding") is not None:
            self.close_connection = True
            self._fail(411, "LengthRequired", "send the order with a Content-Length")
            return None
        if not (text.isascii() and text.isdigit()) or len(text) > 18:
            self.close_connection = True
            self._fail(400, "MalformedJson", "bad Content-Length")
            return None
        if int(text) > MAX_BODY:
            self.close_connection = True
            self._fail(413, "PayloadTooLarge", f"an order is at most {MAX_BODY} bytes")
            return None
        return self.rfile.read(int(text))

    # -- the vendor's endpoint -----------------------------------------------------------------
    def do_POST(self) -> None:
        state = self.server.sandbox.state
        body = self._read_body()
        if body is None:
            return
        if self.path.startswith("/_sandbox/"):
            self._control_post(body)
            return
        fault = state.next_fault()
        if fault is not None and fault.kind == "delay":
            time.sleep(fault.seconds)
        if fault is not None and fault.kind == "status":
            headers = {"Retry-After": fault.retry_after} if fault.retry_after is not None else {}
            self._send_json(
                fault.status,
                {
                    "status": "fail",
                    "errors": [{"code": "InjectedFault", "message": f"HTTP {fault.status}"}],
                },
                headers,
            )
            return
        if fault is not None and fault.kind == "refuse":
            self.server.sandbox.refuse_for(fault.seconds)
            self.close_connection = True
            return
        if self.path != ENDPOINT_PATH:
            self._fail(404, "NotFound", f"no endpoint at {self.path}")
            return
        answer = self._order(body, record=fault is None or fault.kind != "drop" or fault.record)
        if fault is not None and fault.kind == "drop":
            self.close_connection = True
            return
        status, reply = answer
        if fault is not None and fault.kind == "warning" and reply.get("status") == "OK":
            reply = {
                "status": "warning",
                "warnings": [{"code": "InjectedWarning", "message": "test"}],
            }
        self._send_json(status, reply)

    def _order(self, body: bytes, record: bool) -> tuple[int, dict[str, Any]]:
        state = self.server.sandbox.state
        site, token = self.headers.get("site"), self.headers.get("siteToken")
        if site != state.site or token != state.token:
            reason = "unknown site" if site != state.site else "wrong site token"
            return 401, {"status": "fail", "errors": [{"code": "Unauthorized", "message": reason}]}
        errors: list[dict[str, str]] = []
        if self.headers.get("channel") not in CHANNELS:
            errors.append({"code": "MissingOrMalformedChannel", "message": "channel header"})
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if content_type != "application/json":
            errors.append({"code": "UnsupportedContentType", "message": "send application/json"})
        parsed: Any = None
        if not errors:
            try:
                parsed = json.loads(body.decode("utf-8"), parse_float=Decimal)
            except (UnicodeDecodeError, ValueError):
                errors.append({"code": "MalformedJson", "message": "the body is not valid JSON"})
            else:
                errors = check_order_body(parsed)
        if errors:
            return 200, {"status": "fail", "errors": errors}
        if record:
            with state.lock:
                state.orders.append(json.loads(body.decode("utf-8")))
        return 200, {"status": "OK"}

    # -- control -------------------------------------------------------------------------------
    def do_GET(self) -> None:
        state = self.server.sandbox.state
        with state.lock:
            if self.path == "/_sandbox/orders":
                self._send_json(200, list(state.orders))
            elif self.path == "/_sandbox/faults":
                self._send_json(200, [fault.to_json() for fault in state.faults])
            elif self.path == "/_sandbox/stats":
                self._send_json(200, {"requests": state.requests, "accepted": len(state.orders)})
            else:
                self._fail(404, "NotFound", f"no page at {self.path}")

    def do_DELETE(self) -> None:
        state = self.server.sandbox.state
        with state.lock:
            if self.path == "/_sandbox/orders":
                state.orders.clear()
            elif self.path == "/_sandbox/faults":
                state.faults.clear()
            else:
                self._fail(404, "NotFound", f"no page at {self.path}")
                return
        self._send_json(200, {"status": "OK"})

    def _control_post(self, body: bytes) -> None:
        if self.path != "/_sandbox/faults":
            self._fail(404, "NotFound", f"no page at {self.path}")
            return
        try:
            fault = Fault.from_json(json.loads(body.decode("utf-8") or "null"))
        except (UnicodeDecodeError, ValueError, TypeError) as exc:
            self._fail(400, "BadFault", str(exc))
            return
        self.server.sandbox.add_fault(fault)
        self._send_json(200, {"status": "OK"})


class Sandbox:
    """The sandbox server, run on a background thread. ``port=0`` picks a free port.

    ``go_offline()`` closes the listening socket and every open connection, so clients see
    "connection refused"; ``go_online()`` listens again on the same port.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        site: str = DEMO_SITE,
        token: str = DEMO_TOKEN,
        tls: ssl.SSLContext | None = None,
    ) -> None:
        if not is_loopback_host(host):
            raise ValueError(f"the sandbox listens on this machine only, not on {host}")
        self.host = host
        self.port = port
        self.tls = tls
        self.state = SandboxState(site, token)
        self._server: SandboxServer | None = None
        self._thread: threading.Thread | None = None
        self._switch = threading.Lock()

    @property
    def base_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{'https' if self.tls else 'http'}://{host}:{self.port}"

    @property
    def url(self) -> str:
        """The order endpoint URL to give the client."""
        return self.base_url + ENDPOINT_PATH

    @property
    def online(self) -> bool:
        return self._server is not None

    def start(self) -> Sandbox:
        self.go_online()
        return self

    def stop(self) -> None:
        self.go_offline()

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def go_online(self) -> None:
        with self._switch:
            if self._server is not None:
                return
            server = SandboxServer((self.host, self.port), self, _Handler, READ_TIMEOUT)
            self.port = server.server_address[1]
            self._server = server
            self._thread = threading.Thread(
                target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True,
                name=f"sandbox:{self.port}",
            )  # fmt: skip
            self._thread.start()

    def go_offline(self) -> None:
        with self._switch:
            server, thread = self._server, self._thread
            self._server = self._thread = None
        if server is None:
            return
        server.shutdown()
        server.server_close()
        server.drop_connections()
        if thread is not None:
            thread.join(timeout=5)

    def refuse_for(self, seconds: float) -> None:
        """Stop listening now and come back after ``seconds`` (used by the ``refuse`` fault)."""
        threading.Thread(target=self._refuse, args=(seconds,), daemon=True).start()

    def _refuse(self, seconds: float) -> None:
        self.go_offline()
        time.sleep(seconds)
        self.go_online()

    # -- what tests and the demo use -----------------------------------------------------------
    def add_fault(self, fault: Fault) -> None:
        with self.state.lock:
            self.state.faults.append(fault)

    def fail_next(self, status: int, count: int = 1, retry_after: str | None = None) -> None:
        self.add_fault(Fault("status", count=count, status=status, retry_after=retry_after))

    def clear_faults(self) -> None:
        with self.state.lock:
            self.state.faults.clear()

    def orders(self) -> list[Any]:
        with self.state.lock:
            return list(self.state.orders)

    @property
    def requests(self) -> int:
        """Requests to the order endpoint so far."""
        with self.state.lock:
            return self.state.requests

    @property
    def connections_opened(self) -> int:
        with self.state.lock:
            return self.state.connections


def _stop_on_term(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def serve(host: str, port: int, site: str, token: str) -> None:
    """Run a sandbox in the foreground until Ctrl+C or SIGTERM (``posapp sandbox``); either
    stops it cleanly. (A shell script's background job starts with Ctrl+C ignored: SIGTERM,
    what ``kill`` and service managers send, still stops it.)"""
    signal.signal(signal.SIGTERM, _stop_on_term)
    sandbox = Sandbox(host, port, site, token).start()
    print(f"sandbox endpoint: {sandbox.url}")
    print(f"site: {site}   site token: {token}   channel: one of {', '.join(CHANNELS)}")
    print(f"accepted orders: {sandbox.base_url}/_sandbox/orders   (Ctrl+C stops)", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        sandbox.stop()
