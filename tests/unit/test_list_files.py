"""The CSV files people really make, imported into real SQLite files: Excel in English and in a
German locale, CRLF, trailing empty columns, line breaks inside names, Latin-1, headerless
semicolon files with commas in names, files that are mostly garbage. Whatever the file, the
list on the till is either replaced as the file says or left exactly as it was."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from posapp.domain.errors import ValidationError
from posapp.domain.money import parse_amount
from posapp.lists.catalog import Catalog, Product
from posapp.lists.csvfile import CsvError
from posapp.lists.customers import Customers
from posapp.lists.export import export_catalog, export_customers
from posapp.lists.listfile import Limits

OLD = "".join(f"OLD{n},Old item {n},1.00\n" for n in range(20))


@pytest.fixture
def catalog(tmp_path: Path) -> Iterator[Catalog]:
    box = Catalog(tmp_path / "catalog.sqlite3")
    yield box
    box.close()


def write(tmp_path: Path, data: str | bytes, name: str = "file.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def everything(catalog: Catalog) -> list[Product]:
    return list(catalog.products())


def with_old_list(tmp_path: Path, catalog: Catalog) -> list[Product]:
    assert catalog.import_csv(write(tmp_path, OLD, "old.csv"), "EUR").replaced
    return everything(catalog)


def test_excel_csv_utf8_with_a_bom_crlf_and_quoted_names(tmp_path: Path, catalog: Catalog) -> None:
    data = (
        "\ufeffrefCode,name,price,barcode\r\n"
        'CB4551,"Chocolate, dark 70%",6.50,5012345678900\r\n'
        'MUG-1,"Mug ""Best Dad""",8,\r\n'
        "TEA,Thé vert,3.2,\r\n"
    )
    plan = catalog.import_csv(write(tmp_path, data), "GBP")
    assert (plan.replaced, plan.new, plan.rejected) == (True, 3, [])
    assert everything(catalog) == [
        Product("CB4551", "Chocolate, dark 70%", Decimal("6.50"), "5012345678900"),
        Product("MUG-1", 'Mug "Best Dad"', Decimal("8.00")),
        Product("TEA", "Thé vert", Decimal("3.20")),
    ]


def test_excel_in_a_german_locale_semicolons_decimal_commas_and_german_headers(
    tmp_path: Path, catalog: Catalog
) -> None:
    data = (
        "\ufeffArtikelnummer;Bezeichnung;Preis;EAN\r\n"
        "CB4551;Schokolade, zartbitter 70 %;2,10;4012345678901\r\n"
        'TASSE;"Kaffeetasse ""Nürnberg""";6,5;\r\n'
        "BROT;Brot;1234,00;\r\n"
    )
    plan = catalog.import_csv(write(tmp_path, data), "EUR", lang="de-de")
    assert (plan.new, plan.rejected) == (3, [])
    assert everything(catalog) == [
        Product("BROT", "Brot", Decimal("1234.00")),
        Product("CB4551", "Schokolade, zartbitter 70 %", Decimal("2.10"), "4012345678901"),
        Product("TASSE", 'Kaffeetasse "Nürnberg"', Decimal("6.50")),
    ]


def test_a_trailing_empty_column_and_empty_rows_at_the_end(
    tmp_path: Path, catalog: Catalog
) -> None:
    data = "refCode,name,price,barcode,\nA,Apple,0.50,,\nB,Bread,1.20,5000000000017,\n,,,,\n,,,,\n"
    plan = catalog.import_csv(write(tmp_path, data), "GBP")
    assert (plan.new, plan.rejected) == (2, [])
    found = catalog.lookup("5000000000017")
    assert found is not None
    assert found.ref_code == "B"


def test_line_breaks_inside_quoted_names_keep_the_line_numbers_right(
    tmp_path: Path, catalog: Catalog
) -> None:
    data = "".join(f"K{n},Keep {n},1.00\n" for n in range(200))
    data += 'CB1,"Mug\r\nlarge",3.00\nCB2,"Bad\nprice",x\n'
    plan = catalog.import_csv(write(tmp_path, data), "GBP", limits=Limits(max_rejects=0.01))
    assert plan.replaced
    mug = catalog.lookup("CB1")
    assert mug is not None
    assert mug.name == "Mug large"
    assert [(row.line, "'x' is not an amount" in row.reason) for row in plan.rejected] == [
        (203, True)
    ]


def test_a_latin1_file_is_refused_with_the_way_out_and_changes_nothing(
    tmp_path: Path, catalog: Catalog
) -> None:
    before = with_old_list(tmp_path, catalog)
    path = write(tmp_path, "CB4551;Tasse à café;6,50\nTEA;Thé;3,00\n".encode("latin-1"))
    with pytest.raises(CsvError) as caught:
        catalog.import_csv(path, "EUR")
    assert "line 1 is not UTF-8" in str(caught.value)
    assert "CSV UTF-8" in str(caught.value)
    late = write(tmp_path, (OLD + "Z,Café,2.00\n").encode("cp1252"))
    with pytest.raises(CsvError, match="line 21 is not UTF-8"):
        catalog.import_csv(late, "EUR")
    assert everything(catalog) == before
    utf16 = write(tmp_path, "refCode\tname\tprice\r\nA\tB\t1\r\n".encode("utf-16"))
    with pytest.raises(CsvError, match="UTF-16"):
        catalog.import_csv(utf16, "EUR")


