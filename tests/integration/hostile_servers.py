"""Small hostile servers on 127.0.0.1 for the tests: each reads one request and answers it
the way a handler says (echo the token, drip, never answer, send a bomb)."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress

TOKEN = "tok-0123456789abcdefghij-SECRET-tail"
Handler = Callable[[socket.socket, bytes], None]


@contextmanager
def accepting(listener: socket.socket, serve: Callable[[socket.socket], None]) -> Iterator[int]:
    """Accept connections on ``listener`` in a thread, each served by ``serve`` in a thread of
    its own, until the block ends (then the listener is closed); yields its port."""
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=serve, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join(5)
        listener.close()


@contextmanager
def raw_server(handler: Handler) -> Iterator[str]:
    """A one-thread-per-connection server on 127.0.0.1 that reads one request (headers and a
    Content-Length body) and hands the socket and the request to ``handler``."""
    listener = socket.create_server(("127.0.0.1", 0))

    def serve(conn: socket.socket) -> None:
        with conn, suppress(OSError):
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(65536)
                if not chunk:
                    return
                data += chunk
            head, _, body = data.partition(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            while len(body) < length:
                body += conn.recv(65536)
            handler(conn, data)

    with accepting(listener, serve) as port:
        yield f"http://127.0.0.1:{port}/tracker/smart-api/orders/offline"


def answer(status: int, body: bytes, headers: dict[str, str] | None = None) -> bytes:
    lines = [f"HTTP/1.1 {status} X", f"Content-Length: {len(body)}", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def replying(data: bytes) -> Handler:
    def handler(conn: socket.socket, request: bytes) -> None:
        conn.sendall(data)

    return handler


def echo(status: int, shape: str, pad: int | None = None) -> Handler:
    """Answers ``status`` with the request's token in a body of ``shape``, after ``pad``
    characters (by default, so many that the token straddles the old cut)."""

    def handler(conn: socket.socket, request: bytes) -> None:
        token = next(
            line.split(b":", 1)[1].strip().decode()
            for line in request.split(b"\r\n")
            if line.lower().startswith(b"sitetoken:")
        )
        # the token straddles the old cut (300 characters; 120 for a Location): cut first, then
        # redacted, its first characters would be kept
        width = pad if pad is not None else 267 if shape != "location" else 71
        padded = "x" * width + " your token: " + token
        headers: dict[str, str] = {}
        if shape == "errors":
            body = json.dumps({"status": "fail", "errors": [{"code": token, "message": padded}]})
        elif shape == "warnings":
            body = json.dumps({"status": "warning", "warnings": [{"code": "W", "message": padded}]})
        elif shape == "escaped":
            body = json.dumps({"status": "fail", "errors": [padded.replace("-", "\\u002d")]})
            body = body.replace("\\\\u002d", "\\u002d")  # the dashes as JSON escapes
        elif shape == "location":
            headers["Location"] = "https://elsewhere.example/" + padded.replace(" ", "_")
            body = ""
        else:
            body = "<html>" + padded + "</html>"
        conn.sendall(answer(status, body.encode(), headers))

    return handler
