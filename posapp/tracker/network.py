"""How a till reaches the endpoint: through which proxy, trusting which certificates.

``Network`` is the four network settings as one value (``proxy``, ``trust_env``,
``certificates``, ``ca_file``). From it come the proxy for one endpoint URL (the explicit
setting first; the environment's ``HTTPS_PROXY``/``ALL_PROXY``/``NO_PROXY`` only when trusted)
and the TLS context (the operating system's trust store through ``truststore``, or certifi's
bundle, plus a company CA file). Certificates are always verified: there is no way to turn that
off. A proxy's password is a secret: ``redact_proxy`` is how a proxy URL is ever shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urlsplit

from posapp.domain.errors import Message, ValidationError
from posapp.domain.text import shown

if TYPE_CHECKING:  # ssl and urllib.request load when a connection is made, not at start
    import ssl

    class NetworkSettings(Protocol):
        """What ``Network.of`` reads: the settings, without importing them here."""

        @property
        def proxy(self) -> str: ...
        @property
        def trust_environment(self) -> bool: ...
        @property
        def certificates(self) -> str: ...
        @property
        def ca_file(self) -> str: ...


CERTIFICATES = ("system", "bundled")
MAX_CA_FILE = 1024 * 1024
_PEM_BEGIN = "-----BEGIN CERTIFICATE-----"


class NetworkSetupError(Exception):
    """The network settings cannot be used as they are; the message is one line for a person
    (``text``: the same as a Message, for the window to translate)."""

    def __init__(self, text: Message) -> None:
        super().__init__(str(text))
        self.text = text


# what is wrong with a proxy or a CA file (posapp.ui.domain_text translates them)
PROXY_NOT_HTTP = "The proxy must be an http:// URL, like http://proxy.example:3128 (not %1)."
PROXY_NO_PORT = "The proxy needs a host and a port, like http://proxy.example:3128 (not %1)."
PROXY_PATH = "The proxy is only http://host:port, with no path after it (not %1)."
CA_MISSING = "The CA file %1 does not exist."
CA_FOLDER = "The CA file %1 is a folder, not a file."
CA_UNREADABLE = "The CA file %1 cannot be read (%2)."
CA_NO_PEM = "The CA file %1 holds no PEM certificates (-----BEGIN CERTIFICATE-----)."
CA_DAMAGED = "The CA file %1 is damaged: its PEM certificates cannot be read."
ENVIRONMENT_PROXY = "The proxy in the environment cannot be used: %1"
# what a client that cannot be set up says on every attempt (``causes.setup_sentence``)
SETUP_PROBLEMS = (
    CA_MISSING, CA_FOLDER, CA_UNREADABLE, CA_NO_PEM, CA_DAMAGED, ENVIRONMENT_PROXY,
)  # fmt: skip


@dataclass(frozen=True)
class Network:
    proxy: str = ""  # "" or http://[user:password@]host:port
    trust_env: bool = False  # honour HTTPS_PROXY, ALL_PROXY and NO_PROXY (when proxy is "")
    certificates: str = "system"  # "system" (the OS trust store) or "bundled" (certifi)
    ca_file: str = ""  # a PEM file of extra CAs (a company CA), trusted as well

    @classmethod
    def of(cls, settings: NetworkSettings) -> Network:
        return cls(
            settings.proxy, settings.trust_environment, settings.certificates, settings.ca_file
        )

    def __repr__(self) -> str:  # the proxy's password never reaches a log through a repr
        return (
            f"Network(proxy={redact_proxy(self.proxy)!r}, trust_env={self.trust_env}, "
            f"certificates={self.certificates!r}, ca_file={self.ca_file!r})"
        )


# -- proxies ------------------------------------------------------------------------------------
def parse_proxy(value: object, key: str = "proxy") -> str:
    """An http:// proxy URL with a host and a port (and perhaps a user and password)."""
    text = str(value).strip()
    said = redact_proxy(text)
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        parts, port = urlsplit(""), None
    if parts.scheme.lower() != "http":
        raise ValidationError(key, Message(PROXY_NOT_HTTP, (said,)))
    if not parts.hostname or port is None:
        raise ValidationError(key, Message(PROXY_NO_PORT, (said,)))
    if parts.path not in {"", "/"} or parts.query or parts.fragment:
        raise ValidationError(key, Message(PROXY_PATH, (said,)))
    return text.rstrip("/")


