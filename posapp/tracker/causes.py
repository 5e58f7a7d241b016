"""Why a connection failed, in the words of the person who can fix it: the proxy did not
answer, the proxy wants a password, the endpoint's certificate is not trusted, is for another
name, or has expired. Used by the client for delivery outcomes and by ``Check connection``.
"""

from __future__ import annotations

import re
import ssl

from posapp.tracker.network import proxy_address

UNTRUSTED = (
    "The endpoint's certificate is not trusted by this till: if your network inspects HTTPS, "
    "add your company CA file in Settings > Network"
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
    for link in _chain(exc):
        if isinstance(link, ssl.SSLCertVerificationError):
            code = link.verify_code
            said = f"{link.verify_message} {link.reason} {link}".lower()
            if code in _EXPIRED_CODES or "expired" in said:
                return (
                    f"The endpoint's certificate ({host}) has expired; if the date on this till "
                    "is wrong, correct it, otherwise tell the vendor"
                )
            if code in _NOT_YET_VALID_CODES or "not yet valid" in said:
                return (
                    f"The endpoint's certificate ({host}) is not valid yet: check the date and "
                    "time on this till"
                )
            if code in _NAME_CODES or "hostname" in said or "match" in said:
                return (
                    f"The endpoint's certificate is not for {host}: check the endpoint URL, or "
                    "whether your network sends HTTPS elsewhere"
                )
            return UNTRUSTED
    return ""


def proxy_cause(exc: BaseException, proxy: str) -> str:
    """What the proxy did wrong, or "" when it is not about the proxy."""
    where = proxy_address(proxy)
    for link in _chain(exc):
        status = re.match(r"(\d{3})\b", str(link))
        if type(link).__name__ == "ProxyError" and status:  # httpcore's: a CONNECT refused
            return proxy_status_cause(int(status.group(1)), proxy)
        if isinstance(link, ssl.SSLError):
            return ""
    for link in _chain(exc):
        if isinstance(link, OSError | TimeoutError) or type(link).__name__ in {
            "ConnectError",
            "ConnectTimeout",
        }:
            return f"The proxy at {where} did not answer: check the proxy setting and the network"
    return ""


def proxy_status_cause(status: int, proxy: str) -> str:
    where = proxy_address(proxy)
    if status == 407:
        if "@" in proxy:
            return (
                f"The proxy at {where} refused the user name and password in the proxy setting "
                "(HTTP 407)"
            )
        return (
            f"The proxy at {where} asks for a user name and password (HTTP 407): set the proxy "
            "as http://user:password@host:port"
        )
    return f"The proxy at {where} would not connect to the endpoint (HTTP {status})"
