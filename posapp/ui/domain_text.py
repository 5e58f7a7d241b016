"""The domain's sentences in the window's language.

``posapp.domain`` imports no Qt: its ``ValidationError`` carries a ``Message`` (an English id
with ``%1``.. and the values), which the command line prints as it is. The window translates it
here, in the translation context "domain"; the tables below are what ``pyside6-lupdate`` reads
(a test keeps them equal to the ids the domain raises). Delivery's pause reasons, which the
status bar and the banner show, are translated the same way.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from posapp.domain.errors import Message, ValidationError
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


def message_text(message: Message) -> str:
    """``message`` in the window's language (its values too, when they are Messages)."""
    if not message.id:
        return ""
    params = [
        message_text(param) if isinstance(param, Message) else param for param in message.params
    ]
    return fill(QCoreApplication.translate(CONTEXT, message.id), *params)


def error_text(error: ValidationError) -> str:
    """What the cashier reads about a refused input, in the window's language."""
    return message_text(error.text)


def reason_text(reason: str) -> str:
    """A pause reason in the window's language (one the tables do not know, as it is)."""
    return QCoreApplication.translate(CONTEXT, reason) if reason else ""