def redact_proxy(url: str) -> str:
    """``url`` with its password (if any) written as ``***``; what is shown of a proxy URL."""
    parts = urlsplit(url)
    if parts.password is None:
        return shown(url, 200)
    user = parts.username or ""
    host = parts.netloc.rpartition("@")[2]
    return shown(parts._replace(netloc=f"{user}:***@{host}").geturl(), 200)


def proxy_address(url: str) -> str:
    """host:port of a proxy URL, for a message."""
    return shown(urlsplit(url).netloc.rpartition("@")[2], 120)


def proxy_for(url: str, network: Network) -> str | None:
    """The proxy to reach ``url`` through, or None to go direct."""
    if network.proxy:
        return network.proxy
    if not network.trust_env:
        return None
    import urllib.request

    found = urllib.request.getproxies_environment()  # lower case wins, as in curl and httpx
    parts = urlsplit(url)
    bypass = urllib.request.proxy_bypass_environment  # type: ignore[attr-defined]
    if bypass(parts.hostname or "", found):
        return None
    proxy = found.get(parts.scheme) or found.get("all")
    if not proxy:
        return None
    if "://" not in proxy:
        proxy = "http://" + proxy
    try:
        return parse_proxy(proxy)
    except ValidationError as exc:
        said = Message(ENVIRONMENT_PROXY, (exc.text,))
        raise NetworkSetupError(said) from None


# -- certificates -------------------------------------------------------------------------------
def parse_certificates(value: object, key: str = "certificates") -> str:
    text = str(value).strip().lower()
    if text not in CERTIFICATES:
        raise ValidationError(
            key,
            "certificates must be system (the trust store of this computer) or bundled "
            "(the list that ships with posapp).",
        )
    return text


def parse_ca_file(value: object, key: str = "ca_file") -> str:
    """A CA file's path as written in a settings file (whether it is usable is checked when a
    person sets it, ``check_ca_file``, and when a connection is made)."""
    text = str(value).strip()
    if not text.isprintable():
        raise ValidationError(key, "The CA file's name cannot be printed; type the path again.")
    return text


def check_ca_file(value: object, key: str = "ca_file") -> None:
    """A CA file a person names must exist, be readable and hold PEM certificates."""
    if value:
        try:
            read_ca_file(str(value))
        except NetworkSetupError as exc:
            raise ValidationError(key, exc.text) from None


def read_ca_file(path: str) -> str:
    """The PEM certificates in ``path``; ``NetworkSetupError`` (one line) when not usable."""
    import ssl

    name = shown(path, 200)
    try:
        with Path(path).expanduser().open("rb") as file:
            data = file.read(MAX_CA_FILE + 1)
    except FileNotFoundError:
        raise NetworkSetupError(Message(CA_MISSING, (name,))) from None
    except IsADirectoryError:
        raise NetworkSetupError(Message(CA_FOLDER, (name,))) from None
    except OSError as exc:
        why = exc.strerror or type(exc).__name__
        raise NetworkSetupError(Message(CA_UNREADABLE, (name, why))) from None
    text = data.decode("ascii", errors="replace")
    if len(data) > MAX_CA_FILE or _PEM_BEGIN not in text:
        raise NetworkSetupError(Message(CA_NO_PEM, (name,)))
    try:
        ssl.create_default_context().load_verify_locations(cadata=text)
    except (ssl.SSLError, ValueError):
        raise NetworkSetupError(Message(CA_DAMAGED, (name,))) from None
    return text


def ssl_context(network: Network) -> ssl.SSLContext:
    """A client TLS context that verifies certificates and host names, always."""
    import ssl

    if network.certificates == "bundled":
        import certifi  # httpx's own dependency

        context = ssl.create_default_context(cafile=certifi.where())
    else:
        import truststore

        context = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    if network.ca_file:
        context.load_verify_locations(cadata=read_ca_file(network.ca_file))
    return context
