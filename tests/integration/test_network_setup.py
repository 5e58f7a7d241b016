"""Proxies and company certificates (issue 14, item 4), all on 127.0.0.1: the sandbox over
HTTPS with a certificate from a CA made in the test, a CONNECT proxy that records what it is
asked, one that wants a password, one that drips, and a port where nothing listens.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from posapp.domain.errors import ValidationError
from posapp.setup.settings import Settings
from posapp.tracker.causes import UNTRUSTED
from posapp.tracker.check import ConnectionCheck, check_connection
from posapp.tracker.client import TrackerClient
from posapp.tracker.network import Network
from posapp.tracker.outcome import Outcome, OutcomeKind
from posapp.tracker.sandbox import Sandbox
from posapp.tracker.token import SiteToken
from tests.integration.network_servers import (
    SigningCA,
    connect_proxy,
    dead_port,
    https_sandbox,
    make_ca,
)

TOKEN = "tok-abc"
ORDER = json.dumps(
    {
        "order": {
            "refCode": "REGENT-01-1",
            "orderDate": "2026-01-01T10:00:00 GMT",
            "currency": "GBP",
            "total": 6.5,
            "items": [{"refCode": "CB4551", "qty": 1, "price": 6.5}],
        }
    }
).encode()
PROXY_VARS = ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy")


@pytest.fixture
def ca(tmp_path: Path) -> SigningCA:
    return make_ca(tmp_path)


@pytest.fixture(autouse=True)
def no_proxy_from_outside(monkeypatch: pytest.MonkeyPatch) -> None:
    """The machine's own proxy variables play no part unless a test sets them."""
    for name in (*PROXY_VARS, "HTTP_PROXY", "http_proxy"):
        monkeypatch.delenv(name, raising=False)


def check(sandbox: Sandbox, network: Network) -> ConnectionCheck:
    return check_connection(sandbox.url, "mysite", SiteToken(TOKEN), "store", network)


def post(sandbox: Sandbox, network: Network, time_limit: float = 30.0) -> Outcome:
    with TrackerClient(
        sandbox.url, "mysite", SiteToken(TOKEN), network=network, time_limit=time_limit
    ) as client:
        return client.post_order(ORDER)


# -- certificates -------------------------------------------------------------------------------


@pytest.mark.parametrize("certificates", ["system", "bundled"])
def test_a_certificate_from_an_unknown_ca_is_refused_and_nothing_is_sent(
    ca: SigningCA, certificates: str
) -> None:
    network = Network(certificates=certificates)
    with https_sandbox(ca) as sandbox:
        result = check(sandbox, network)
        outcome = post(sandbox, network)
        assert sandbox.requests == 0  # the handshake failed: not one request reached it
    assert not result.ok
    assert result.message == UNTRUSTED + "."
    assert "Settings > Network" in result.message
    assert outcome.kind is OutcomeKind.TRANSIENT  # nothing went out: surely not arrived
    assert outcome.cause == UNTRUSTED
    assert UNTRUSTED in outcome.describe()


@pytest.mark.parametrize("certificates", ["system", "bundled"])
def test_the_company_ca_file_in_settings_makes_the_endpoint_trusted(
    ca: SigningCA, certificates: str
) -> None:
    network = Network(certificates=certificates, ca_file=str(ca.pem))
    with https_sandbox(ca) as sandbox:
        result = check(sandbox, network)
        outcome = post(sandbox, network)
        orders = sandbox.orders()
    assert result.ok, result.message
    assert result.message.startswith("Connected")
    assert outcome.kind is OutcomeKind.DELIVERED, outcome.describe()
    assert len(orders) == 1


def test_a_certificate_for_another_name_is_named_as_such(ca: SigningCA) -> None:
    network = Network(ca_file=str(ca.pem))
    with https_sandbox(ca, "other.example") as sandbox:
        result = check(sandbox, network)
    assert not result.ok
    assert result.message.startswith("The endpoint's certificate is not for 127.0.0.1")


def test_an_expired_certificate_is_named_as_such(ca: SigningCA) -> None:
    network = Network(ca_file=str(ca.pem))
    with https_sandbox(ca, expired=True) as sandbox:
        result = check(sandbox, network)
    assert not result.ok
    assert "has expired" in result.message


def test_a_ca_file_that_went_missing_is_one_line_at_every_attempt(
    ca: SigningCA, tmp_path: Path
) -> None:
    network = Network(ca_file=str(tmp_path / "gone.pem"))
    with https_sandbox(ca) as sandbox:
        result = check(sandbox, network)
        outcome = post(sandbox, network)
        assert sandbox.requests == 0
    assert result.message == f"The CA file {tmp_path / 'gone.pem'} does not exist."
    assert outcome.kind is OutcomeKind.TRANSIENT


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (None, "does not exist"),
        ("", "holds no PEM certificates"),
        ("hello", "holds no PEM certificates"),
        ("-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n", "damaged"),
    ],
)
def test_a_ca_file_a_person_sets_is_checked_first(
    tmp_path: Path, content: str | None, words: str
) -> None:
    path = tmp_path / "ca.pem"
    if content is not None:
        path.write_text(content)
    with pytest.raises(ValidationError) as raised:
        Settings().with_value("ca_file", str(path))
    assert words in raised.value.message
    assert "\n" not in raised.value.message


