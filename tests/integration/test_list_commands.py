"""``posapp catalog|customers import --check/--yes/--max-rejects, show, export, restore`` as a
store manager runs them: one profile, real files, exit codes and the words printed."""

from __future__ import annotations

from pathlib import Path

import pytest

from posapp.cli import main
from posapp.tracker.sandbox import Sandbox
from tests.conftest import SITE

CATALOG = "refCode,name,price,barcode\n" + "".join(
    f"SKU{n},Product {n},{n}.50,{5000000000000 + n}\n" for n in range(1, 11)
)


class Manager:
    def __init__(self, profile: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.profile, self.capsys = profile, capsys

    def run(self, *args: str) -> tuple[int, str, str]:
        self.capsys.readouterr()
        code = main(["--profile", str(self.profile), *args])
        out, err = self.capsys.readouterr()
        return code, out, err

    def file(self, text: str, name: str) -> str:
        path = self.profile.parent / name
        path.write_text(text, encoding="utf-8")
        return str(path)


@pytest.fixture
def manager(tmp_path: Path, capsys: pytest.CaptureFixture[str], sandbox: Sandbox) -> Manager:
    shop = Manager(tmp_path / "till", capsys)
    for key, value in [("site", SITE), ("endpoint", sandbox.url), ("till_id", "regent-01")]:
        assert shop.run("config", "set", key, value)[0] == 0
    assert shop.run("catalog", "import", shop.file(CATALOG, "catalog.csv"))[0] == 0
    return shop


def test_check_shows_what_would_change_and_changes_nothing(manager: Manager) -> None:
    new = CATALOG.replace("SKU1,Product 1,1.50", "SKU1,Product 1,15.00").replace("SKU10,", "NEW,")
    path = manager.file(new + "BAD,Bad,x\n", "new.csv")
    code, out, _ = manager.run("catalog", "import", path, "--check", "--max-rejects", "10")
    assert code == 0
    assert out.splitlines() == [
        "10 products in new.csv: 1 added, 1 removed, 1 with a new price; 1 row(s) rejected "
        "(the catalog has 10 now)",
        "Largest price changes:",
        "  SKU1: 1.50 -> 15.00 (+900%)",
        "Rejected rows:",
        "  line 12: Price 'x' is not an amount of money; type it like 12.50.",
        "Nothing was changed (a check only); the catalog would be replaced as shown.",
    ]
    code, out, _ = manager.run("catalog", "show", "SKU1")
    assert (code, out.splitlines()[2]) == (0, "price    1.50")


def test_too_many_rejects_or_a_big_shrink_change_nothing(manager: Manager) -> None:
    path = manager.file("SKU1,Product 1,1.50\nSKU2,Product 2,oops\n", "half.csv")
    code, out, _ = manager.run("catalog", "import", path)
    assert code == 1
    assert out.splitlines()[-1] == (
        "Nothing was changed: 1 of 2 rows (50.0%) cannot be used and would be lost "
        "(at most 1% may be; fix those rows, or allow more)."
    )
    small = manager.file("SKU1,Product 1,1.50\n", "small.csv")
    code, out, _ = manager.run("catalog", "import", small)
    assert code == 1
    assert out.splitlines()[-1] == (
        "Nothing was changed: the catalog would shrink from 10 to 1 products. "
        "If that is what you want, run the import again with --yes."
    )
    assert manager.run("catalog", "show", "SKU7")[0] == 0
    code, out, _ = manager.run("catalog", "import", small, "--yes")
    assert code == 0
    assert "The catalog was replaced; the previous one is kept." in out
    code, _, err = manager.run("catalog", "show", "SKU7")
    assert code == 1
    assert err.startswith(
        "posapp: no product has the refCode or barcode 'SKU7'; the catalog has 1 products, "
        "from small.csv ("
    )


def test_restore_show_by_barcode_and_any_case(manager: Manager) -> None:
    manager.run("catalog", "import", manager.file("SKU1,Renamed,1.50\n", "one.csv"), "--yes")
    code, out, _ = manager.run("catalog", "restore")
    assert code == 0
    assert out.startswith("The previous catalog is back: 10 products, from catalog.csv (")
    code, out, _ = manager.run("catalog", "show", "5000000000003")
    assert code == 0
    assert out.splitlines() == [
        "refCode  SKU3",
        "name     Product 3",
        "price    3.50",
        "barcode  5000000000003",
    ]
    assert manager.run("catalog", "show", "sku3")[1] == out
    code, _, err = manager.run("customers", "restore")
    assert code == 1
    assert err.startswith("posapp: there is no previous customer directory to restore")


def test_exports_import_back_to_the_same_lists(manager: Manager) -> None:
    out_csv = str(manager.profile.parent / "export.csv")
    code, out, _ = manager.run("catalog", "export", out_csv)
    assert (code, out) == (0, f"10 products written to {out_csv}\n")
    code, out, _ = manager.run("catalog", "import", out_csv, "--check")
    assert code == 0
    assert out.startswith("10 products in export.csv: 0 added, 0 removed, 0 with a new price; 0 ")
    people = manager.file(
        "card;customerId;name\n6330001;abcd1234efgh;Alex\njo@example.com;z3y6w9v2u5t8;Jo\n",
        "people.csv",
    )
    assert manager.run("customers", "import", people)[0] == 0
    code, out, _ = manager.run("customers", "show", "JO@example.com")
    assert (code, out.splitlines()[1]) == (0, "customerId   z3y6w9v2u5t8")
    code, out, _ = manager.run("customers", "export", out_csv)
    assert out.splitlines() == [
        f"1 customers written to {out_csv}",
        "1 customers known by their email were left out (personal data); add --include-emails "
        "to write them too",
    ]
    assert "jo@example.com" not in Path(out_csv).read_text(encoding="utf-8-sig")
    manager.run("customers", "export", out_csv, "--include-emails")
    assert "jo@example.com,z3y6w9v2u5t8,Jo" in Path(out_csv).read_text(encoding="utf-8-sig")


def test_bad_flags_and_unreadable_files_are_one_line(manager: Manager) -> None:
    path = manager.file(CATALOG, "c.csv")
    code, _, err = manager.run("catalog", "import", path, "--max-rejects", "150")
    assert code == 2
    assert "'150' is not a percentage from 0 to 100" in err
    assert err.count("\n") == 1
    latin = manager.profile.parent / "latin.csv"
    latin.write_bytes("SKU1;Café;1,50\n".encode("latin-1"))
    code, _, err = manager.run("catalog", "import", str(latin))
    assert code == 1
    assert err.startswith(f"posapp: {latin}: line 1 is not UTF-8 text")
    assert err.rstrip().endswith("the catalog was not changed")
    assert err.count("\n") == 1
