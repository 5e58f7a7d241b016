"""The settings dialog's row labels and hints, declared in ``posapp.setup`` (which speaks
English and imports no Qt), marked here for ``pyside6-lupdate``; the dialog translates them in
the context "SettingsDialog". A test keeps this list equal to the declarations."""

from __future__ import annotations

from posapp.i18n import QT_TRANSLATE_NOOP

WORDS = (
    QT_TRANSLATE_NOOP("SettingsDialog", "Environment"),
    QT_TRANSLATE_NOOP("SettingsDialog", "Site code"),
    QT_TRANSLATE_NOOP("SettingsDialog", "Production domain"),
    QT_TRANSLATE_NOOP("SettingsDialog", "Endpoint URL"),
    QT_TRANSLATE_NOOP("SettingsDialog", "optional: an explicit URL, overrides the three above"),
    QT_TRANSLATE_NOOP("SettingsDialog", "Proxy"),
    QT_TRANSLATE_NOOP("SettingsDialog", "optional: http://proxy.example:3128"),
    QT_TRANSLATE_NOOP(
        "SettingsDialog",
        "Use the proxy named in the environment (HTTPS_PROXY, NO_PROXY)",
    ),
    QT_TRANSLATE_NOOP("SettingsDialog", "Trusted certificates"),
    QT_TRANSLATE_NOOP("SettingsDialog", "Company CA file"),
    QT_TRANSLATE_NOOP("SettingsDialog", "optional: a .pem file, if your network inspects HTTPS"),
    QT_TRANSLATE_NOOP("SettingsDialog", "Till ID"),
    QT_TRANSLATE_NOOP("SettingsDialog", "for example REGENT-01, different on every till"),
    QT_TRANSLATE_NOOP("SettingsDialog", "Store details (name = value)"),
    QT_TRANSLATE_NOOP("SettingsDialog", "Currency"),
    QT_TRANSLATE_NOOP("SettingsDialog", "Language"),
    QT_TRANSLATE_NOOP("SettingsDialog", "Window language"),
    QT_TRANSLATE_NOOP("SettingsDialog", "Customer details"),
    QT_TRANSLATE_NOOP("SettingsDialog", "keys agreed with the vendor, e.g. gender, diet"),
    QT_TRANSLATE_NOOP("SettingsDialog", "Cashiers may sell items that are not in the catalog"),
    QT_TRANSLATE_NOOP("SettingsDialog", "Kiosk mode: full screen, closing needs the admin PIN"),
    QT_TRANSLATE_NOOP("SettingsDialog", "A price override needs the admin PIN"),
    QT_TRANSLATE_NOOP("SettingsDialog", "Largest quantity per line"),
    QT_TRANSLATE_NOOP("SettingsDialog", "Largest line total"),
    QT_TRANSLATE_NOOP("SettingsDialog", "Confirm price changes above"),
    QT_TRANSLATE_NOOP("SettingsDialog", "Import: most rows it may reject (%)"),
    QT_TRANSLATE_NOOP("SettingsDialog", "Import: most prices it may change without asking (%)"),
)

# Each shown setting's help: what a screen reader says about its field (settings_accessible).
HELP = (
    QT_TRANSLATE_NOOP("SettingsDialog", "uat or production"),
    QT_TRANSLATE_NOOP("SettingsDialog", "the site code the vendor gave you"),
    QT_TRANSLATE_NOOP("SettingsDialog", "peerius.com or peerius.episerver.net"),
    QT_TRANSLATE_NOOP("SettingsDialog", "an explicit URL; overrides the three above"),
    QT_TRANSLATE_NOOP(
        "SettingsDialog",
        "an http:// proxy (host:port, perhaps user:password@) for the endpoint; empty: none",
    ),
    QT_TRANSLATE_NOOP(
        "SettingsDialog",
        "use HTTPS_PROXY, ALL_PROXY and NO_PROXY from the environment (the proxy setting wins)",
    ),
    QT_TRANSLATE_NOOP(
        "SettingsDialog",
        "which certificate authorities to trust: system (this computer's) or bundled (posapp's)",
    ),
    QT_TRANSLATE_NOOP(
        "SettingsDialog",
        "a PEM file of extra certificate authorities (your company CA), trusted as well",
    ),
    QT_TRANSLATE_NOOP("SettingsDialog", "different on every till; starts each order number"),
    QT_TRANSLATE_NOOP("SettingsDialog", "sent with every order as order.attributes"),
    QT_TRANSLATE_NOOP("SettingsDialog", "a three-letter ISO 4217 code"),
    QT_TRANSLATE_NOOP("SettingsDialog", "the orders' language, like en-gb"),
    QT_TRANSLATE_NOOP(
        "SettingsDialog",
        "the window's language: system, en, de, fr, nl, sv, da, nb, fi, es (system: the machine's)",
    ),
    QT_TRANSLATE_NOOP("SettingsDialog", "customer details agreed with the vendor"),
    QT_TRANSLATE_NOOP(
        "SettingsDialog",
        "may the cashier sell an item that is not in the catalog, at a typed price",
    ),
    QT_TRANSLATE_NOOP("SettingsDialog", "full screen; closing needs the admin PIN"),
    QT_TRANSLATE_NOOP("SettingsDialog", "a price override needs the admin PIN"),
    QT_TRANSLATE_NOOP("SettingsDialog", "the largest quantity one line may have"),
    QT_TRANSLATE_NOOP(
        "SettingsDialog",
        "the largest total one line may have, in the till's currency",
    ),
    QT_TRANSLATE_NOOP(
        "SettingsDialog",
        "a price changed to 0 or to more than this asks for the PIN and a confirmation",
    ),
    QT_TRANSLATE_NOOP(
        "SettingsDialog",
        "an import that rejects more than this share of its rows (percent) changes nothing",
    ),
    QT_TRANSLATE_NOOP(
        "SettingsDialog",
        "an import changing the price of more than this share of products (percent) asks first",
    ),
)
