"""A till that a test kills mid-sale (tests/integration/test_sale_journal.py).

    python -m tests.integration.sale_child window PROFILE CODE...   scan CODEs, a customer, wait
    python -m tests.integration.sale_child loop PROFILE              keep growing a basket

Each step is printed once it has returned, so the test knows what the till had promised.
"""

from __future__ import annotations

import sys
from pathlib import Path


def window(profile_dir: str, codes: list[str]) -> None:
    from posapp.app import application, demo_settings
    from posapp.resources import resource_path
    from posapp.setup.profile import Profile
    from posapp.till import Till
    from posapp.tracker.sandbox import DEMO_TOKEN
    from posapp.tracker.token import SiteToken
    from posapp.ui.main_window import MainWindow

    app = application()
    profile = Profile.locate(profile_dir)
    settings = demo_settings("http://127.0.0.1:9/unused")
    token = SiteToken(DEMO_TOKEN)
    with Till(profile, settings, token=lambda: token) as parts:  # the till itself
        parts.catalog.import_csv(resource_path("demo", "catalog.csv"), settings.currency)
        parts.customers.import_csv(resource_path("demo", "customers.csv"))
        till = MainWindow(parts)
        for code in codes:
            till.scan_field.submit(code)
            print("scanned", code, flush=True)
        till.customer_panel.field.setText("6330001")
        till.customer_panel.look_up()
        till.customer_panel.info_fields["gender"].setText("female")
        till.scan_field.submit("TEA-EB")
        print("ready", flush=True)
        app.exec()


def loop(profile_dir: str) -> None:
    from posapp.domain.order import make_line
    from posapp.outbox.sale_in_progress import SaleInProgress
    from posapp.setup.profile import Profile

    kept = SaleInProgress(Profile.locate(profile_dir).sale_in_progress_file)
    kept.clear()  # each round starts a new sale
    print("ready", flush=True)
    row = 0
    while True:
        kept.put_line(row, make_line(f"ITEM-{row}", 1 + row % 5, "1.25", "GBP"), "GBP")
        print(row, flush=True)
        row += 1
        if row == 40:  # a sale is finished: the file empties and the next one starts
            print("clearing", flush=True)
            kept.clear()
            print("cleared", flush=True)
            row = 0


if __name__ == "__main__":
    mode, profile = sys.argv[1], sys.argv[2]
    Path(profile).mkdir(parents=True, exist_ok=True)
    if mode == "window":
        window(profile, sys.argv[3:])
    else:
        loop(profile)