def test_a_headerless_semicolon_file_with_commas_in_every_name(
    tmp_path: Path, catalog: Catalog
) -> None:
    data = "CB4551;Chocolate, dark 70%;6,50\nCB4552;Chocolate, milk 30%;2,10\n"
    plan = catalog.import_csv(write(tmp_path, data), "GBP")
    assert (plan.new, plan.rejected) == (2, [])
    assert everything(catalog) == [
        Product("CB4551", "Chocolate, dark 70%", Decimal("6.50")),
        Product("CB4552", "Chocolate, milk 30%", Decimal("2.10")),
    ]


def test_tabs_between_fields(tmp_path: Path, catalog: Catalog) -> None:
    data = "refCode\tname\tprice\nA\tApple, red\t0,50\nB\tBread\t1.20\n"
    assert catalog.import_csv(write(tmp_path, data), "EUR").new == 2
    apple = catalog.lookup("A")
    assert apple is not None
    assert (apple.name, apple.price) == ("Apple, red", Decimal("0.50"))


def test_a_file_that_reads_two_ways_is_refused_and_changes_nothing(
    tmp_path: Path, catalog: Catalog
) -> None:
    before = with_old_list(tmp_path, catalog)
    path = write(tmp_path, "A,Apple,1.00\nB;Banana;2,00\n")
    with pytest.raises(CsvError, match="cannot tell whether fields are separated by"):
        catalog.import_csv(path, "EUR")
    assert everything(catalog) == before


def test_a_mostly_garbage_file_leaves_the_old_list(tmp_path: Path, catalog: Catalog) -> None:
    before = with_old_list(tmp_path, catalog)
    garbage = "".join(f"X{n},???,price on request\n" for n in range(30))
    path = write(tmp_path, "refCode,name,price\n" + OLD[:60] + garbage)
    plan = catalog.import_csv(path, "EUR")
    assert not plan.replaced
    assert plan.refused.startswith("30 of 32 rows (93.8%) cannot be used and would be lost")
    assert plan.rejected[0].line == 4
    assert everything(catalog) == before


def test_one_bad_row_in_a_hundred_is_allowed_two_are_not(tmp_path: Path, catalog: Catalog) -> None:
    rows = "".join(f"P{n},Product {n},1.00\n" for n in range(99))
    assert catalog.import_csv(write(tmp_path, rows + "BAD,Bad,x\n"), "EUR").replaced
    two = write(tmp_path, rows[: -len("P98,Product 98,1.00\n")] + "BAD,Bad,x\nBAD2,Bad,y\n")
    plan = catalog.import_csv(two, "EUR")
    assert not plan.replaced
    assert "2 of 100 rows (2.0%)" in plan.refused
    assert catalog.import_csv(two, "EUR", limits=Limits(max_rejects=0.05)).replaced


