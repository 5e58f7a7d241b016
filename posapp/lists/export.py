"""Writing the catalog or the customer directory back out as a CSV file that imports again to
the same list. Emails (personal data) stay out of a customer export unless asked for."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from posapp.files import write_atomically
from posapp.lists.catalog import Catalog
from posapp.lists.customers import Customers


def export_catalog(target: Path, out: Path) -> int:
    """``refCode,name,price,barcode``, UTF-8 with a BOM (so Excel shows accents right)."""
    catalog = Catalog(target)
    try:
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer)
        writer.writerow(["refCode", "name", "price", "barcode"])
        count = 0
        for product in catalog.products():
            writer.writerow([product.ref_code, product.name, product.price, product.barcode or ""])
            count += 1
    finally:
        catalog.close()
    write_atomically(out, buffer.getvalue().encode("utf-8-sig"), 0o600)
    return count


def export_customers(target: Path, out: Path, include_emails: bool = False) -> tuple[int, int]:
    """``card,customerId,name``; returns (customers written, customers left out for their email)."""
    directory = Customers(target)
    try:
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer)
        writer.writerow(["card", "customerId", "name"])
        written = left_out = 0
        for entry in directory.entries():
            if entry.is_email and not include_emails:
                left_out += 1
                continue
            writer.writerow([entry.card, entry.customer_id, entry.name])
            written += 1
    finally:
        directory.close()
    write_atomically(out, buffer.getvalue().encode("utf-8-sig"), 0o600)
    return written, left_out
