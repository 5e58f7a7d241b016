"""The local customer directory: loyalty card number or email -> pseudonymised ID and name.

Imported from CSV ``card,customerId,name``. Only the pseudonymised ID is ever sent; the email
is just a key to find it and never leaves this file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from posapp.domain.customer import parse_customer_id
from posapp.domain.errors import ValidationError
from posapp.domain.text import parse_label
from posapp.lists.csvfile import Rejected, open_csv, read_rows
from posapp.lists.datafile import open_data_file

_SCHEMA = """
CREATE TABLE IF NOT EXISTS customers (
    card TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT ''
);
"""


@dataclass(frozen=True)
class KnownCustomer:
    customer_id: str
    name: str


@dataclass(frozen=True)
class ImportReport:
    imported: int
    rejected: list[Rejected]


def _key(card: str) -> str:
    text = card.strip()
    return text.lower() if "@" in text else text


class Customers:
    def __init__(self, path: Path) -> None:
        self._db = open_data_file(path, _SCHEMA, "customer directory")

    def close(self) -> None:
        self._db.close()

    def lookup(self, card_or_email: str) -> KnownCustomer | None:
        row = self._db.execute(
            "SELECT customer_id, name FROM customers WHERE card = ?", (_key(card_or_email),)
        ).fetchone()
        return None if row is None else KnownCustomer(row[0], row[1])

    def import_csv(self, path: Path) -> ImportReport:
        """Replace the directory with the file's rows; bad rows are listed, not imported."""
        rejected: list[Rejected] = []
        imported = 0
        with open_csv(path) as handle:
            rows = read_rows(handle, {"card", "cardnumber", "email"}).rows
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.execute("DELETE FROM customers")
                for line, row in rows:
                    try:
                        if len(row) < 2:
                            raise ValidationError("row", "needs card (or email) and customerId")
                        card = parse_label(row[0], "card", "Card")
                        customer_id = parse_customer_id(row[1], "customerId")
                        name = row[2].strip() if len(row) > 2 else ""
                    except ValidationError as exc:
                        rejected.append(Rejected(line, exc.message))
                        continue
                    self._db.execute(
                        "INSERT OR REPLACE INTO customers (card, customer_id, name) VALUES (?, ?, ?)",
                        (_key(card), customer_id, name),
                    )
                    imported += 1
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return ImportReport(imported, rejected)