def test_a_good_ca_file_and_an_empty_one_can_be_set(ca: SigningCA) -> None:
    settings = Settings().with_value("ca_file", str(ca.pem))
    assert settings.ca_file == str(ca.pem)
    assert Settings().with_value("ca_file", " ").ca_file == ""
    with pytest.raises(ValidationError):
        Settings().with_value("certificates", "none")  # there is no way to stop verifying


# -- proxies ------------------------------------------------------------------------------------


def test_the_proxy_setting_is_used_and_no_proxy_without_it(ca: SigningCA) -> None:
    with https_sandbox(ca) as sandbox, connect_proxy() as (proxy, seen):
        direct = post(sandbox, Network(ca_file=str(ca.pem)))
        assert seen.lines == []
        through = post(sandbox, Network(proxy=proxy, ca_file=str(ca.pem)))
        assert len(sandbox.orders()) == 2
    assert direct.kind is OutcomeKind.DELIVERED
    assert through.kind is OutcomeKind.DELIVERED, through.describe()
    assert seen.connects == [f"CONNECT 127.0.0.1:{sandbox.port} HTTP/1.1"]


@pytest.mark.parametrize(
    ("variables", "trust", "used"),
    [
        ({"HTTPS_PROXY": "{proxy}"}, True, True),
        ({"https_proxy": "{proxy}"}, True, True),
        ({"ALL_PROXY": "{proxy}"}, True, True),
        ({"HTTPS_PROXY": "{proxy}"}, False, False),  # the environment is not trusted by default
        ({"HTTPS_PROXY": "{proxy}", "NO_PROXY": "127.0.0.1"}, True, False),
        ({"HTTPS_PROXY": "{proxy}", "NO_PROXY": "example.com,127.0.0.1"}, True, False),
        ({"HTTPS_PROXY": "{proxy}", "NO_PROXY": "example.com"}, True, True),
    ],
)
def test_the_environment_names_the_proxy_only_when_trusted(
    ca: SigningCA,
    monkeypatch: pytest.MonkeyPatch,
    variables: dict[str, str],
    trust: bool,
    used: bool,
) -> None:
    with https_sandbox(ca) as sandbox, connect_proxy() as (proxy, seen):
        for name, value in variables.items():
            monkeypatch.setenv(name, value.format(proxy=proxy.removeprefix("http://")))
        outcome = post(sandbox, Network(trust_env=trust, ca_file=str(ca.pem)))
    assert outcome.kind is OutcomeKind.DELIVERED, outcome.describe()
    assert bool(seen.connects) is used


def test_the_proxy_setting_wins_over_the_environment(
    ca: SigningCA, monkeypatch: pytest.MonkeyPatch
) -> None:
    with (
        https_sandbox(ca) as sandbox,
        connect_proxy() as (mine, seen_mine),
        connect_proxy() as (theirs, seen_theirs),
    ):
        monkeypatch.setenv("HTTPS_PROXY", theirs)
        outcome = post(sandbox, Network(proxy=mine, trust_env=True, ca_file=str(ca.pem)))
    assert outcome.kind is OutcomeKind.DELIVERED
    assert len(seen_mine.connects) == 1
    assert seen_theirs.lines == []


def test_a_proxy_that_wants_a_password_is_named(ca: SigningCA) -> None:
    with https_sandbox(ca) as sandbox, connect_proxy("407") as (proxy, seen):
        result = check(sandbox, Network(proxy=proxy, ca_file=str(ca.pem)))
        where = proxy.removeprefix("http://")
        with_password = proxy.replace("http://", "http://till:s3cret-pw@")
        refused = check(sandbox, Network(proxy=with_password, ca_file=str(ca.pem)))
        outcome = post(sandbox, Network(proxy=with_password, ca_file=str(ca.pem)))
        assert sandbox.requests == 0
    assert not result.ok
    assert result.message.startswith(f"The proxy at {where} asks for a user name and password")
    assert "407" in result.message
    assert refused.message.startswith(f"The proxy at {where} refused the user name and password")
    assert seen.auth and all(value.startswith("Basic ") for value in seen.auth)
    assert outcome.kind is OutcomeKind.TRANSIENT
    for said in (refused.message, outcome.describe(), repr(outcome)):
        assert "s3cret" not in said


