"""``posapp queue status --format prometheus``: read back by Prometheus' own parser."""

from __future__ import annotations

import math
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from posapp import __version__
from posapp.cli import main
from posapp.outbox import delivery
from posapp.outbox.metrics import CREDENTIAL_PAUSES, exposition
from posapp.outbox.store import Outbox
from tests.helpers import FakeClock, simple_order

ROOT = Path(__file__).resolve().parents[2]


def samples(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    """Every sample by name and labels; the parser refuses anything off the format."""
    found: dict[tuple[str, frozenset[tuple[str, str]]], float] = {}
    for family in text_string_to_metric_families(text):
        assert family.type == "gauge", family.name
        assert family.documentation, family.name
        for sample in family.samples:
            found[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return found


def series(name: str, till: str, **labels: str) -> tuple[str, frozenset[tuple[str, str]]]:
    return name, frozenset({"till_id": till, **labels}.items())


def run(profile: Path, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    capsys.readouterr()
    assert main(["--profile", str(profile), *args]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return out


@pytest.fixture
def profile(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    profile = tmp_path / "till"
    run(profile, capsys, "config", "set", "till_id", "regent-02")
    return profile


def fill(profile: Path, clock: FakeClock) -> None:
    """Two pending (one flagged possibly duplicated), one sending, one parked, one sent."""
    with Outbox(profile / "outbox.sqlite3", clock=clock) as outbox:
        for n in range(1, 6):
            outbox.enqueue(simple_order(f"REGENT-02-20261127-000{n}"))
            clock.advance(60)
        sent = outbox.claim_next()
        assert sent is not None
        outbox.mark_sent(sent.id)
        parked = outbox.claim_next()
        assert parked is not None
        outbox.park(parked.id, "400: bad order")
        unknown = outbox.claim_next()
        assert unknown is not None
        outbox.reschedule(unknown.id, clock.now + 600, "timed out", unknown=True)
        assert outbox.claim_next() is not None  # stays sending
        outbox.set_paused(delivery.CREDENTIALS_PAUSE)


def test_each_state_of_a_real_outbox_reaches_prometheus(
    profile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clock = FakeClock(start=1_000_000_000.0)  # long ago: the oldest pending is old
    fill(profile, clock)
    before = time.time()
    found = samples(run(profile, capsys, "queue", "status", "--format", "prometheus"))
    after = time.time()
    till = "REGENT-02"
    assert found[series("posapp_orders", till, state="pending")] == 2
    assert found[series("posapp_orders", till, state="sending")] == 1
    assert found[series("posapp_orders", till, state="parked")] == 1
    assert found[series("posapp_orders", till, state="possibly_duplicated")] == 1
    # the oldest pending is the third order, queued 120 s after the fake clock's start
    age = found[series("posapp_oldest_pending_age_seconds", till)]
    assert before - 1_000_000_120 <= age <= after - 1_000_000_120
    assert found[series("posapp_last_success_timestamp_seconds", till)] == 1_000_000_300
    assert found[series("posapp_paused_for_credentials", till)] == 1
    assert found[series("posapp_delivery_paused", till)] == 1
    assert found[series("posapp_info", till, version=__version__)] == 1
    assert len(found) == 9  # nothing else
    assert all(("till_id", till) in labels for _, labels in found)


def test_an_empty_till_says_nothing_waits(
    profile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    found = samples(run(profile, capsys, "queue", "status", "--format", "prometheus"))
    till = "REGENT-02"
    assert found[series("posapp_orders", till, state="pending")] == 0
    assert found[series("posapp_oldest_pending_age_seconds", till)] == 0
    assert found[series("posapp_last_success_timestamp_seconds", till)] == 0
    assert found[series("posapp_paused_for_credentials", till)] == 0
    assert not (profile / "outbox.sqlite3").exists()  # a look creates no outbox


def test_a_pause_for_another_reason_is_not_one_for_credentials(
    profile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Outbox(profile / "outbox.sqlite3") as outbox:
        outbox.set_paused("paused by the operator")
    found = samples(run(profile, capsys, "queue", "status", "--format", "prometheus"))
    assert found[series("posapp_paused_for_credentials", "REGENT-02")] == 0
    assert found[series("posapp_delivery_paused", "REGENT-02")] == 1


def test_the_credential_pauses_are_the_deliverers_own() -> None:
    assert set(CREDENTIAL_PAUSES) == {delivery.CREDENTIALS_PAUSE, delivery.NO_TOKEN_PAUSE}


def test_labels_with_a_quote_backslash_and_line_feed_survive_the_parser() -> None:
    awkward = 'RE"GENT\\02\nX'
    text = exposition(None, till_id=awkward, version='1.0 "beta"\\', now=0.0)
    assert 'till_id="RE\\"GENT\\\\02\\nX"' in text
    found = samples(text)
    assert found[series("posapp_info", awkward, version='1.0 "beta"\\')] == 1
    assert found[series("posapp_orders", awkward, state="parked")] == 0


def test_the_text_is_byte_for_byte_the_format() -> None:
    text = exposition(None, till_id="T-1", version="1.2.3", now=0.0)
    lines = text.split("\n")
    assert lines[:3] == [
        "# HELP posapp_orders Orders in the till's outbox by state "
        "(possibly_duplicated: flagged orders, any state).",
        "# TYPE posapp_orders gauge",
        'posapp_orders{till_id="T-1",state="pending"} 0',
    ]
    assert lines[-1] == ""  # the last line ends with a line feed, and only one
    assert lines[-2] == 'posapp_info{till_id="T-1",version="1.2.3"} 1'
    assert "\r" not in text


@pytest.mark.parametrize(
    ("value", "written"),
    [(0, "0"), (3, "3"), (1.5, "1.5"), (math.inf, "+Inf"), (-math.inf, "-Inf"), (math.nan, "NaN")],
)
def test_values_are_spelled_as_prometheus_reads_them(value: float, written: str) -> None:
    from posapp.outbox.metrics import Gauge, render

    text = render([Gauge("x", "y", [((("a", "b"),), value)])])
    assert text.splitlines()[-1] == f'x{{a="b"}} {written}'
    parsed = samples(text)[("x", frozenset({("a", "b")}))]
    assert parsed == value or (math.isnan(parsed) and math.isnan(value))


def test_output_is_written_whole_and_readable_by_node_exporter(
    profile: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "textfile" / "posapp.prom"
    target.parent.mkdir()
    target.write_text("old\n")
    assert run(profile, capsys, "queue", "status", "--format", "prometheus", "--output", str(target)) == ""  # fmt: skip
    assert samples(target.read_text())[series("posapp_info", "REGENT-02", version=__version__)] == 1
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert [p.name for p in target.parent.iterdir()] == ["posapp.prom"]  # no temporary left


def test_an_unwritable_output_is_one_line_and_exit_1(
    profile: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    capsys.readouterr()
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    code = main(["--profile", str(profile), "queue", "status", "--format", "prometheus",
                 "--output", str(blocker / "posapp.prom")])  # fmt: skip
    _, err = capsys.readouterr()
    assert code == 1
    assert err.startswith("posapp: cannot write ") and err.count("\n") == 1


def test_json_is_still_there_under_both_spellings(
    profile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(profile, FakeClock())
    old = run(profile, capsys, "queue", "status", "--json")
    new = run(profile, capsys, "queue", "status", "--format", "json")
    assert old.replace(old[old.index("oldest") :], "") == new.replace(
        new[new.index("oldest") :], ""
    )
    assert '"pending": 2' in old


def test_the_status_command_does_not_import_the_metrics_module_unless_asked(
    profile: Path,
) -> None:
    probe = (
        "import sys; from posapp.cli import main; "
        f"main(['--profile', {str(profile)!r}, 'queue', 'status']); "
        "print('posapp.outbox.metrics' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip().endswith("False")
