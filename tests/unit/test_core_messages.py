"""The core's sentences that reach the window (Check connection, its causes, the import
preview) are Messages whose ids the window's tables hold, and print the same English."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from posapp.domain.errors import Message, ValidationError, read_back
from posapp.lists import imports, listfile
from posapp.lists.catalog import SPEC as CATALOG
from posapp.lists.customers import SPEC as CUSTOMERS
from posapp.tracker import causes, check, outcome
from posapp.tracker.outcome import Outcome, OutcomeKind, ServerMessage

ROOT = Path(__file__).resolve().parents[2]


def plural_ids() -> set[str]:
    """The ids domain_text's Counted lists for lupdate (its self.tr calls)."""
    tree = ast.parse((ROOT / "posapp" / "ui" / "domain_text.py").read_text(encoding="utf-8"))
    (counted,) = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Counted"]
    return {
        node.args[0].value
        for node in ast.walk(counted)
        if isinstance(node, ast.Call)
        and getattr(node.func, "attr", "") == "tr"
        and isinstance(node.args[0], ast.Constant)
    }


def test_the_window_holds_every_id_of_the_check_and_the_import() -> None:
    from posapp.ui.domain_text import CHECKS, IMPORTS

    made = {
        *check.CHECKS,
        *causes.CAUSES,
        *(kind.value for kind in OutcomeKind),
        outcome.JOINED,
        outcome.RETRY_AFTER,
    }
    assert made == set(CHECKS)
    sentences = {
        imports.SUMMARY,
        imports.UNITS_OTHER,
        *imports.CHANGED.values(),
        imports.CHANGED_OTHER,
        *imports.HAS_NOW.values(),
        imports.HAS_NOW_OTHER,
        *imports.LARGEST.values(),
        imports.LARGEST_OTHER,
        imports.CHANGE,
        imports.REJECTS,
        imports.REJECT,
        listfile.TOO_MANY_LOST,
        *judged(CATALOG),
        *judged(CUSTOMERS),
    }
    assert sentences == set(IMPORTS)
    assert plural_ids() == {
        *imports.UNITS.values(),
        imports.REJECTED,
        imports.MORE,
        "none of the %Ln rows can be used",
    }


def judged(spec: listfile.ListSpec) -> set[str]:
    """The ids of the refusals and confirmations an import of ``spec``'s list makes."""
    ids = set()
    for old, new, changed in ((0, 0, 0), (10, 4, 4)):  # an empty file; a shrinking list
        plan = listfile.ImportPlan(spec.what, spec.unit, "x.csv", old, new, changed=changed)
        plan.watched = spec.labels[spec.watched][0].lower() + spec.labels[spec.watched][1:]
        listfile._judge(plan, listfile.Limits())
        ids |= {text.id for text in plan.confirm_texts}
        ids |= {plan.refused_text.id} if plan.refused_text else set()
        assert [str(text) for text in plan.confirm_texts] == plan.to_confirm
    return ids


@pytest.mark.parametrize("made", causes.CAUSES)
def test_each_cause_is_read_back_from_its_english(made: str) -> None:
    values = ("till.example:8443", "502")[: made.count("%")]
    said = Message(made, values)
    assert causes.cause_text(str(said)) == said


def test_a_text_that_is_no_cause_stays_as_it_is() -> None:
    assert str(causes.cause_text("endpoint unreachable: boom")) == "endpoint unreachable: boom"


def test_english_counts_and_plurals_print_as_before() -> None:
    assert str(Message("%Ln row(s) rejected", n=1_204)) == "1,204 row(s) rejected"
    assert str(Message("the catalog has %1 now", (12_000,))) == "the catalog has 12,000 now"
    assert str(Message("  line %1: %2", ("1234", "%1 stays"))) == "  line 1234: %1 stays"


def test_describe_is_the_english_of_describe_text() -> None:
    said = Outcome(
        OutcomeKind.TRANSIENT,
        503,
        (ServerMessage("busy", "try later"),),
        retry_after=30,
        detail="Service Unavailable",
    )
    assert said.describe() == (
        "transient - HTTP 503 - busy: try later - Service Unavailable - retry after 30 s"
    )
    assert str(said.describe_text()) == said.describe()
    assert Outcome(OutcomeKind.DELIVERED).describe() == "delivered"


def ids_of(message: Message) -> set[str]:
    """``message``'s id and those of the Messages among its values, all the way down (an
    empty one is no text: the window shows nothing for it)."""
    found = {message.id} if message.id else set()
    for param in message.params:
        if isinstance(param, Message):
            found |= ids_of(param)
    return found


