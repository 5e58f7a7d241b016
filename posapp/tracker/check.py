""" "Check connection": post an empty body, which the endpoint must refuse, and say what the
refusal means. Nothing is recorded by the endpoint either way."""

from __future__ import annotations

from dataclasses import dataclass

from posapp.tracker.client import TrackerClient
from posapp.tracker.network import Network
from posapp.tracker.outcome import OutcomeKind
from posapp.tracker.token import SiteToken


@dataclass(frozen=True)
class ConnectionCheck:
    ok: bool
    message: str


def check_connection(
    url: str, site: str, token: SiteToken, channel: str = "store", network: Network | None = None
) -> ConnectionCheck:
    """What an empty POST through ``network`` (the proxy, the certificates) shows; the cause
    named when a proxy or a certificate is the problem."""
    with TrackerClient(
        url,
        site,
        token,
        channel,
        connect_timeout=5.0,
        read_timeout=10.0,
        time_limit=15.0,
        network=network,
    ) as client:
        outcome = client.post_order(b"")
    if outcome.cause:
        return ConnectionCheck(False, outcome.cause + ".")
    if outcome.kind is OutcomeKind.CREDENTIALS_REJECTED:
        return ConnectionCheck(
            False, "The endpoint refused the site code or the site token: check both."
        )
    if outcome.kind is OutcomeKind.REJECTED:
        return ConnectionCheck(
            True,
            "Connected: the site and token were accepted. The endpoint refused the empty test "
            "order, as it should, so nothing was recorded.",
        )
    if outcome.delivered:
        return ConnectionCheck(
            True, "Connected, but the endpoint accepted an empty order; tell the vendor."
        )
    return ConnectionCheck(
        False,
        f"No answer from the endpoint ({outcome.describe()}). Check the network, the "
        "environment and the site name or endpoint URL.",
    )
