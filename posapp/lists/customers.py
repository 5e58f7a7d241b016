"""The local customer directory: loyalty card number or email -> pseudonymised ID and name.

Imported from CSV ``card,customerId,name``. Only the pseudonymised ID is ever sent; the email
is just a key to find it and never leaves this file (an export leaves emails out unless asked).
An import replaces the whole directory, keeps the replaced one for ``restore`` and refuses a
file that would make it worse (see ``posapp.lists.listfile``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from posapp.domain.customer import parse_customer_id
from posapp.domain.errors import ValidationError
from posapp.domain.text import parse_label
from posapp.lists.csvfile import Rejected, detect_layout, reading
from posapp.lists.datafile import open_data_file
from posapp.lists.listfile import (
    ImportPlan,
    Limits,
    ListInfo,
    ListSpec,
    checked_rows,
    insert_rows,
    list_info,
    replace_list,
    restore_previous,
)

COLUMNS = "card,customerId[,name]"
SPEC = ListSpec(
    what="customer directory",
    unit="customers",
    table="customers",
    columns="card TEXT PRIMARY KEY, customer_id TEXT NOT NULL, name TEXT NOT NULL DEFAULT ''",
    names=("card", "customer_id", "name"),
    labels=("Card", "Customer ID", "Name"),
    unique=(0,),
    watched=1,
    numeric=False,
    indexes=(),
)
_HEADER_NAMES = frozenset(
    [
        "card",
        "cardnumber",
        "loyaltycard",
        "email",
        "cardoremail",
        "customerid",
        "customer",
        "id",
        "name",
    ]
)


@dataclass(frozen=True)
class KnownCustomer:
    customer_id: str
    name: str


@dataclass(frozen=True)
class Entry:
    card: str  # a loyalty card number, or an email (lower case)
    customer_id: str
    name: str

    @property
    def is_email(self) -> bool:
        return "@" in self.card


def card_key(card: str) -> str:
    text = card.strip()
    return text.lower() if "@" in text else text


class Customers:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._db = open_data_file(path, SPEC.schema(), "customer directory")

    def close(self) -> None:
        self._db.close()

    def __len__(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM customers").fetchone()[0])

    def lookup(self, card_or_email: str) -> KnownCustomer | None:
        row = self._db.execute(
            "SELECT customer_id, name FROM customers WHERE card = ?", (card_key(card_or_email),)
        ).fetchone()
        return None if row is None else KnownCustomer(row[0], row[1])

    def entries(self) -> Iterator[Entry]:
        """Every customer, by card (for an export)."""
        for row in self._db.execute("SELECT card, customer_id, name FROM customers ORDER BY 1"):
            yield Entry(row[0], row[1], row[2])

    def info(self, slot: str = "current") -> ListInfo | None:
        return list_info(self._db, SPEC, slot)

    def restore(self) -> ListInfo | None:
        """Bring back the directory the last import replaced (None: there is none)."""
        return restore_previous(self._db, SPEC)

    def import_csv(
        self,
        path: Path,
        progress: Callable[[int], None] | None = None,
        limits: Limits | None = None,
        check_only: bool = False,
    ) -> ImportPlan:
        """Replace the directory with the file's rows; bad rows are listed, not imported.
        A CsvError (file unreadable, ambiguous, not UTF-8) changes nothing."""
        layout = detect_layout(path, _looks_right, is_header, COLUMNS)
        rejected: list[Rejected] = []
        with reading(path, layout) as reader:
            good = checked_rows(reader, layout.header, convert_row, SPEC, rejected, progress)
            stage = insert_rows(good, len(SPEC.names))
            return replace_list(
                self._db, SPEC, stage, rejected, path.name, limits or Limits(), check_only
            )


def _looks_right(row: list[str], _delimiter: str) -> bool:
    if any(mark in row[0] for mark in ",;\t"):
        return False
    try:
        convert_row(row)
    except ValidationError:
        return False
    return True


def is_header(row: list[str]) -> bool:
    names = [cell.strip().lower().replace(" ", "").replace("_", "") for cell in row]
    return names[0] in _HEADER_NAMES or sum(name in _HEADER_NAMES for name in names) >= 2


def convert_row(row: list[str]) -> tuple[str, str, str]:
    """One CSV row as the directory stores it: card (emails in lower case), ID, name."""
    if len(row) < 2:
        raise ValidationError("row", "needs card (or email) and customerId")
    card = parse_label(row[0], "card", "Card")
    customer_id = parse_customer_id(row[1], "customerId")
    name = " ".join(row[2].split()) if len(row) > 2 else ""
    return card_key(card), customer_id, name
