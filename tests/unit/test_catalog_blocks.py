"""A catalog staged in blocks, on real SQLite files: repeats that only the table sees are still
rejected by line, an import that stops leaves the catalog and its lookups as they were, and a
catalog file made before the change (a rowid table) imports and restores."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from posapp.lists.catalog import Catalog
from posapp.lists.listfile import Limits

BARCODE = 5_000_000_000_000


@pytest.fixture
def catalog(tmp_path: Path) -> Iterator[Catalog]:
    box = Catalog(tmp_path / "catalog.sqlite3")
    yield box
    box.close()


def usual(rows: int, start: int = 0) -> list[str]:
    return [
        f"SKU{n:05d},Product {n},{n % 50}.{n % 100:02d},{BARCODE + n}\n" for n in range(start, rows)
    ]


def write(tmp_path: Path, lines: list[str], name: str = "file.csv") -> Path:
    path = tmp_path / name
    path.write_text("".join(lines), encoding="utf-8")
    return path


def indexes(catalog: Catalog) -> list[str]:
    found = catalog._db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'products' "
        "AND name NOT LIKE 'sqlite_%' ORDER BY 1"
    )
    return [row[0] for row in found]


def test_repeats_in_blocks_of_usual_rows_are_rejected_with_their_first_line(
    tmp_path: Path, catalog: Catalog
) -> None:
    lines = ["refCode,name,price,barcode\n", *usual(1200)]
    lines[1100] = f"SKU00004,Again,1.00,{BARCODE + 99999}\n"  # line 1101: refCode of line 6
    lines[1150] = f"NEW1,Other,1.00,{BARCODE + 7}\n"  # line 1151: barcode of line 9
    lines.append(f"NEW2,Twice,1.00,{BARCODE + 99999}\n")  # line 1202: barcode of no kept row
    seen: list[int] = []
    plan = catalog.import_csv(write(tmp_path, lines), "GBP", seen.append)
    assert [str(row) for row in plan.rejected] == [
        "line 1101: refCode SKU00004 appears twice (first on line 6)",
        "line 1151: barcode 5000000000007 appears twice (first on line 9)",
    ]
    assert plan.replaced
    assert len(catalog) == 1199
    again = catalog.lookup(str(BARCODE + 99999))
    assert again is not None
    assert again.ref_code == "NEW2"
    assert seen[-1] == 1000  # counted again by the second staging


def test_an_import_that_stops_leaves_the_catalog_and_its_lookups(
    tmp_path: Path, catalog: Catalog
) -> None:
    assert catalog.import_csv(write(tmp_path, usual(1200), "old.csv"), "GBP").replaced
    before = indexes(catalog)
    assert before == ["products_by_barcode", "products_by_code_nocase"]
    checked = catalog.import_csv(
        write(tmp_path, usual(2000, 1000), "new.csv"), "GBP", check_only=True
    )
    assert (checked.replaced, checked.added, checked.removed) == (False, 800, 1000)
    garbage = write(tmp_path, usual(10) + ["no,price,here\n"] * 5, "bad.csv")
    refused = catalog.import_csv(garbage, "GBP")
    assert refused.refused and not refused.replaced
    twice = write(tmp_path, usual(500) + [f"X,Y,1.00,{BARCODE}\n"] * 2, "twice.csv")
    shrinking = catalog.import_csv(twice, "GBP", limits=Limits(max_rejects=1.0))
    assert shrinking.to_confirm and not shrinking.replaced
    assert indexes(catalog) == before
    assert len(catalog) == 1200
    by_barcode = catalog.lookup(str(BARCODE + 1199))
    assert by_barcode is not None
    assert by_barcode.ref_code == "SKU01199"
    by_case = catalog.lookup("sku00042")
    assert by_case is not None
    assert by_case.ref_code == "SKU00042"
    plan = catalog._db.execute(
        "EXPLAIN QUERY PLAN SELECT ref_code FROM products WHERE barcode = ?", ("1",)
    ).fetchall()
    assert "products_by_barcode" in str(plan)


def test_a_catalog_file_from_before_imports_and_restores(tmp_path: Path) -> None:
    path = tmp_path / "catalog.sqlite3"
    old = sqlite3.connect(path)
    old.executescript(
        "CREATE TABLE products (ref_code TEXT PRIMARY KEY, name TEXT NOT NULL, "
        "price TEXT NOT NULL, barcode TEXT);"
        "CREATE INDEX products_by_barcode ON products (barcode) WHERE barcode IS NOT NULL;"
        "CREATE INDEX products_by_code_nocase ON products (ref_code COLLATE NOCASE);"
        "INSERT INTO products VALUES ('OLD1', 'Old mug', '2.00', '4000000000001');"
    )
    old.commit()
    old.close()
    catalog = Catalog(path)
    try:
        plan = catalog.import_csv(write(tmp_path, usual(3)), "GBP", limits=Limits(confirmed=True))
        assert plan.replaced
        assert catalog.lookup(str(BARCODE + 2)) is not None
        assert catalog.restore() is not None
        restored = catalog.lookup("4000000000001")
        assert restored is not None
        assert restored.ref_code == "OLD1"
        assert catalog.lookup("old1") == restored
        assert catalog.restore() is not None
        assert len(catalog) == 3
    finally:
        catalog.close()


def test_a_quoted_name_across_the_end_of_a_block_keeps_the_line_numbers(
    tmp_path: Path, catalog: Catalog
) -> None:
    lines = usual(499)  # lines 1-499
    lines.append('Q1,"Mug\nlarge",3.00,\n')  # lines 500-501: the name goes on past the block
    lines += usual(1600, 1000)  # lines 502-1101
    lines[700] = "BAD,Bad price,x\n"  # line 702 (the 701st row)
    plan = catalog.import_csv(write(tmp_path, lines), "GBP", limits=Limits(max_rejects=0.01))
    assert [(row.line, "'x' is not an amount" in row.reason) for row in plan.rejected] == [
        (702, True)
    ]
    mug = catalog.lookup("Q1")
    assert mug is not None
    assert mug.name == "Mug large"
    assert len(catalog) == 1099


def test_a_list_named_by_its_word_is_that_list(tmp_path: Path) -> None:
    from posapp.lists.imports import import_list

    target = tmp_path / "catalog.sqlite3"
    plan = import_list("catalog", write(tmp_path, usual(3)), target, "GBP")  # type: ignore[arg-type]
    assert (plan.what, plan.imported, plan.rejected) == ("catalog", 3, [])


def test_a_file_with_a_repeat_is_not_held_in_memory(tmp_path: Path, catalog: Catalog) -> None:
    """Found again row by row, a repeat costs memory for the repeated values only: remembering
    every refCode and barcode of these 20,000 rows would take about 4 MB."""
    import tracemalloc

    lines = [*usual(20_000), f"SKU00001,Again,1.00,{BARCODE + 20_000}\n"]
    path = write(tmp_path, lines)
    tracemalloc.start()
    try:
        plan = catalog.import_csv(path, "GBP")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [str(row) for row in plan.rejected] == [
        "line 20001: refCode SKU00001 appears twice (first on line 2)"
    ]
    assert plan.replaced
    assert peak < 2_000_000