def test_a_407_from_a_proxy_forwarding_plain_http_is_the_proxy_s_not_a_rejection(
    sandbox: Sandbox,
) -> None:
    # the sandbox over plain http (loopback only): the proxy forwards instead of tunnelling,
    # and its 407 must not park the order as if the endpoint had refused it
    with (
        connect_proxy("407") as (proxy, seen),
        TrackerClient(
            sandbox.url, "mysite", SiteToken(TOKEN), network=Network(proxy=proxy)
        ) as client,
    ):
        outcome = client.post_order(ORDER)
    assert seen.lines and seen.lines[0].startswith("POST http://127.0.0.1:")
    assert outcome.kind is OutcomeKind.TRANSIENT
    assert outcome.cause.startswith("The proxy at ")
    assert sandbox.requests == 0


def test_the_proxy_password_is_not_in_the_settings_repr() -> None:
    settings = Settings().with_value("proxy", "http://till:s3cret-pw@proxy.example:3128")
    assert "s3cret" not in repr(settings)
    assert "s3cret" not in repr(Network.of(settings))
    assert "till:***@proxy.example:3128" in repr(Network.of(settings))


def test_a_dead_proxy_is_named(ca: SigningCA) -> None:
    port = dead_port()
    with https_sandbox(ca) as sandbox:
        result = check(sandbox, Network(proxy=f"http://127.0.0.1:{port}", ca_file=str(ca.pem)))
        assert sandbox.requests == 0
    assert not result.ok
    assert result.message.startswith(f"The proxy at 127.0.0.1:{port} did not answer")


def test_through_a_proxy_the_certificate_is_still_checked(ca: SigningCA) -> None:
    with https_sandbox(ca) as sandbox, connect_proxy() as (proxy, seen):
        result = check(sandbox, Network(proxy=proxy))
    assert len(seen.connects) == 1
    assert result.message == UNTRUSTED + "."


def test_a_dripping_tunnel_cannot_hold_an_attempt_past_its_limit(ca: SigningCA) -> None:
    network = Network(ca_file=str(ca.pem))
    # Given all the time it needs, the same drip is a delivered order: the drip is the only
    # thing that stands between the client and "delivered".
    with https_sandbox(ca) as sandbox, connect_proxy(drip=0.02) as (proxy, seen):
        outcome = post(sandbox, replace(network, proxy=proxy), time_limit=120)
    assert outcome.kind is OutcomeKind.DELIVERED, outcome.describe()
    whole = seen.relayed[0]
    # With a limit, it ends there: every 16 bytes come well within the 20 s read timeout, so
    # only the limit on the whole attempt can end it, through the tunnel as when direct.
    with https_sandbox(ca) as sandbox, connect_proxy(drip=0.3) as (proxy, seen):
        outcome = post(sandbox, replace(network, proxy=proxy), time_limit=1.0)
        relayed_then = seen.relayed[0]
    assert outcome.out_of_time, outcome.describe()
    assert not outcome.delivered
    assert outcome.detail == "the endpoint did not answer in 1 s"
    assert relayed_then < whole  # the tunnel was still dripping


# -- the settings, as a person sets and reads them ----------------------------------------------


@pytest.mark.parametrize(
    "bad",
    ["socks5://127.0.0.1:1080", "https://proxy:3128", "proxy:3128", "http://proxy", "http://p:1/x"],
)
def test_a_proxy_setting_must_be_http_host_and_port(bad: str) -> None:
    with pytest.raises(ValidationError) as raised:
        Settings().with_value("proxy", bad)
    assert "\n" not in raised.value.message


ROOT = Path(__file__).resolve().parents[2]


def posapp(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"POSAPP_HOME", "POSAPP_SITE_TOKEN"}}
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--profile", str(profile), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def test_config_show_hides_the_proxy_password(tmp_path: Path, ca: SigningCA) -> None:
    profile = tmp_path / "till"
    proxy = "http://till:s3cret-pw@proxy.example:3128"
    for key, value in [("proxy", proxy), ("ca_file", str(ca.pem)), ("certificates", "bundled")]:
        done = posapp(profile, "config", "set", key, value)
        assert done.returncode == 0, done.stderr
        assert "s3cret" not in done.stdout + done.stderr
    shown = posapp(profile, "config", "show")
    assert 'proxy = "http://till:***@proxy.example:3128"' in shown.stdout
    assert 'certificates = "bundled"' in shown.stdout
    assert "s3cret" not in shown.stdout + shown.stderr
    assert "s3cret" not in (profile / "logs" / "posapp.log").read_text()
    bad = posapp(profile, "config", "set", "ca_file", str(tmp_path / "nope.pem"))
    assert bad.returncode != 0
    assert bad.stderr.strip().count("\n") == 0
    assert "does not exist" in bad.stderr
