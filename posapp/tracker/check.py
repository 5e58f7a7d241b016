""" "Check connection": post an empty body, which the endpoint must refuse, and say what the
refusal means. Nothing is recorded by the endpoint either way. The result is a Message (the
window translates it, ``posapp.ui.domain_text``); its ``message`` is the English."""

from __future__ import annotations

from dataclasses import dataclass

from posapp.domain.errors import Message
from posapp.tracker.causes import cause_text, setup_sentence
from posapp.tracker.client import TrackerClient
from posapp.tracker.network import Network
from posapp.tracker.outcome import OutcomeKind
from posapp.tracker.token import SiteToken

REFUSED = "The endpoint refused the site code or the site token: check both."
CONNECTED = (
    "Connected: the site and token were accepted. The endpoint refused the empty test order, "
    "as it should, so nothing was recorded."
)
ACCEPTED_EMPTY = "Connected, but the endpoint accepted an empty order; tell the vendor."
NO_ANSWER = (
    "No answer from the endpoint (%1). Check the network, the environment and the site name or "
    "endpoint URL."
)
SENTENCE = "%1."  # a cause (posapp.tracker.causes), ended
# every sentence of a check, for the window's tables (posapp.ui.domain_text)
CHECKS = (REFUSED, CONNECTED, ACCEPTED_EMPTY, NO_ANSWER, SENTENCE)


@dataclass(frozen=True)
class ConnectionCheck:
    """What a check found: ``text`` for the window to translate, ``message`` its English."""

    ok: bool
    text: Message

    @property
    def message(self) -> str:
        return str(self.text)


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
        setup = setup_sentence(outcome.cause)  # a network setting that cannot be used
        if setup is not None:
            return ConnectionCheck(False, setup)
        return ConnectionCheck(False, Message(SENTENCE, (cause_text(outcome.cause),)))
    if outcome.kind is OutcomeKind.CREDENTIALS_REJECTED:
        return ConnectionCheck(False, Message(REFUSED))
    if outcome.kind is OutcomeKind.REJECTED:
        return ConnectionCheck(True, Message(CONNECTED))
    if outcome.delivered:
        return ConnectionCheck(True, Message(ACCEPTED_EMPTY))
    return ConnectionCheck(False, Message(NO_ANSWER, (outcome.describe_text(),)))
