"""The till's state in the Prometheus text exposition format (version 0.0.4), for node_exporter.

Written by hand, byte for byte to the format's description
(https://prometheus.io/docs/instrumenting/exposition_formats/): a ``# HELP`` and a ``# TYPE``
line before each metric's samples, label values with ``\\``, ``"`` and newlines escaped, help
text with ``\\`` and newlines escaped, one sample per line, ``\\n`` line ends, the last line
ended too. No prometheus-client at run time: the till only ever writes these few gauges.

Every series carries the till's ID as the ``till_id`` label, so a fleet's files can be told apart
and summed. The figures are those of ``posapp queue status`` (the outbox's one status query).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from posapp.outbox.store import OutboxStatus, State

# The pauses that only new credentials lift (posapp.outbox.delivery's reasons, kept in step by
# a test): an alert on them tells IT that someone must set the site token again.
CREDENTIAL_PAUSES = (
    "credentials rejected: the endpoint refused the site or site token",
    "no site token set",
)

Labels = Sequence[tuple[str, str]]


@dataclass(frozen=True)
class Gauge:
    name: str
    help: str
    samples: Sequence[tuple[Labels, float]]


def escape_label_value(value: str) -> str:
    """A label value as the format writes it inside double quotes."""
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def escape_help(text: str) -> str:
    """Help text: backslash and line feed escaped (a double quote stays as it is)."""
    return text.replace("\\", "\\\\").replace("\n", "\\n")


def format_value(value: float) -> str:
    """A sample value: integers without a fraction, Go's spelling of the infinities and NaN."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    if float(value).is_integer() and abs(value) < 2**53:
        return str(int(value))
    return repr(float(value))


def render(gauges: Iterable[Gauge]) -> str:
    """The exposition text of ``gauges``: HELP, TYPE, then each sample; a final line feed."""
    lines: list[str] = []
    for gauge in gauges:
        lines.append(f"# HELP {gauge.name} {escape_help(gauge.help)}")
        lines.append(f"# TYPE {gauge.name} gauge")
        for labels, value in gauge.samples:
            inside = ",".join(f'{key}="{escape_label_value(text)}"' for key, text in labels)
            lines.append(f"{gauge.name}{{{inside}}} {format_value(value)}")
    return "\n".join(lines) + "\n"


def till_gauges(
    status: OutboxStatus | None, *, till_id: str, version: str, now: float
) -> list[Gauge]:
    """The till's gauges from its outbox status (None: no outbox yet, so nothing waits)."""
    till = ("till_id", till_id)
    counts = status.counts if status is not None else {}
    duplicated = status.possibly_duplicated if status is not None else 0
    oldest = status.oldest_pending_at if status is not None else None
    last_sent = status.last_sent_at if status is not None else None
    paused = status.paused if status is not None else None
    orders: list[tuple[Labels, float]] = [
        ((till, ("state", state.value)), counts.get(state, 0))
        for state in (State.PENDING, State.SENDING, State.PARKED)
    ]
    orders.append(((till, ("state", "possibly_duplicated")), duplicated))
    return [
        Gauge(
            "posapp_orders",
            "Orders in the till's outbox by state (possibly_duplicated: flagged orders, any state).",
            orders,
        ),
        Gauge(
            "posapp_oldest_pending_age_seconds",
            "Seconds since the oldest pending order was queued (0: none pending).",
            [((till,), 0 if oldest is None else max(0.0, round(now - oldest, 3)))],
        ),
        Gauge(
            "posapp_last_success_timestamp_seconds",
            "Unix time of the last order the endpoint accepted (0: none on record).",
            [((till,), 0 if last_sent is None else last_sent)],
        ),
        Gauge(
            "posapp_paused_for_credentials",
            "1 while delivery waits for a new site token (rejected or none set), else 0.",
            [((till,), 1 if paused in CREDENTIAL_PAUSES else 0)],
        ),
        Gauge(
            "posapp_delivery_paused",
            "1 while delivery is paused for any reason (see posapp queue status), else 0.",
            [((till,), 0 if paused is None else 1)],
        ),
        Gauge("posapp_info", "The till's posapp version.", [((till, ("version", version)), 1)]),
    ]


def exposition(status: OutboxStatus | None, *, till_id: str, version: str, now: float) -> str:
    """``posapp queue status --format prometheus``: the whole text, ready for a .prom file."""
    return render(till_gauges(status, till_id=till_id, version=version, now=now))
