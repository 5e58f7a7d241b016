"""``posapp send`` against hostile input and hostile endpoints, as a person at a terminal sees it.

Hostile input: one line, exit 2, nothing queued, never a traceback (a real process, so that
printing a lone surrogate to a real stdout would fail if one got through). Hostile endpoints:
an endpoint that never answers gets "queued REF: the endpoint did not answer in N s"; one
that echoes the token gets it redacted everywhere the answer goes.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from posapp.outbox.store import Outbox, State
from tests.integration.hostile_servers import TOKEN, echo, raw_server

ROOT = Path(__file__).resolve().parents[2]
ITEM = '{"refCode": "CB4551", "qty": 1, "price": 6.5}'


def posapp(
    profile: Path, *args: str, stdin: str = "", token: str | None = TOKEN
) -> tuple[int, str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"POSAPP_HOME", "POSAPP_SITE_TOKEN"}}
    if token is not None:
        env["POSAPP_SITE_TOKEN"] = token
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--profile", str(profile), *args],
        input=stdin.encode("utf-8", "surrogatepass"),
        capture_output=True,
        env=env,
        timeout=60,
        check=False,
    )
    return done.returncode, done.stdout.decode(), done.stderr.decode()


def set_up(profile: Path, url: str) -> Path:
    for key, value in [
        ("site", "mysite"),
        ("endpoint", url),
        ("till_id", "regent-01"),
        ("store.store", "Regent Street"),
    ]:
        assert posapp(profile, "config", "set", key, value)[0] == 0
    return profile


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A till set up once (nothing listens on port 9: nothing could be sent anyway)."""
    return set_up(tmp_path_factory.mktemp("template") / "till", "http://127.0.0.1:9/x")


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ('{"order": {"items": [{"refCode": "A\\ud800B", "qty": 1, "price": 1}]}}', "not valid Unicode"),
        ('{"order": {"items": [' + ITEM + '], "refCode": "\\ud800"}}', "not valid Unicode"),
        ('{"order": {"items": [{"refCode": "A", "qty": 1, "price": 1E-999999999999999999}]}}', "not a number a till can use"),
        ('{"order": {"items": [' + ITEM + '], "total": 1E-999999999999999999}}', "not a number a till can use"),
        ('{"order": {"items": [{"refCode": "CB\\u202e4551", "qty": 1, "price": 1}]}}', "direction-changing"),
        ('{"order": {"items": [{"refCode": "CB\\u200b4551", "qty": 1, "price": 1}]}}', "invisible"),
        ('{"order": {"items": [' + ITEM + ']}, "order": {"items": [' + ITEM + "]}}", 'two "order" fields'),
        ('{"order": {"items": [' + ITEM + '], "orderDate": "0001-01-01T00:00:00 GMT"}}', "before the year 2000"),
        ('{"order": {"items": [' + ITEM + '], "orderDate": "9999-12-31T23:59:59 GMT"}}', "in the future"),
        ('{"order": {"items": [' + ITEM + '], "attributes": {"store": "Regent\\u0007"}}}', "cannot be printed"),
    ],
)  # fmt: skip
def test_hostile_input_is_one_line_exit_2_and_nothing_queued(
    tmp_path: Path, template: Path, body: str, words: str
) -> None:
    profile = Path(shutil.copytree(template, tmp_path / "till"))
    code, out, err = posapp(profile, "send", "-", stdin=body)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1, err
    assert words in err
    assert "Traceback" not in err
    with Outbox(profile / "outbox.sqlite3") as outbox:
        assert list(outbox.entries()) == []


def test_send_answers_within_its_timeout_when_the_endpoint_never_answers(tmp_path: Path) -> None:
    def silent(conn: socket.socket, request: bytes) -> None:
        time.sleep(30)

    with raw_server(silent) as url:
        profile = set_up(tmp_path / "till", url)
        code, out, err = posapp(
            profile, "send", "--timeout", "1", "-", stdin=f'{{"order": {{"items": [{ITEM}]}}}}'
        )
    assert code == 0, err
    ref = out.split()[1].rstrip(":")
    assert out == f"queued {ref}: the endpoint did not answer in 1 s\n"
    with Outbox(profile / "outbox.sqlite3") as outbox:
        (entry,) = outbox.entries()
    assert entry.state is State.PENDING
    assert entry.possibly_duplicated  # the request went out; it may have arrived


def test_a_bad_timeout_is_one_line(template: Path) -> None:
    code, _, err = posapp(template, "send", "--timeout", "never", "-", stdin="{}")
    assert code == 2
    assert "not a number of seconds" in err


def test_an_echoed_token_is_redacted_on_stdout_in_the_outbox_and_in_the_log(tmp_path: Path) -> None:
    with raw_server(echo(400, "errors")) as url:
        profile = set_up(tmp_path / "till", url)
        code, out, err = posapp(profile, "send", "-", stdin=f'{{"order": {{"items": [{ITEM}]}}}}')
        _, listed, _ = posapp(profile, "queue", "list", "--json")
    assert code == 1
    assert out.startswith("parked REGENT-01-")
    assert "***" in out
    prefix = TOKEN[:8]
    for place in [out, err, listed, json.dumps(json.loads(listed))]:
        assert prefix not in place
    assert prefix.encode() not in (profile / "outbox.sqlite3").read_bytes()
    assert prefix not in (profile / "logs" / "posapp.log").read_text()
