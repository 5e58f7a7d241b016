"""Replacing one of the store's lists (the catalog, the customer directory) from a CSV file,
checking what a file would change, and going one step back: the one path that both the command
line and the window take. Each call opens its own connection, so any thread may make it."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

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


def summary(plan: ImportPlan) -> str:
    """``1,204 products in products.csv: 30 added, 6 removed, 112 with a new price; 2 rows
    rejected`` (against the current list of the till)."""
    text = (
        f"{plan.new:,} {plan.unit} in {plan.source}: {plan.added:,} added, {plan.removed:,} "
        f"removed, {plan.changed:,} with a new {plan.watched}; {len(plan.rejected):,} row(s) "
        f"rejected (the {plan.what} has {plan.old:,} now)"
    )
    return text


def details(plan: ImportPlan, shown_rejects: int = SHOWN_REJECTS) -> list[str]:
    """The largest price changes and the first rejected rows, one line each."""
    lines: list[str] = []
    if plan.largest:
        lines.append(f"Largest {plan.watched} changes:")
        lines += [f"  {c.key}: {c.old} -> {c.new}{_percent(c.old, c.new)}" for c in plan.largest]
    if plan.rejected:
        lines.append("Rejected rows:")
        lines += [f"  {row}" for row in plan.rejected[:shown_rejects]]
        if len(plan.rejected) > shown_rejects:
            lines.append(f"  ... and {len(plan.rejected) - shown_rejects:,} more")
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