# Rows of every kind an import rejects, for each list (each row's line is 2 and up: a header).
BAD_CATALOG = (
    "refCode,name,price,barcode\n"
    "OK-1,Mug,6.50,5012345678900\n"
    "lonely\n"  # too few fields
    "OK-1,Mug again,6.50,\n"  # refCode repeated
    "OK-2,Tea,3.20,5012345678900\n"  # barcode repeated
    "OK-3,Cake,2.10,50123X\n"  # barcode not digits
    "OK-4,Pie,call us,\n"  # price not money
    "OK-5,Jam,-1.00,\n"  # price negative
    "OK-6,Gum,1.234,\n"  # too many decimals
    "OK-7,,1.00,\n"  # no name
    f"{'X' * 200},Long,1.00,\n"  # refCode too long
    "OK-8,Bell\u0007,1.00,\n"  # a character that cannot be printed
)
BAD_CUSTOMERS = (
    "card,customerId,name\n"
    "6330001,abcd1234,Ann\n"
    "6330002\n"  # too few fields
    "6330001,efgh5678,Bob\n"  # card repeated
    "6330003,not an id!,Cy\n"  # customer ID refused
    ",ijkl9012,Di\n"  # no card
)


@pytest.mark.parametrize(("kind", "text"), [("catalog", BAD_CATALOG), ("customers", BAD_CUSTOMERS)])
def test_every_reason_a_row_is_rejected_is_in_the_windows_tables(
    kind: str, text: str, tmp_path: Path
) -> None:
    from posapp.ui.domain_text import IMPORTS, MESSAGES, ROWS, WORDS

    source = tmp_path / f"{kind}.csv"
    source.write_text(text, encoding="utf-8")
    plan = imports.import_list(
        imports.ListKind(kind), source, tmp_path / f"{kind}.sqlite3", "GBP", check_only=True,
        limits=listfile.Limits(max_rejects=1.0),
    )  # fmt: skip
    rows = text.count("\n") - 2  # all but the header and the good first row
    assert len(plan.rejected) == rows
    tables = {*MESSAGES, *WORDS, *IMPORTS, *ROWS}
    for row in plan.rejected:
        assert str(row.text) == row.reason  # the command line's English, as before
        assert ids_of(row.text) <= tables, (row.line, row.reason)


def test_every_refusal_of_a_network_setting_is_in_the_windows_tables(tmp_path: Path) -> None:
    from posapp.tracker import network
    from posapp.ui.domain_text import NETWORK

    folder = tmp_path / "folder.pem"
    folder.mkdir()
    (tmp_path / "empty.pem").write_text("no certificates here\n", encoding="utf-8")
    (tmp_path / "broken.pem").write_text(
        "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n", encoding="utf-8"
    )
    refused: list[Message] = []
    for proxy in ("socks5://p.example:1080", "http://p.example", "http://p.example:3128/x"):
        with pytest.raises(ValidationError) as caught:
            network.parse_proxy(proxy)
        refused.append(caught.value.text)
    for name in ("missing.pem", "folder.pem", "empty.pem", "broken.pem"):
        with pytest.raises(ValidationError) as caught:
            network.check_ca_file(str(tmp_path / name))
        refused.append(caught.value.text)
    with pytest.raises(ValidationError) as caught:
        network.parse_certificates("maybe")
    refused.append(caught.value.text)
    with pytest.raises(ValidationError) as caught:
        network.parse_ca_file("bad\x00name")
    refused.append(caught.value.text)
    assert {text.id for text in refused} <= set(NETWORK)
    assert len({text.id for text in refused}) == 9  # each refusal its own sentence
    assert str(refused[0]) == (  # the command line's English, as before
        "The proxy must be an http:// URL, like http://proxy.example:3128 "
        "(not socks5://p.example:1080)."
    )


def test_the_window_reads_back_why_a_till_does_not_deliver_or_keep_its_sale() -> None:
    from posapp import till
    from posapp.outbox import lock, opening, sale_in_progress
    from posapp.ui.domain_text import REASON_WORDS, REASONS_WITH_VALUES

    made = (
        lock.BUSY, lock.UNUSABLE, sale_in_progress.CANNOT_KEEP, opening.OUTBOX_FAILED,
        till.DISK_ALMOST_FULL,
    )  # fmt: skip
    assert set(made) == set(REASONS_WITH_VALUES)
    assert set(opening.OUTBOX_WORDS) == set(REASON_WORDS)
    full = opening.io_failed(Path("/till/outbox.sqlite3"), OSError(28, "No space left on device"))
    found = read_back(full, REASONS_WITH_VALUES)
    assert found is not None and found.id == opening.OUTBOX_FAILED
    assert found.params[1] == opening.DISK_FULL and found.params[3] == opening.SAFE_ADVICE
    said = str(Message(lock.BUSY, ("4242",)))
    assert read_back(said, REASONS_WITH_VALUES) == Message(lock.BUSY, ("4242",))
    assert read_back("paused by the operator", REASONS_WITH_VALUES) is None
