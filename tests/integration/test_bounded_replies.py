"""Issue 17, items 3 and 4, as a person at a terminal meets them with ``posapp send``: a token
echoed after padding is nowhere (stdout, stderr, the outbox and its WAL, the log, ``queue list
--json``, ``queue export``); a gzip bomb costs the process no memory worth the name (its peak
RSS, read with ``resource.getrusage`` in the process itself); a reply dripping a byte every 2 s
does not hold ``send`` (the subprocess timeout is the failure signal, never a duration).
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

from posapp.outbox.store import Outbox, State
from tests.integration.hostile_servers import TOKEN, answer, echo, raw_server
from tests.integration.test_hostile_send import ITEM, ROOT, posapp, set_up

ORDER = f'{{"order": {{"items": [{ITEM}]}}}}'
NOWHERE = "http://127.0.0.1:9/x"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A till set up once, with the ``config set`` commands a person would type."""
    return set_up(tmp_path_factory.mktemp("template") / "till", NOWHERE)


def till_for(template: Path, folder: Path, url: str) -> Path:
    """A copy of the template till, sending to ``url``."""
    profile = folder / "till"
    shutil.copytree(template, profile)
    settings = profile / "settings.toml"
    settings.write_text(settings.read_text().replace(NOWHERE, url))
    return profile


def pieces(text: str) -> list[str]:
    """Every 8-character piece of the token found in ``text``."""
    return [TOKEN[i : i + 8] for i in range(len(TOKEN) - 7) if TOKEN[i : i + 8] in text]


def everything_kept(profile: Path) -> str:
    """Every byte the till keeps in its profile, as text (the outbox, its WAL, the logs...)."""
    return "".join(
        path.read_bytes().decode("latin-1") for path in profile.rglob("*") if path.is_file()
    )


@pytest.mark.parametrize(
    ("status", "shape", "first_word", "state"),
    [
        (400, "errors", "parked", State.PARKED),
        (200, "escaped", "parked", State.PARKED),
        (503, "html", "queued", State.PENDING),
        (302, "location", "queued", State.PENDING),
    ],
)
@pytest.mark.parametrize("pad", [None, 10 * 1024])  # straddling the old cut; after 10 KB
def test_a_token_echoed_after_padding_is_nowhere(
    template: Path,
    tmp_path: Path,
    status: int,
    shape: str,
    first_word: str,
    state: State,
    pad: int | None,
) -> None:
    with raw_server(echo(status, shape, pad)) as url:
        profile = till_for(template, tmp_path, url)
        _, out, err = posapp(profile, "send", "--timeout", "20", "-", stdin=ORDER)
    assert out.startswith(f"{first_word} REGENT-01-"), out + err
    _, listed, _ = posapp(profile, "queue", "list", "--json")
    export = tmp_path / "export.jsonl"
    _, said, _ = posapp(profile, "queue", "export", "--state", state.value, str(export))
    with Outbox(profile / "outbox.sqlite3") as outbox:
        (entry,) = outbox.entries()
    assert entry.state is state
    assert "x" * 40 in (entry.last_error or "")  # the echo arrived...
    assert "***" in (entry.last_error or "") or pad  # (redacted, when not cut off)
    exported = export.read_text()
    assert json.loads(exported.splitlines()[0])["last_error"] == entry.last_error
    for place in [out, err, listed, said, exported, everything_kept(profile)]:
        assert pieces(place) == []  # ...and nothing of the token with it


def bomb_server(bomb: bytes) -> object:
    """OK to the first order (the baseline), then the bomb to every later one."""
    served = [0]
    ok = answer(200, gzip.compress(b'{"status": "OK"}'), {"Content-Encoding": "gzip"})
    bombed = answer(200, bomb, {"Content-Encoding": "gzip", "Content-Type": "application/json"})

    def handler(conn: socket.socket, request: bytes) -> None:
        served[0] += 1
        conn.sendall(ok if served[0] == 1 else bombed)

    return raw_server(handler)


# One process sends twice: the first order (a small gzip OK) sets the baseline of its peak
# RSS, the second meets the bomb; the peak may not grow by 50 MB.
CHILD = """
import io, resource, sys
from posapp.cli import main

def send():
    sys.stdin = io.TextIOWrapper(io.BytesIO(sys.argv[2].encode()))
    code = main(["--profile", sys.argv[1], "send", "--timeout", "60", "-"])
    sys.stdout.flush()
    scale = 1 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB elsewhere
    return code, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale

first, baseline = send()
second, peak = send()
print("RESULT", first, second, baseline, peak)
"""


def gzip_members(inflated_mb: int) -> bytes:
    return gzip.compress(bytes(1024 * 1024), 9) * inflated_mb


def gzip_stream(inflated_mb: int) -> bytes:
    squeezer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(1024 * 1024)
    return b"".join(squeezer.compress(zeros) for _ in range(inflated_mb)) + squeezer.flush()


@pytest.mark.skipif(sys.platform == "win32", reason="resource is a POSIX module")
@pytest.mark.parametrize(
    "bomb",
    [
        lambda: gzip_members(1024),  # 1 MB that inflates to 1 GiB: over the raw cap
        lambda: gzip_stream(50),  # 50 KB to 50 MB: under the raw cap, the inflated cap holds
    ],
)
def test_a_gzip_bomb_leaves_the_peak_memory_of_send_as_it_was(
    template: Path, tmp_path: Path, bomb: object
) -> None:
    assert callable(bomb)
    body = bomb()
    with bomb_server(body) as url:  # type: ignore[attr-defined]
        profile = till_for(template, tmp_path, url)
        env = {k: v for k, v in os.environ.items() if k not in {"POSAPP_HOME"}}
        env["POSAPP_SITE_TOKEN"] = TOKEN
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(profile), ORDER],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            timeout=120,
            check=False,
        )
    result = [line for line in done.stdout.splitlines() if line.startswith("RESULT")]
    assert result, done.stdout + done.stderr
    _, first, second, baseline, peak = result[0].split()
    assert (first, second) == ("0", "0")  # the bomb's order: "queued", safe
    assert "sent REGENT-01-" in done.stdout
    assert "larger than 64 KiB" in done.stdout
    assert int(peak) - int(baseline) < 50 * 1024 * 1024, (baseline, peak)


def test_a_reply_dripping_a_byte_every_2_s_does_not_hold_send(
    template: Path, tmp_path: Path
) -> None:
    whole = answer(200, b'{"status": "OK"}')

    def dripping(conn: socket.socket, request: bytes) -> None:
        for byte in whole:
            conn.sendall(bytes([byte]))
            time.sleep(2)

    with raw_server(dripping) as url:
        profile = till_for(template, tmp_path, url)
        # posapp() waits at most 60 s: a send held by the drip (about 2 minutes) fails there
        code, out, err = posapp(profile, "send", "--timeout", "5", "-", stdin=ORDER)
    assert code == 0, err
    ref = out.split()[1].rstrip(":")
    assert out == f"queued {ref}: the endpoint did not answer in 5 s\n"
    with Outbox(profile / "outbox.sqlite3") as outbox:
        (entry,) = outbox.entries()
    assert entry.state is State.PENDING
