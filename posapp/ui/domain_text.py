"""The domain's sentences in the window's language.

``posapp.domain`` imports no Qt: its ``ValidationError`` carries a ``Message`` (an English id
with ``%1``.. and the values), which the command line prints as it is. The window translates it
here, in the translation context "domain"; the tables below are what ``pyside6-lupdate`` reads
(a test keeps them equal to the ids the domain raises). Delivery's pause reasons, which the
status bar and the banner show, the connection check's findings (``posapp.tracker.check``,
``causes``, ``outcome``) and the import preview's sentences (``posapp.lists.imports``) are
translated the same way. A Message's counts (int values) come in the locale's digits; an id with
a plural (``%Ln``, the Message's ``n``) is translated in the context of ``Counted``, where
lupdate sees it as a plural.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QObject

from posapp.domain.errors import Message, ValidationError, read_back
from posapp.i18n import QT_TRANSLATE_NOOP, fill

CONTEXT = "domain"

MESSAGES = (
    QT_TRANSLATE_NOOP(
        "domain",
        "Till ID must be 1 to %1 letters or digits, dashes allowed inside "
        "(for example REGENT-01), and different on every till.",
    ),
    QT_TRANSLATE_NOOP("domain", "%1 %2 has too many decimals: %3 allows at most %4 decimals."),
    QT_TRANSLATE_NOOP("domain", "%1 %2 has too many decimals: %3 allows no decimals."),
    QT_TRANSLATE_NOOP("domain", "%1 %2 is not an amount of money; type it like 12.50."),
    QT_TRANSLATE_NOOP("domain", "%1 %2 is too long: at most %3 characters."),
    QT_TRANSLATE_NOOP("domain", "%1 cannot be negative."),
    QT_TRANSLATE_NOOP(
        "domain", "%1 contains an invisible or direction-changing character (%2, %3)%4."
    ),
    QT_TRANSLATE_NOOP("domain", "%1 contains characters that cannot be printed (%2)%3."),
    QT_TRANSLATE_NOOP("domain", "%1 contains characters that cannot be printed%2."),
    QT_TRANSLATE_NOOP("domain", "%1 is empty%2."),
    QT_TRANSLATE_NOOP("domain", "%1 is missing; scan or type the code."),
    QT_TRANSLATE_NOOP(
        "domain",
        "%1 is not a customer ID: use letters, digits, '.', '_', ':' or '-' (at most %2).",
    ),
    QT_TRANSLATE_NOOP(
        "domain", "%1 is not a number a till can use (too many digits or a huge exponent)."
    ),
    QT_TRANSLATE_NOOP("domain", "%1 is not valid Unicode text (a lone surrogate %2)%3."),
    QT_TRANSLATE_NOOP("domain", "%1 is too large for a till; check the amount."),
    QT_TRANSLATE_NOOP("domain", "%1 must be an amount of money, like 12.50."),
    QT_TRANSLATE_NOOP("domain", "%1 must be text."),
    QT_TRANSLATE_NOOP(
        "domain",
        "Currency %1 is not a currency code this till knows: use a three-letter "
        "ISO 4217 code such as GBP, EUR or USD.",
    ),
    QT_TRANSLATE_NOOP("domain", "Customer ID is empty; scan the loyalty card or type the ID."),
    QT_TRANSLATE_NOOP("domain", "Line %1: %2"),
    QT_TRANSLATE_NOOP("domain", "Nothing was scanned; scan or type an item code."),
    QT_TRANSLATE_NOOP("domain", "Quantity is more than %1; check the number."),
    QT_TRANSLATE_NOOP("domain", "Quantity must be a whole number of items, like 1 or 3."),
    QT_TRANSLATE_NOOP("domain", "Quantity must be at least 1; remove the line instead."),
    QT_TRANSLATE_NOOP("domain", "Quantity would be %1, more than %2; check the number."),
    QT_TRANSLATE_NOOP("domain", "That line is no longer in the basket."),
    QT_TRANSLATE_NOOP(
        "domain",
        "That looks like an email address. Emails are never sent: scan the loyalty card "
        "or type the customer ID instead.",
    ),
    QT_TRANSLATE_NOOP("domain", "Write the quantity before the *, as in 3*CODE."),
)

# the names and hints the sentences above are filled with (``what``, ``advice``)
WORDS = (
    QT_TRANSLATE_NOOP("domain", "Price"),
    QT_TRANSLATE_NOOP("domain", "Quantity"),
    QT_TRANSLATE_NOOP("domain", "Item code"),
    QT_TRANSLATE_NOOP("domain", "Name"),
    QT_TRANSLATE_NOOP("domain", "Customer detail name"),
    QT_TRANSLATE_NOOP("domain", "; scan or type the code"),
    QT_TRANSLATE_NOOP("domain", " (a scanner glitch?); scan it again"),
)

# why delivery paused (posapp.outbox.delivery), shown in the status bar and the banner
REASONS = (
    QT_TRANSLATE_NOOP(
        "domain", "credentials rejected: the endpoint refused the site or site token"
    ),
    QT_TRANSLATE_NOOP("domain", "no site token set"),
    QT_TRANSLATE_NOOP("domain", "paused by the operator"),
)
# why this till does not deliver or keep its sale, with values (posapp.outbox.lock and
# sale_in_progress keep them in English: ``reason_text`` reads them back)
REASONS_WITH_VALUES = (
    QT_TRANSLATE_NOOP(
        "domain",
        "another posapp (process %1) is already delivering from this outbox; orders stay queued "
        "and that one will send them",
    ),
    QT_TRANSLATE_NOOP(
        "domain",
        "the delivery lock %1 cannot be used (%2); nothing is sent from this till until it can: "
        "the orders stay queued; tell IT",
    ),
    QT_TRANSLATE_NOOP(
        "domain", "The sale in progress cannot be kept in %1 (%2); it is lost if posapp stops."
    ),
    # a sale not saved: the outbox cannot be used (posapp.outbox.opening), the disk's reserve
    QT_TRANSLATE_NOOP("domain", "The outbox %1 cannot be used: %2 (%3); %4."),
    QT_TRANSLATE_NOOP(
        "domain", "The till's disk is almost full: the sale is not taken; tell IT (%1 MB free)."
    ),
)
# the fixed words the sentences above are filled with (what went wrong, what to do)
REASON_WORDS = (
    QT_TRANSLATE_NOOP("domain", "tell IT to check the disk; keep the file, never delete it"),
    QT_TRANSLATE_NOOP("domain", "the orders already in it are safe and stay queued; tell IT"),
    QT_TRANSLATE_NOOP("domain", "the disk is full"),
    QT_TRANSLATE_NOOP("domain", "the profile is read-only"),
    QT_TRANSLATE_NOOP("domain", "the disk failed to read or write (input/output error)"),
    QT_TRANSLATE_NOOP(
        "domain",
        "it cannot be opened (is something else where the file or its folder belongs?)",
    ),
)


# "Check connection" (posapp.tracker.check), its causes (posapp.tracker.causes) and what became
# of its POST (posapp.tracker.outcome: the kinds and the words of describe_text)
CHECKS = (
    QT_TRANSLATE_NOOP(
        "domain", "The endpoint refused the site code or the site token: check both."
    ),
    QT_TRANSLATE_NOOP(
        "domain",
        "Connected: the site and token were accepted. The endpoint refused the empty test order, "
        "as it should, so nothing was recorded.",
    ),
    QT_TRANSLATE_NOOP(
        "domain", "Connected, but the endpoint accepted an empty order; tell the vendor."
    ),
    QT_TRANSLATE_NOOP(
        "domain",
        "No answer from the endpoint (%1). Check the network, the environment and the site name "
        "or endpoint URL.",
    ),
    QT_TRANSLATE_NOOP("domain", "%1."),
    QT_TRANSLATE_NOOP(
        "domain",
        "The endpoint's certificate is not trusted by this till: if your network inspects "
        "HTTPS, add your company CA file in Settings > Network",
    ),
    QT_TRANSLATE_NOOP(
        "domain",
        "The endpoint's certificate (%1) has expired; if the date on this till is wrong, "
        "correct it, otherwise tell the vendor",
    ),
    QT_TRANSLATE_NOOP(
        "domain",
        "The endpoint's certificate (%1) is not valid yet: check the date and time on this till",
    ),
    QT_TRANSLATE_NOOP(
        "domain",
        "The endpoint's certificate is not for %1: check the endpoint URL, or whether your "
        "network sends HTTPS elsewhere",
    ),
    QT_TRANSLATE_NOOP(
        "domain", "The proxy at %1 did not answer: check the proxy setting and the network"
    ),
    QT_TRANSLATE_NOOP(
        "domain",
        "The proxy at %1 refused the user name and password in the proxy setting (HTTP 407)",
    ),
    QT_TRANSLATE_NOOP(
        "domain",
        "The proxy at %1 asks for a user name and password (HTTP 407): set the proxy as "
        "http://user:password@host:port",
    ),
    QT_TRANSLATE_NOOP("domain", "The proxy at %1 would not connect to the endpoint (HTTP %2)"),
    QT_TRANSLATE_NOOP("domain", "delivered"),
    QT_TRANSLATE_NOOP("domain", "delivered with warnings"),
    QT_TRANSLATE_NOOP("domain", "rejected"),
    QT_TRANSLATE_NOOP("domain", "credentials rejected"),
    QT_TRANSLATE_NOOP("domain", "transient"),
    QT_TRANSLATE_NOOP("domain", "unknown outcome"),
    QT_TRANSLATE_NOOP("domain", "%1 - %2"),
    QT_TRANSLATE_NOOP("domain", "retry after %1 s"),
)

# the import preview (posapp.lists.imports: summary, details); the plurals are in Counted
IMPORTS = (
    QT_TRANSLATE_NOOP("domain", "%1 in %2: %3 added, %4 removed, %5; %6 (%7)"),
    QT_TRANSLATE_NOOP("domain", "%1 %2"),
    QT_TRANSLATE_NOOP("domain", "%1 with a new price"),
    QT_TRANSLATE_NOOP("domain", "%1 with a new customer ID"),
    QT_TRANSLATE_NOOP("domain", "%1 with a new %2"),
    QT_TRANSLATE_NOOP("domain", "the catalog has %1 now"),
    QT_TRANSLATE_NOOP("domain", "the customer directory has %1 now"),
    QT_TRANSLATE_NOOP("domain", "the %1 has %2 now"),
    QT_TRANSLATE_NOOP("domain", "Largest price changes:"),
    QT_TRANSLATE_NOOP("domain", "Largest customer ID changes:"),
    QT_TRANSLATE_NOOP("domain", "Largest %1 changes:"),
    QT_TRANSLATE_NOOP("domain", "  %1: %2 -> %3%4"),
    QT_TRANSLATE_NOOP("domain", "Rejected rows:"),
    QT_TRANSLATE_NOOP("domain", "  line %1: %2"),
    # why a file cannot replace a list, what needs a confirmation (posapp.lists.listfile)
    QT_TRANSLATE_NOOP("domain", "the file has no products"),
    QT_TRANSLATE_NOOP("domain", "the file has no customers"),
    QT_TRANSLATE_NOOP(
        "domain",
        "%1 of %2 rows (%3) cannot be used and would be lost (at most %4% may be; fix those "
        "rows, or allow more)",
    ),
    QT_TRANSLATE_NOOP("domain", "the catalog would shrink from %1 to %2 products"),
    QT_TRANSLATE_NOOP("domain", "the customer directory would shrink from %1 to %2 customers"),
    QT_TRANSLATE_NOOP("domain", "%1 of %2 products would change price (%3; more than %4%)"),
    QT_TRANSLATE_NOOP("domain", "%1 of %2 customers would change customer ID (%3; more than %4%)"),
)

# what is wrong with a network setting: the proxy, the CA file (posapp.tracker.network)
NETWORK = (
    QT_TRANSLATE_NOOP(
        "domain", "The proxy must be an http:// URL, like http://proxy.example:3128 (not %1)."
    ),
    QT_TRANSLATE_NOOP(
        "domain", "The proxy needs a host and a port, like http://proxy.example:3128 (not %1)."
    ),
    QT_TRANSLATE_NOOP(
        "domain", "The proxy is only http://host:port, with no path after it (not %1)."
    ),
    QT_TRANSLATE_NOOP("domain", "The proxy in the environment cannot be used: %1"),
    QT_TRANSLATE_NOOP(
        "domain",
        "certificates must be system (the trust store of this computer) or bundled "
        "(the list that ships with posapp).",
    ),
    QT_TRANSLATE_NOOP("domain", "The CA file's name cannot be printed; type the path again."),
    QT_TRANSLATE_NOOP("domain", "The CA file %1 does not exist."),
    QT_TRANSLATE_NOOP("domain", "The CA file %1 is a folder, not a file."),
    QT_TRANSLATE_NOOP("domain", "The CA file %1 cannot be read (%2)."),
    QT_TRANSLATE_NOOP(
        "domain", "The CA file %1 holds no PEM certificates (-----BEGIN CERTIFICATE-----)."
    ),
    QT_TRANSLATE_NOOP("domain", "The CA file %1 is damaged: its PEM certificates cannot be read."),
)

# why a row of a file was rejected (posapp.lists: catalog_rows, listfile, customers), beside
# the domain's own refusals above; and the names of the columns they are filled with
ROWS = (
    QT_TRANSLATE_NOOP("domain", "needs refCode, name and price"),
    QT_TRANSLATE_NOOP("domain", "needs card (or email) and customerId"),
    QT_TRANSLATE_NOOP("domain", "barcode %1 must be digits (EAN)"),
    QT_TRANSLATE_NOOP("domain", "refCode %1 appears twice (first on line %2)"),
    QT_TRANSLATE_NOOP("domain", "barcode %1 appears twice (first on line %2)"),
    QT_TRANSLATE_NOOP("domain", "%1 %2 appears twice (first on line %3)"),
    QT_TRANSLATE_NOOP("domain", "Card"),
    QT_TRANSLATE_NOOP("domain", "refCode"),
    QT_TRANSLATE_NOOP("domain", "Barcode"),
)


class Counted(QObject):
    """The Messages with a plural (``%Ln``): lupdate reads a plural only from ``self.tr``, so
    they are listed here, and translated in this class's context."""

    def listed(self, n: int) -> tuple[str, ...]:
        return (
            self.tr("%Ln products", "", n),
            self.tr("%Ln customers", "", n),
            self.tr("%Ln row(s) rejected", "", n),
            self.tr("  ... and %Ln more", "", n),
            self.tr("none of the %Ln rows can be used", "", n),
        )


PLURALS = "Counted"


def message_text(message: Message) -> str:
    """``message`` in the window's language (its values too, when they are Messages; its
    counts in the locale's digits)."""
    if not message.id:
        return ""
    locale = QLocale()
    params = [
        message_text(param)
        if isinstance(param, Message)
        else locale.toString(param)
        if isinstance(param, int)
        else param
        for param in message.params
    ]
    if message.n is not None:
        return fill(QCoreApplication.translate(PLURALS, message.id, "", message.n), *params)
    return fill(QCoreApplication.translate(CONTEXT, message.id), *params)


def error_text(error: ValidationError) -> str:
    """What the cashier reads about a refused input, in the window's language."""
    return message_text(error.text)


def reason_text(reason: str) -> str:
    """A pause reason, or why this till does not deliver or keep its sale, in the window's
    language (one the tables do not know, as it is)."""
    if not reason:
        return ""
    with_values = read_back(reason, REASONS_WITH_VALUES)
    if with_values is not None:
        known = [Message(v) if v in REASON_WORDS else v for v in with_values.params]
        return message_text(Message(with_values.id, tuple(known)))
    return QCoreApplication.translate(CONTEXT, reason)
