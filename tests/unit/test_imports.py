"""Catalog and customer imports from CSV files, on real SQLite files."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from posapp.lists.catalog import Catalog
from posapp.lists.csvfile import CsvError
from posapp.lists.customers import Customers
from posapp.lists.listfile import Limits

ANY_REJECTS = Limits(max_rejects=1.0)


@pytest.fixture
def catalog(tmp_path: Path) -> Catalog:
    box = Catalog(tmp_path / "catalog.sqlite3")
    yield box  # type: ignore[misc]
    box.close()


def write(tmp_path: Path, text: str, name: str = "file.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_a_catalog_with_a_header_and_barcodes(tmp_path: Path, catalog: Catalog) -> None:
    path = write(
        tmp_path, "refCode,name,price,barcode\nCB4551,Mug,6.50,5012345678900\nTEA,Tea,3.2,\n"
    )
    report = catalog.import_csv(path, "GBP")
    assert (report.imported, report.rejected) == (2, [])
    mug = catalog.lookup("CB4551")
    assert mug is not None
    assert (mug.name, mug.price) == ("Mug", Decimal("6.50"))
    assert catalog.lookup("5012345678900") == mug
    assert catalog.lookup("nothing") is None


def test_semicolons_a_decimal_comma_a_bom_and_no_header(tmp_path: Path, catalog: Catalog) -> None:
    path = write(tmp_path, "\ufeffCB4551;Tasse à café;6,50;5012345678900\r\nTEA;Thé;3;\r\n")
    report = catalog.import_csv(path, "EUR")
    assert report.imported == 2
    mug = catalog.lookup("CB4551")
    assert mug is not None
    assert mug.name == "Tasse à café"
    assert mug.price == Decimal("6.50")


def test_bad_rows_are_reported_with_their_line_and_reason(tmp_path: Path, catalog: Catalog) -> None:
    path = write(
        tmp_path,
        "refCode,name,price\n"
        "GOOD,Good,1.00\n"
        "NOPRICE,No price\n"
        "NEG,Negative,-2\n"
        ",No code,1.00\n"
        "FRAC,Too fine,1.001\n"
        "GOOD,Twice,2.00\n"
        "BAR,Barcode,1.00,ABC\n"
        "OK2,Fine,0\n",
    )
    report = catalog.import_csv(path, "GBP", limits=ANY_REJECTS)
    assert report.imported == 2
    reasons = {row.line: row.reason for row in report.rejected}
    assert sorted(reasons) == [3, 4, 5, 6, 7, 8]
    assert "needs refCode, name and price" in reasons[3]
    assert "negative" in reasons[4]
    assert "empty" in reasons[5]
    assert "too many decimals" in reasons[6]
    assert reasons[7] == "refCode GOOD appears twice (first on line 2)"
    assert "digits" in reasons[8]
    assert str(report.rejected[0]).startswith("line 3: ")


def test_an_import_replaces_the_catalog_and_a_failed_one_changes_nothing(
    tmp_path: Path, catalog: Catalog
) -> None:
    catalog.import_csv(write(tmp_path, "OLD,Old item,1.00\n", "old.csv"), "GBP")
    rows = "".join(f"N{n},New {n},1.00\n" for n in range(5000))
    broken = tmp_path / "broken.csv"
    broken.write_bytes(rows.encode() + b"BAD,\xff\xfe not utf-8,1.00\n")
    with pytest.raises(CsvError, match="line 5001 is not UTF-8"):
        catalog.import_csv(broken, "GBP")
    assert len(catalog) == 1
    assert catalog.lookup("OLD") is not None
    assert catalog.lookup("N1") is None
    catalog.import_csv(write(tmp_path, rows, "new.csv"), "GBP")
    assert len(catalog) == 5000
    assert catalog.lookup("OLD") is None


def test_a_large_catalog_imports_whole(tmp_path: Path, catalog: Catalog) -> None:
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("refCode,name,price,barcode\n")
        for n in range(100_000):
            handle.write(f"SKU{n:06d},Item {n},{n % 500}.{n % 100:02d},{5000000000000 + n}\n")
    seen: list[int] = []
    report = catalog.import_csv(path, "GBP", seen.append)
    assert report.imported == 100_000
    assert report.rejected == []
    assert seen[-1] == 100_000
    found = catalog.lookup("5000000099999")
    assert found is not None
    assert found.ref_code == "SKU099999"


def test_customers_by_card_or_email_never_the_email_as_id(tmp_path: Path) -> None:
    directory = Customers(tmp_path / "customers.sqlite3")
    path = write(
        tmp_path,
        "card;customerId;name\n6330001;abcd1234efgh;Alex\nJo@Example.com;z3y6w9v2u5t8;Jo\n"
        "6330003;not an id;Bad\n6330004;someone@example.com;Email as ID\n",
    )
    report = directory.import_csv(path, limits=ANY_REJECTS)
    assert report.imported == 2
    assert [row.line for row in report.rejected] == [4, 5]
    assert "email" in report.rejected[1].reason
    known = directory.lookup("jo@example.com")
    assert known is not None
    assert known.customer_id == "z3y6w9v2u5t8"
    assert directory.lookup(" 6330001 ") is not None
    directory.close()


def test_a_damaged_catalog_file_is_named_with_the_way_out(tmp_path: Path) -> None:
    from posapp.lists.datafile import DataFileError

    path = tmp_path / "catalog.sqlite3"
    path.write_bytes(b"scribbled over" * 500)
    with pytest.raises(DataFileError) as caught:
        Catalog(path)
    assert str(path) in str(caught.value)
    assert "import the catalog again" in str(caught.value)


def test_a_decimal_comma_in_a_comma_file_when_the_store_writes_numbers_that_way(
    tmp_path: Path, catalog: Catalog
) -> None:
    from posapp.lists.catalog import uses_decimal_comma

    path = write(tmp_path, 'refCode,name,price\nCB4551,Tasse,"6,50"\n')
    assert catalog.import_csv(path, "EUR", lang="de-de").imported == 1
    mug = catalog.lookup("CB4551")
    assert mug is not None
    assert mug.price == Decimal("6.50")
    english = catalog.import_csv(path, "GBP", lang="en-gb")
    assert english.imported == 0
    assert english.refused == "none of the 1 rows can be used"
    assert "not an amount" in english.rejected[0].reason
    assert catalog.lookup("CB4551") == mug
    assert [uses_decimal_comma(x) for x in ("de-de", "fr", "de-ch", "en-gb", "ja")] == [
        True,
        True,
        False,
        False,
        False,
    ]
