"""Why a connection failed, in the words of the person who can fix it: the proxy did not
answer, the proxy wants a password, the endpoint's certificate is not trusted, is for another
name, or has expired. Used by the client for delivery outcomes and by ``Check connection``.
"""

from __future__ import annotations

import re
import ssl

from posapp.domain.errors import Message, read_back
from posapp.tracker.network import SETUP_PROBLEMS, proxy_address

UNTRUSTED_TEXT = Message(
    "The endpoint's certificate is not trusted by this till: if your network inspects HTTPS, "
    "add your company CA file in Settings > Network"
)
UNTRUSTED = str(UNTRUSTED_TEXT)
EXPIRED = (
    "The endpoint's certificate (%1) has expired; if the date on this till is wrong, correct "
    "it, otherwise tell the vendor"
)
NOT_YET_VALID = (
    "The endpoint's certificate (%1) is not valid yet: check the date and time on this till"
)
WRONG_NAME = (
    "The endpoint's certificate is not for %1: check the endpoint URL, or whether your network "
    "sends HTTPS elsewhere"
)
PROXY_SILENT = "The proxy at %1 did not answer: check the proxy setting and the network"
PROXY_REFUSED_LOGIN = (
    "The proxy at %1 refused the user name and password in the proxy setting (HTTP 407)"
)
PROXY_WANTS_LOGIN = (
    "The proxy at %1 asks for a user name and password (HTTP 407): set the proxy as "
    "http://user:password@host:port"
)
PROXY_STATUS = "The proxy at %1 would not connect to the endpoint (HTTP %2)"
# every cause's id, for ``cause_text`` (and the window's tables: posapp.ui.domain_text)
CAUSES = (
    UNTRUSTED_TEXT.id,
    EXPIRED,
    NOT_YET_VALID,
    WRONG_NAME,
    PROXY_SILENT,
    PROXY_REFUSED_LOGIN,
    PROXY_WANTS_LOGIN,
    PROXY_STATUS,
)
# OpenSSL's verify codes (truststore reports the same on Linux; words elsewhere)
_EXPIRED_CODES = {10}  # X509_V_ERR_CERT_HAS_EXPIRED
_NOT_YET_VALID_CODES = {9}  # X509_V_ERR_CERT_NOT_YET_VALID
_NAME_CODES = {62}  # X509_V_ERR_HOSTNAME_MISMATCH


def _chain(exc: BaseException) -> list[BaseException]:
    """``exc`` and whatever it was raised from or during, outermost first."""
    found: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in found and len(found) < 10:
        found.append(current)
        current = current.__cause__ or current.__context__
    return found


def certificate_cause(exc: BaseException, host: str) -> str:
    """What is wrong with the endpoint's certificate, or "" when it is not about that."""
    return str(certificate_text(exc, host) or "")


def certificate_text(exc: BaseException, host: str) -> Message | None:
    """``certificate_cause`` as a Message (id and values), None when it is not about that."""
    for link in _chain(exc):
        if isinstance(link, ssl.SSLCertVerificationError):
            code = link.verify_code
            said = f"{link.verify_message} {link.reason} {link}".lower()
            if code in _EXPIRED_CODES or "expired" in said:
                return Message(EXPIRED, (host,))
            if code in _NOT_YET_VALID_CODES or "not yet valid" in said:
                return Message(NOT_YET_VALID, (host,))
            if code in _NAME_CODES or "hostname" in said or "match" in said:
                return Message(WRONG_NAME, (host,))
            return UNTRUSTED_TEXT
    return None


def proxy_cause(exc: BaseException, proxy: str) -> str:
    """What the proxy did wrong, or "" when it is not about the proxy."""
    return str(proxy_text(exc, proxy) or "")


def proxy_text(exc: BaseException, proxy: str) -> Message | None:
    """``proxy_cause`` as a Message, None when it is not about the proxy."""
    where = proxy_address(proxy)
    for link in _chain(exc):
        status = re.match(r"(\d{3})\b", str(link))
        if type(link).__name__ == "ProxyError" and status:  # httpcore's: a CONNECT refused
            return proxy_status_text(int(status.group(1)), proxy)
        if isinstance(link, ssl.SSLError):
            return None
    for link in _chain(exc):
        if isinstance(link, OSError | TimeoutError) or type(link).__name__ in {
            "ConnectError",
            "ConnectTimeout",
        }:
            return Message(PROXY_SILENT, (where,))
    return None


def proxy_status_cause(status: int, proxy: str) -> str:
    return str(proxy_status_text(status, proxy))


def proxy_status_text(status: int, proxy: str) -> Message:
    where = proxy_address(proxy)
    if status == 407:
        return Message(PROXY_REFUSED_LOGIN if "@" in proxy else PROXY_WANTS_LOGIN, (where,))
    return Message(PROXY_STATUS, (where, str(status)))


def cause_text(cause: str) -> Message:
    """The Message a cause of this module was made from, given its English (what
    ``Outcome.cause`` keeps, for the log and the queue): the window translates it. A text that
    is none of them is its own, untranslated, Message."""
    return read_back(cause, CAUSES) or Message("%1", (cause,))


def setup_sentence(cause: str) -> Message | None:
    """The network setting's own sentence (``posapp.tracker.network``: a proxy or a CA file
    that cannot be used) a cause was made from, given its English without the closing stop
    (as the client keeps it); None when the cause is not one of them."""
    return read_back(cause + ".", SETUP_PROBLEMS)
