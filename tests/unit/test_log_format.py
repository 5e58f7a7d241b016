"""The log's cheaper line: the same text as the standard formatter, scrubbed as before."""

from __future__ import annotations

import logging
import sys
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from posapp.setup.logs import ScrubFilter, UtcFormatter


def record(created: float, message: str, *args: object) -> logging.LogRecord:
    line = logging.LogRecord("posapp.outbox.store", logging.INFO, "f.py", 1, message, args, None)
    line.created = created
    line.msecs = (created - int(created)) * 1000
    return line


@settings(max_examples=300, deadline=None)
@given(st.lists(st.floats(min_value=0, max_value=4_102_444_800), min_size=1, max_size=5))
def test_the_time_written_once_a_second_is_what_the_standard_formatter_writes(
    moments: list[float],
) -> None:
    standard = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    standard.converter = time.gmtime
    ours = UtcFormatter()
    for moment in [*moments, moments[0], moments[0] + 0.5]:  # a second seen again, and its half
        line = record(moment, "order %s queued", "T-1")
        assert ours.format(line) == standard.format(line)


def test_emails_and_the_token_are_scrubbed_with_or_without_an_at_sign() -> None:
    scrub = ScrubFilter(lambda text: text.replace("s3cret", "***"))
    for message, args, expected in (
        ("order %s queued (%s %s)", ("T-1", "13.00", "GBP"), "order T-1 queued (13.00 GBP)"),
        ("token %s refused", ("s3cret",), "token *** refused"),
        ("customer %s", ("jo.bloggs@example.com",), "customer <email>"),
        ("%s for a.b+c@d.example.org", ("s3cret",), "*** for <email>"),
    ):
        line = record(0.0, message, *args)
        assert scrub.filter(line)
        assert (line.getMessage(), line.args) == (expected, None)


def test_a_traceback_is_written_as_the_standard_formatter_writes_it() -> None:
    standard = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    standard.converter = time.gmtime
    try:
        raise ValueError("broken")
    except ValueError:
        line = logging.LogRecord(
            "posapp.x", logging.ERROR, "f.py", 1, "failed %s", ("T-1",), sys.exc_info()
        )
    text = UtcFormatter().format(line)
    assert text == standard.format(line)
    assert text.splitlines()[-1] == "ValueError: broken"
