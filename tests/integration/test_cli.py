"""Every command of the command line, with its bad-input paths, against the sandbox.

Commands run in-process through ``posapp.cli.main`` (fast); a few run as real subprocesses to
prove what a person at a terminal sees.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest

from posapp.cli import main
from posapp.outbox.lock import DeliveryLock
from posapp.outbox.store import Outbox, State
from posapp.tracker.sandbox import Sandbox
from tests.conftest import SITE, TOKEN
from tests.helpers import MemoryKeyring

ROOT = Path(__file__).resolve().parents[2]
ORDER = {"order": {"items": [{"refCode": "CB4551", "qty": 2, "price": 6.5}]}}


class Till:
    """One profile directory, driven through the command line."""

    def __init__(self, profile: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.profile = profile
        self.capsys = capsys

    def run(self, *args: str) -> tuple[int, str, str]:
        self.capsys.readouterr()
        code = main(["--profile", str(self.profile), *args])
        out, err = self.capsys.readouterr()
        return code, out, err

    def outbox(self) -> Outbox:
        return Outbox(self.profile / "outbox.sqlite3")

    def order_file(self, body: object = ORDER, name: str = "order.json") -> str:
        path = self.profile.parent / name
        path.write_text(json.dumps(body) if not isinstance(body, str) else body)
        return str(path)


@pytest.fixture
def till(tmp_path: Path, capsys: pytest.CaptureFixture[str], sandbox: Sandbox) -> Till:
    shop = Till(tmp_path / "till", capsys)
    for key, value in [
        ("site", SITE),
        ("endpoint", sandbox.url),
        ("till_id", "regent-01"),
        ("store.store", "Regent Street"),
        ("store.storePostcode", "W1B 4HX"),
    ]:
        assert shop.run("config", "set", key, value)[0] == 0
    return shop


def one_line_error(err: str) -> None:
    assert err.startswith("posapp: ")
    assert err.count("\n") == 1
    assert "Traceback" not in err


# -- config ---------------------------------------------------------------------------------
def test_config_show_before_setup_says_these_are_defaults(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = Till(tmp_path / "new", capsys).run("config", "show")
    assert code == 0
    assert "does not exist yet" in out
    assert 'currency = "GBP"' in out


def test_config_set_and_show(till: Till) -> None:
    assert till.run("config", "set", "info_keys", "gender, diet")[0] == 0
    assert till.run("config", "set", "currency", "eur")[0] == 0
    assert till.run("config", "set", "store.store", "")[0] == 0  # removes it
    code, out, _ = till.run("config", "show")
    assert code == 0
    assert 'info_keys = ["gender", "diet"]' in out
    assert 'currency = "EUR"' in out
    assert 'till_id = "REGENT-01"' in out
    assert "Regent Street" not in out
    assert 'storePostcode = "W1B 4HX"' in out
    assert TOKEN not in out


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        ("colour", "red", "Unknown setting 'colour'"),
        ("currency", "XYZ", "ISO 4217"),
        ("environment", "staging", "not one of: uat, production"),
        ("endpoint", "http://192.168.1.5/x", "must use https://"),
        ("till_id", "a b", "Till ID"),
        ("lang", "english", "language code"),
        ("retention_days", "0", "1 to 3650"),
        ("channel", "web", "not one of"),
    ],
)
def test_config_set_refuses_bad_keys_and_values_and_changes_nothing(
    till: Till, key: str, value: str, words: str
) -> None:
    settings = till.profile / "settings.toml"
    before = settings.read_bytes()
    code, _, err = till.run("config", "set", key, value)
    assert code == 2
    one_line_error(err)
    assert words in err
    assert settings.read_bytes() == before


def test_a_hand_broken_settings_file_names_the_line_and_key(till: Till) -> None:
    settings = till.profile / "settings.toml"
    text = settings.read_text().replace('currency = "GBP"', 'currency = "POUNDS"')
    settings.write_text(text)
    code, _, err = till.run("send", till.order_file())
    assert code == 2
    one_line_error(err)
    line = text.splitlines().index('currency = "POUNDS"') + 1
    assert f"line {line}, key 'currency'" in err
    settings.write_text("site = 'x\n")
    code, _, err = till.run("config", "show")
    assert code == 2
    assert "line 1: not valid TOML" in err
    settings.write_text(text.replace('currency = "POUNDS"', "currency = GBP"))
    code, _, err = till.run("config", "show")
    assert f"line {line}: not valid TOML (Invalid value)" in err


# -- send -----------------------------------------------------------------------------------
def test_send_fills_from_the_settings_and_the_sandbox_gets_it(
    till: Till, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POSAPP_SITE_TOKEN", TOKEN)
    code, out, _ = till.run("send", till.order_file())
    assert code == 0
    ref = out.split()[1]
    assert out == f"sent {ref}\n"
    assert re.fullmatch(r"REGENT-01-\d{8}-\d{4,5}", ref)
    (received,) = sandbox.orders()
    assert received["order"]["refCode"] == ref
    assert received["order"]["attributes"] == {"store": "Regent Street", "storePostcode": "W1B 4HX"}
    assert received["order"]["currency"] == "GBP"
    assert received["order"]["total"] == 13.0
    assert received["lang"] == "en-gb"
    log = (till.profile / "logs" / "posapp.log").read_text()
    assert f"order {ref} queued" in log
    assert f"order {ref} sent" in log
    assert TOKEN not in log


def test_the_readmes_example_order_is_sent_as_written(
    till: Till, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POSAPP_SITE_TOKEN", TOKEN)
    code, out, _ = till.run("send", str(ROOT / "docs" / "example-order.json"))
    assert (code, out.split()[0]) == (0, "sent")
    (received,) = sandbox.orders()
    assert received["user"] == {"id": "abcd1234efgh"}
    assert received["order"]["total"] == 12.9
    assert "posapp send docs/example-order.json" in (ROOT / "README.md").read_text()


def test_send_without_a_token_queues(till: Till) -> None:
    code, out, _ = till.run("send", till.order_file())
    assert code == 0
    assert out.startswith("queued REGENT-01-")
    assert "no site token" in out
    with till.outbox() as box:
        assert box.status().counts == {State.PENDING: 1}


def test_send_while_the_endpoint_is_down_queues_then_flush_delivers(
    till: Till, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POSAPP_SITE_TOKEN", TOKEN)
    sandbox.go_offline()
    code, out, _ = till.run("send", till.order_file())
    assert code == 0
    assert out.startswith("queued ")
    assert "unreachable" in out
    with till.outbox() as box:  # a backoff that has surely not ended (full jitter may be ~0 s)
        entry = next(box.entries())
        assert entry.attempts == 1  # send tries its order once
        box.reschedule(entry.id, time.time() + 300, "endpoint unreachable", unknown=False)
    code, out, _ = till.run("queue", "flush")
    assert code == 0  # nothing was due: the backoff has not ended
    assert "1 still pending (they wait for their next try; --now tries them at once)" in out
    code, out, _ = till.run("queue", "flush", "--now")
    assert code == 1  # tried, and the endpoint is still down
    assert "unreachable" in out
    sandbox.go_online()
    code, out, _ = till.run("queue", "flush", "--now")
    assert code == 0
    assert out.strip() == "flushed: 1 sent, 0 parked, 0 still pending"
    assert len(sandbox.orders()) == 1


def test_send_a_rejected_order_parks_it(
    till: Till, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POSAPP_SITE_TOKEN", TOKEN)
    sandbox.fail_next(400)
    code, out, _ = till.run("send", till.order_file())
    assert code == 1
    assert out.startswith("parked REGENT-01-")
    assert "InjectedFault" in out


def test_send_with_a_wrong_token_queues_and_pauses(
    till: Till, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POSAPP_SITE_TOKEN", "wrong-token")
    code, out, _ = till.run("send", till.order_file())
    assert code == 0
    assert "credentials rejected" in out
    assert "wrong-token" not in out
    code, out, _ = till.run("queue", "status", "--json")
    status = json.loads(out)
    assert status["counts"]["pending"] == 1
    assert status["counts"]["parked"] == 0
    assert status["paused"].startswith("credentials rejected")


def test_send_while_another_process_delivers_queues_for_it(
    till: Till, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POSAPP_SITE_TOKEN", TOKEN)
    with DeliveryLock(till.profile / "delivery.lock"):
        code, out, _ = till.run("send", till.order_file())
        assert code == 0
        assert "another posapp" in out
        code, out, _ = till.run("queue", "status")
        assert "a posapp is delivering now" in out


def test_flush_while_another_process_delivers_says_so_and_succeeds(
    till: Till, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POSAPP_SITE_TOKEN", TOKEN)
    with DeliveryLock(till.profile / "delivery.lock"):
        code, out, _ = till.run("send", till.order_file())
        assert code == 0
        code, out, _ = till.run("queue", "flush")
    assert code == 0  # not a failure: the window holding the lock sends them
    assert out.strip() == f"another posapp is delivering (pid {os.getpid()}); it will send them"


def test_a_send_that_succeeds_after_an_outage_makes_the_waiting_orders_due(
    till: Till, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POSAPP_SITE_TOKEN", TOKEN)
    sandbox.go_offline()
    code, out, _ = till.run("send", till.order_file())
    assert out.startswith("queued ")
    with till.outbox() as box:  # it waits out a backoff that has surely not ended
        first = next(box.entries())
        box.reschedule(first.id, time.time() + 300, "endpoint unreachable", unknown=False)
    sandbox.go_online()
    code, out, _ = till.run("send", till.order_file())
    assert code == 0
    assert out.startswith("sent ")
    with till.outbox() as box:  # the endpoint answers again: the first one need not wait
        waiting = box.get(first.ref_code)
        assert waiting is not None
        assert waiting.state is State.PENDING
        assert waiting.next_attempt_at <= time.time()
    code, out, _ = till.run("queue", "flush")
    assert code == 0
    assert out.strip() == "flushed: 1 sent, 0 parked, 0 still pending"


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("{oops", "not valid JSON"),
        (
            {"order": {"items": [{"refCode": "A", "qty": 0, "price": 1}]}},
            "Quantity must be at least 1",
        ),
        (
            {"order": {"total": 99, "items": [{"refCode": "A", "qty": 1, "price": 1}]}},
            "does not add up",
        ),
        (
            {"order": {"currency": "ABC", "items": [{"refCode": "A", "qty": 1, "price": 1}]}},
            "ISO 4217",
        ),
        (
            {
                "user": {"email": "jo@example.com"},
                "order": {"items": [{"refCode": "A", "qty": 1, "price": 1}]},
            },
            "never sent",
        ),
    ],
)
def test_send_refuses_bad_orders_and_queues_nothing(till: Till, body: object, words: str) -> None:
    code, out, err = till.run("send", till.order_file(body))
    assert code == 2
    assert out == ""
    one_line_error(err)
    assert words in err
    assert "jo@example.com" not in err
    with till.outbox() as box:
        assert box.status().counts == {}


def test_send_refuses_a_missing_file_and_an_order_already_queued(till: Till) -> None:
    code, _, err = till.run("send", str(till.profile / "nope.json"))
    assert code == 2
    one_line_error(err)
    assert "cannot read" in err
    given = {"order": {"refCode": "MY-REF-1", "items": [{"refCode": "A", "qty": 1, "price": 1}]}}
    assert till.run("send", till.order_file(given))[0] == 0
    code, _, err = till.run("send", till.order_file(given))
    assert code == 2
    assert "already in the outbox" in err


def test_send_before_setup_says_what_is_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shop = Till(tmp_path / "new", capsys)
    code, _, err = shop.run("send", shop.order_file())
    assert code == 2
    one_line_error(err)
    assert "site, till_id missing" in err


def test_send_from_standard_input_in_a_real_process(till: Till, sandbox: Sandbox) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--profile", str(till.profile), "send", "-"],
        input=json.dumps(ORDER), capture_output=True, text=True, timeout=60, check=False,
        env={"PATH": "/usr/bin:/bin", "POSAPP_SITE_TOKEN": TOKEN, "HOME": str(till.profile)},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("sent REGENT-01-")
    assert len(sandbox.orders()) == 1


# -- queue ----------------------------------------------------------------------------------
def test_queue_status_list_retry_and_export(
    till: Till, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POSAPP_SITE_TOKEN", TOKEN)
    sandbox.fail_next(422)
    assert till.run("send", till.order_file())[0] == 1  # parked
    assert till.run("send", till.order_file())[0] == 0  # sent
    code, out, _ = till.run("queue", "status")
    assert code == 0
    assert "parked:   1" in out
    assert "sent:     1" in out
    assert "possibly duplicated: 0" in out
    code, out, _ = till.run("queue", "list", "--state", "parked")
    assert code == 0
    assert out.count("\n") == 1
    assert "parked" in out
    assert "InjectedFault" in out
    parked_ref = out.split()[0]
    code, out, _ = till.run("queue", "list", "--json", "--limit", "1")
    assert json.loads(out)["refCode"] == parked_ref
    export = till.profile.parent / "parked.jsonl"
    code, out, _ = till.run("queue", "export", "--state", "parked", str(export))
    assert code == 0
    (line,) = export.read_text().splitlines()
    exported = json.loads(line)
    assert exported["refCode"] == parked_ref
    assert exported["payload"]["order"]["refCode"] == parked_ref
    assert "InjectedFault" in exported["last_error"]
    code, out, _ = till.run("queue", "retry", parked_ref)
    assert code == 0
    code, out, _ = till.run("queue", "flush")
    assert out.strip() == "flushed: 1 sent, 0 parked, 0 still pending"
    code, _, err = till.run("queue", "retry", parked_ref)
    assert code == 1
    assert "it is sent" in err
    assert till.run("queue", "retry", "--all-parked")[1] == "0 parked order(s) back in the queue\n"


@pytest.mark.parametrize(
    "args",
    [
        ("queue",),
        ("queue", "list", "--state", "lost"),
        ("queue", "list", "--limit", "0"),
        ("queue", "retry"),
        ("queue", "retry", "X", "--all-parked"),
        ("queue", "export"),
        ("frobnicate",),
        ("config", "set", "site"),
    ],
)
def test_usage_mistakes_are_one_line_and_exit_2(till: Till, args: tuple[str, ...]) -> None:
    code, _, err = till.run(*args)
    assert code == 2
    one_line_error(err)


def test_a_damaged_outbox_is_named_and_left_alone(till: Till) -> None:
    path = till.profile / "outbox.sqlite3"
    path.write_bytes(b"\x00garbage" * 512)
    code, _, err = till.run("queue", "status")
    assert code == 1
    one_line_error(err)
    assert str(path) in err
    assert path.read_bytes() == b"\x00garbage" * 512


def test_queue_status_before_any_order(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shop = Till(tmp_path / "new", capsys)
    assert shop.run("queue", "status")[1] == "no outbox yet: no order was ever queued\n"
    assert not (tmp_path / "new" / "outbox.sqlite3").exists()


# -- credentials ----------------------------------------------------------------------------
def test_credentials_set_and_check_through_the_keyring(
    till: Till, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch, sandbox: Sandbox
) -> None:
    monkeypatch.setattr("sys.stdin", _Piped(TOKEN + "\n"))
    code, out, _ = till.run("credentials", "set")
    assert code == 0
    assert "stored in the keyring" in out
    assert TOKEN not in out
    assert memory_keyring.secrets == {("posapp", f"siteToken:{SITE}"): TOKEN}
    code, out, _ = till.run("credentials", "check")
    assert code == 0
    assert "found in the keyring" in out
    assert TOKEN not in out
    assert till.run("send", till.order_file())[1].startswith("sent ")
    assert TOKEN not in (till.profile / "settings.toml").read_text()
    monkeypatch.setenv("POSAPP_SITE_TOKEN", "from-the-environment")
    assert "environment variable POSAPP_SITE_TOKEN" in till.run("credentials", "check")[1]


def test_credentials_without_a_keyring_name_both_ways_out(
    till: Till, monkeypatch: pytest.MonkeyPatch
) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        monkeypatch.setattr("sys.stdin", _Piped(TOKEN + "\n"))
        code, _, err = till.run("credentials", "set")
        assert code == 1
        one_line_error(err)
        assert "POSAPP_SITE_TOKEN" in err
        assert "keyring daemon" in err
        code, out, _ = till.run("credentials", "check")
        assert code == 1
        assert "no site token" in out
    finally:
        keyring.set_keyring(previous)
    assert not any(
        TOKEN in p.read_text(errors="replace") for p in till.profile.rglob("*") if p.is_file()
    )


def test_a_token_that_cannot_be_sent_is_refused(
    till: Till, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", _Piped("two words\n"))
    code, _, err = till.run("credentials", "set")
    assert code == 2
    assert "two words" not in err
    assert memory_keyring.secrets == {}


class _Piped:
    """Standard input that is a pipe, not a terminal."""

    def __init__(self, text: str) -> None:
        self.text = text

    def isatty(self) -> bool:
        return False

    def readline(self) -> str:
        return self.text


# -- imports, fleets and the PIN -------------------------------------------------------------
def test_catalog_and_customers_import_from_the_command_line(till: Till) -> None:
    good = till.order_file("refCode,name,price\nCB4551,Mug,6.50\nBAD,Bad,abc\n", "catalog.csv")
    code, out, _ = till.run("catalog", "import", good, "--max-rejects", "50")
    assert code == 0
    assert out.splitlines()[:3] == [
        "1 products in catalog.csv: 1 added, 0 removed, 0 with a new price; 1 row(s) rejected "
        "(the catalog has 0 now)",
        "Rejected rows:",
        "  line 3: Price 'abc' is not an amount of money; type it like 12.50.",
    ]
    people = till.order_file("card,customerId,name\n6330001,abcd1234efgh,Alex\n", "people.csv")
    code, out, _ = till.run("customers", "import", people)
    assert code == 0
    assert out.startswith("1 customers in people.csv: 1 added, 0 removed")
    code, _, err = till.run("catalog", "import", str(till.profile / "missing.csv"))
    assert code == 2
    one_line_error(err)


def test_a_broken_catalog_file_changes_nothing(till: Till) -> None:
    till.run("catalog", "import", till.order_file("KEEP,Kept,1.00\n", "catalog.csv"))
    broken = till.profile.parent / "broken.csv"
    broken.write_bytes(b"A,Fine,1.00\nB,\xff\xfe,2.00\n")
    code, _, err = till.run("catalog", "import", str(broken))
    assert code == 1
    assert "the catalog was not changed" in err
    from posapp.lists.catalog import Catalog

    catalog = Catalog(till.profile / "catalog.sqlite3")
    assert catalog.lookup("KEEP") is not None
    assert catalog.lookup("A") is None
    catalog.close()


def test_one_store_file_sets_up_many_tills(
    till: Till, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shared = tmp_path / "store.toml"
    code, out, _ = till.run("config", "export", str(shared))
    assert code == 0
    text = shared.read_text()
    assert 'till_id = ""' in text
    assert TOKEN not in text
    assert 'store = "Regent Street"' in text
    other = Till(tmp_path / "till-2", capsys)
    code, out, _ = other.run("config", "import", str(shared), "--till-id", "regent-02")
    assert code == 0
    assert "still missing" not in out
    code, out, _ = other.run("config", "show")
    assert 'till_id = "REGENT-02"' in out
    assert 'store = "Regent Street"' in out
    shared.write_text(text.replace('currency = "GBP"', 'currency = "GBX"'))
    code, _, err = other.run("config", "import", str(shared))
    assert code == 2
    assert "key 'currency'" in err


def test_the_admin_pin_is_set_from_a_prompt_and_stored_hashed(
    till: Till, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", _Piped("8642\n"))
    code, out, _ = till.run("config", "pin")
    assert (code, out) == (0, "admin PIN set\n")
    text = (till.profile / "settings.toml").read_text()
    assert "8642" not in text
    assert 'admin_pin_hash = "scrypt$' in text
    code, _, err = till.run("config", "set", "admin_pin", "1234")
    assert code == 2
    assert "posapp config pin" in err
    monkeypatch.setattr("sys.stdin", _Piped("12\n"))
    assert till.run("config", "pin")[0] == 2


def test_a_damaged_catalog_is_one_line_not_a_traceback(till: Till) -> None:
    (till.profile / "catalog.sqlite3").write_bytes(b"scribbled over" * 500)
    code, _, err = till.run("catalog", "import", till.order_file("A,B,1.00\n", "c.csv"))
    assert code == 1
    one_line_error(err)
    assert "damaged" in err