def test_shrinking_by_half_or_changing_many_prices_needs_a_confirmation(
    tmp_path: Path, catalog: Catalog
) -> None:
    before = with_old_list(tmp_path, catalog)
    small = write(tmp_path, OLD[: len(OLD) // 3], "small.csv")
    plan = catalog.import_csv(small, "EUR")
    assert not plan.replaced and not plan.refused
    assert plan.to_confirm == ["the catalog would shrink from 20 to 7 products"]
    assert everything(catalog) == before
    dearer = write(tmp_path, OLD.replace(",1.00", ",1.50", 6), "dearer.csv")
    plan = catalog.import_csv(dearer, "EUR")
    assert plan.to_confirm == ["6 of 20 products would change price (30%; more than 25%)"]
    assert everything(catalog) == before
    plan = catalog.import_csv(dearer, "EUR", limits=Limits(confirmed=True))
    assert plan.replaced
    assert (plan.added, plan.removed, plan.changed) == (0, 0, 6)


def test_a_check_lists_the_changes_and_changes_nothing(tmp_path: Path, catalog: Catalog) -> None:
    before = with_old_list(tmp_path, catalog)
    new = OLD.replace("OLD0,Old item 0,1.00", "OLD0,Old item 0,9.00")
    new = new.replace("OLD1,Old item 1,1.00", "OLD1,Old item 1,0.90").replace("OLD19,", "NEW19,")
    plan = catalog.import_csv(write(tmp_path, new + "BAD,Bad,x\n"), "EUR", check_only=True)
    assert not plan.replaced
    assert (plan.old, plan.new, plan.added, plan.removed, plan.changed) == (20, 20, 1, 1, 2)
    assert [(c.key, c.old, c.new) for c in plan.largest] == [
        ("OLD0", "1.00", "9.00"),
        ("OLD1", "1.00", "0.90"),
    ]
    assert [(row.line, row.reason[:5]) for row in plan.rejected] == [(21, "Price")]
    assert everything(catalog) == before


def test_restore_brings_back_the_replaced_list_and_again_undoes_it(
    tmp_path: Path, catalog: Catalog
) -> None:
    assert catalog.restore() is None
    before = with_old_list(tmp_path, catalog)
    catalog.import_csv(write(tmp_path, OLD.replace("Old", "New"), "new.csv"), "EUR")
    after = everything(catalog)
    restored = catalog.restore()
    assert restored is not None
    assert (restored.source, restored.rows) == ("old.csv", 20)
    assert everything(catalog) == before
    assert catalog.lookup("OLD3") == Product("OLD3", "Old item 3", Decimal("1.00"))
    again = catalog.restore()
    assert again is not None
    assert again.source == "new.csv"
    assert everything(catalog) == after


def test_codes_match_without_regard_to_case_when_that_is_unambiguous(
    tmp_path: Path, catalog: Catalog
) -> None:
    data = "CB4551,Chocolate,2.10\nab1,Lower,1.00\nAB1,Upper,2.00\n"
    catalog.import_csv(write(tmp_path, data), "EUR")
    found = catalog.lookup("cb4551")
    assert found is not None
    assert found.ref_code == "CB4551"
    assert catalog.lookup("Ab1") is None
    lower = catalog.lookup("ab1")
    assert lower is not None
    assert lower.name == "Lower"


def test_an_export_imports_again_to_the_same_catalog(tmp_path: Path, catalog: Catalog) -> None:
    data = (
        "refCode;name;price;barcode\n"
        'CB4551;"Chocolate, dark ""70%""";6,50;5012345678900\n'
        "TEA;Thé vert;3;\nFREE;Free bag;0;\n"
    )
    catalog.import_csv(write(tmp_path, data), "EUR")
    out = tmp_path / "export.csv"
    assert export_catalog(catalog.path, out) == 3
    copy = Catalog(tmp_path / "copy.sqlite3")
    try:
        assert copy.import_csv(out, "EUR").replaced
        assert everything(copy) == everything(catalog)
    finally:
        copy.close()
    again = catalog.import_csv(out, "EUR", check_only=True)
    assert (again.added, again.removed, again.changed, again.rejected) == (0, 0, 0, [])


def test_a_customer_export_leaves_emails_out_unless_asked(tmp_path: Path) -> None:
    directory = Customers(tmp_path / "customers.sqlite3")
    data = "card,customerId,name\n6330001,abcd1234efgh,Alex\nJo@Example.com,z3y6w9v2u5t8,Jo\n"
    assert directory.import_csv(write(tmp_path, data)).replaced
    out = tmp_path / "people.csv"
    assert export_customers(directory.path, out) == (1, 1)
    assert "example.com" not in out.read_text(encoding="utf-8-sig")
    assert export_customers(directory.path, out, include_emails=True) == (2, 0)
    copy = Customers(tmp_path / "copy.sqlite3")
    try:
        assert copy.import_csv(out).new == 2
        assert list(copy.entries()) == list(directory.entries())
    finally:
        copy.close()
        directory.close()


@pytest.mark.parametrize(
    ("text", "currency"),
    [("6.5", "GBP"), ("006.50", "GBP"), ("0", "GBP"), ("12.", "EUR"), ("999999999.99", "EUR"),
     ("1500", "JPY"), ("0007", "JPY"), ("1.5", "BHD"), (".5", "GBP"), ("1e2", "GBP")],
)  # fmt: skip
def test_prices_are_stored_as_the_currency_writes_them(
    tmp_path: Path, catalog: Catalog, text: str, currency: str
) -> None:
    plan = catalog.import_csv(write(tmp_path, f"A,Thing,{text}\n"), currency)
    try:
        expected = str(parse_amount(text, currency, "price"))
    except ValidationError as exc:
        assert [row.reason for row in plan.rejected] == [exc.message]
        return
    found = catalog.lookup("A")
    assert found is not None
    assert str(found.price) == expected


def test_a_customer_file_from_excel_checked_against_the_directory(tmp_path: Path) -> None:
    from posapp.lists.imports import summary

    directory = Customers(tmp_path / "customers.sqlite3")
    try:
        old = "".join(f"63300{n:02d};id{n:08d};Person {n}\r\n" for n in range(10))
        assert directory.import_csv(write(tmp_path, "\ufeff" + old, "old.csv")).replaced
        new = old.replace("id00000003", "id99999999") + "Jo@Example.com;z3y6w9v2u5t8;Jo, Jr.\r\n"
        plan = directory.import_csv(write(tmp_path, new, "new.csv"), check_only=True)
        assert str(summary(plan)) == (
            "11 customers in new.csv: 1 added, 0 removed, 1 with a new customer ID; 0 row(s) "
            "rejected (the customer directory has 10 now)"
        )
        known = directory.lookup("6330003")
        assert known is not None
        assert known.customer_id == "id00000003"
        twice = write(tmp_path, new + "jo@example.com;other1;Jo again\r\n", "twice.csv")
        plan = directory.import_csv(twice, limits=Limits(max_rejects=0.1))
        assert plan.replaced
        assert [str(row) for row in plan.rejected] == [
            "line 12: Card jo@example.com appears twice (first on line 11)"
        ]
    finally:
        directory.close()
