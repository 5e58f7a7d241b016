"""Replacing one of the store's lists (the catalog, the customer directory) from a CSV file,
checking what a file would change, and going one step back: the one path that both the command
line and the window take. Each call opens its own connection, so any thread may make it."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from posapp.domain.errors import Message

# The lists' own modules load when a list is opened: the window's menus need ``ListKind``
# before the first paint, the catalog's code only when a product is looked up or imported.
if TYPE_CHECKING:
    from posapp.lists.catalog import Catalog
    from posapp.lists.customers import Customers
    from posapp.lists.listfile import ImportPlan, Limits, ListInfo
    from posapp.setup.profile import Profile

SHOWN_REJECTS = 20


class ListKind(StrEnum):
    """Which of the store's lists: its name on the command line, for people, and its file."""

    CATALOG = "catalog"
    CUSTOMERS = "customers"

    @property
    def what(self) -> str:
        return "catalog" if self is ListKind.CATALOG else "customer directory"

    @property
    def unit(self) -> str:
        return "products" if self is ListKind.CATALOG else "customers"

    def file(self, profile: Profile) -> Path:
        return profile.catalog_file if self is ListKind.CATALOG else profile.customers_file

    def open(self, target: Path) -> Catalog | Customers:
        if self is ListKind.CATALOG:
            from posapp.lists.catalog import Catalog

            return Catalog(target)
        from posapp.lists.customers import Customers

        return Customers(target)


def import_list(
    kind: ListKind,
    path: Path,
    target: Path,
    currency: str,
    progress: Callable[[int], None] | None = None,
    lang: str = "en-gb",
    limits: Limits | None = None,
    check_only: bool = False,
) -> ImportPlan:
    """Import ``path`` into the ``kind`` file at ``target``, or with ``check_only`` just say
    what it would change. CsvError (a file that cannot be read right) changes nothing."""
    kind = ListKind(kind)  # "catalog" too: never a catalog file read as customers
    if kind is ListKind.CATALOG:
        from posapp.lists.catalog import Catalog

        catalog = Catalog(target)
        try:
            return catalog.import_csv(path, currency, progress, lang, limits, check_only)
        finally:
            catalog.close()
    from posapp.lists.customers import Customers

    directory = Customers(target)
    try:
        return directory.import_csv(path, progress, limits, check_only)
    finally:
        directory.close()


def restore_list(kind: ListKind, target: Path) -> ListInfo | None:
    """Swap the ``kind`` list with the one its last import replaced; None if there is none."""
    holder = kind.open(target)
    try:
        return holder.restore()
    finally:
        holder.close()


# The sentences of ``summary`` and ``details``: the list's own words are in them (a German
# "Katalog" is not a "Kundenverzeichnis" in the same sentence), so there is one per list, and
# a generic one for a word they do not know. The window's tables: posapp.ui.domain_text.
SUMMARY = "%1 in %2: %3 added, %4 removed, %5; %6 (%7)"
UNITS = {"products": "%Ln products", "customers": "%Ln customers"}
UNITS_OTHER = "%1 %2"
CHANGED = {"price": "%1 with a new price", "customer ID": "%1 with a new customer ID"}
CHANGED_OTHER = "%1 with a new %2"
REJECTED = "%Ln row(s) rejected"
HAS_NOW = {
    "catalog": "the catalog has %1 now",
    "customer directory": "the customer directory has %1 now",
}
HAS_NOW_OTHER = "the %1 has %2 now"
LARGEST = {"price": "Largest price changes:", "customer ID": "Largest customer ID changes:"}
LARGEST_OTHER = "Largest %1 changes:"
CHANGE = "  %1: %2 -> %3%4"
REJECTS = "Rejected rows:"
REJECT = "  line %1: %2"
MORE = "  ... and %Ln more"


def summary(plan: ImportPlan) -> Message:
    """``1,204 products in products.csv: 30 added, 6 removed, 112 with a new price; 2 row(s)
    rejected (the catalog has 1,200 now)`` (against the current list of the till)."""
    unit = UNITS.get(plan.unit)
    changed = CHANGED.get(plan.watched)
    has_now = HAS_NOW.get(plan.what)
    return Message(
        SUMMARY,
        (
            Message(unit, n=plan.new) if unit else Message(UNITS_OTHER, (plan.new, plan.unit)),
            plan.source,
            plan.added,
            plan.removed,
            Message(changed, (plan.changed,))
            if changed
            else Message(CHANGED_OTHER, (plan.changed, plan.watched)),
            Message(REJECTED, n=len(plan.rejected)),
            Message(has_now, (plan.old,))
            if has_now
            else Message(HAS_NOW_OTHER, (plan.what, plan.old)),
        ),
    )


def details(plan: ImportPlan, shown_rejects: int = SHOWN_REJECTS) -> list[Message]:
    """The largest price changes and the first rejected rows, one line each."""
    lines: list[Message] = []
    if plan.largest:
        largest = LARGEST.get(plan.watched)
        lines.append(Message(largest) if largest else Message(LARGEST_OTHER, (plan.watched,)))
        lines += [
            Message(CHANGE, (c.key, c.old, c.new, _percent(c.old, c.new))) for c in plan.largest
        ]
    if plan.rejected:
        lines.append(Message(REJECTS))
        lines += [
            Message(REJECT, (str(row.line), row.text)) for row in plan.rejected[:shown_rejects]
        ]
        if len(plan.rejected) > shown_rejects:
            lines.append(Message(MORE, n=len(plan.rejected) - shown_rejects))
    return lines


def outcome(plan: ImportPlan, confirm_hint: str) -> str:
    """What became of the list, in one sentence."""
    if plan.replaced:
        return f"The {plan.what} was replaced; the previous one is kept."
    if plan.refused:
        return f"Nothing was changed: {plan.refused}."
    if plan.to_confirm:
        return f"Nothing was changed: {'; '.join(plan.to_confirm)}. {confirm_hint}"
    return f"Nothing was changed (a check only); the {plan.what} would be replaced as shown."


def _percent(old: str, new: str) -> str:
    before, after = float(old), float(new)
    if before == 0:
        return ""
    return f" ({(after - before) / before:+.0%})"
