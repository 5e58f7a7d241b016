"""Scale figures for tests/benchmarks/README.md: ``python -m tests.benchmarks.scale``.

* start (``--self-test``: first paint and whole process) and ``queue status`` (time, peak
  memory) with 0, 10k, 100k and 1M orders in the outbox (made by bulk SQL, the real schema);
* a catalog of 1M products: import time and peak memory of the importing process, lookups;
* a scan with 5,000 lines in the basket against one line.

Medians of RUNS runs; the sizes take turns within each round, so that the machine's moods
fall on all of them alike.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.benchmarks.bench_start import configured_profile, first_paint
from tests.benchmarks.procs import PYTHON, ROOT, python_with_peak, run_measured

RUNS = 5
SIZES = (0, 10_000, 100_000, 1_000_000)
STATUS = "from posapp.cli import main; sys.exit(main(sys.argv[1:]))"
IMPORT = (
    "import sys, time; from pathlib import Path; from posapp.lists.imports import import_list; "
    "t = time.perf_counter(); plan = import_list('catalog', Path(sys.argv[1]), Path(sys.argv[2]), "
    "'GBP'); print(plan.imported, len(plan.rejected), time.perf_counter() - t)"
)


def outbox_scale(directory: Path) -> list[str]:
    env = {**os.environ}
    profiles = {size: configured_profile(directory / f"p{size}", size) for size in SIZES}
    figures: dict[int, dict[str, list[float]]] = {
        size: {"paint": [], "start": [], "status": [], "status_mib": []} for size in SIZES
    }
    for _ in range(RUNS):
        for size, profile in profiles.items():
            start = run_measured(
                [PYTHON, str(ROOT / "main.py"), "--profile", str(profile), "--self-test"], env
            )
            status = run_measured(
                python_with_peak(STATUS, "--profile", str(profile), "queue", "status"), env
            )
            figures[size]["paint"].append(first_paint(start.out) * 1000)
            figures[size]["start"].append(start.wall * 1000)
            figures[size]["status"].append(status.wall * 1000)
            figures[size]["status_mib"].append(status.peak_kib / 1024)
    lines = [
        "| orders in the outbox | file | first paint | whole --self-test | `queue status` | its peak memory |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for size in SIZES:
        f = {key: statistics.median(values) for key, values in figures[size].items()}
        mb = (profiles[size] / "outbox.sqlite3").stat().st_size / 1e6
        lines.append(
            f"| {size:,} | {mb:.1f} MB | {f['paint']:.0f} ms | {f['start']:.0f} ms | "
            f"{f['status']:.0f} ms | {f['status_mib']:.1f} MiB |"
        )
    return lines


def catalog_scale(directory: Path, rows: int = 1_000_000) -> list[str]:
    from tests.benchmarks.bench_catalog import lookup_row, write_catalog

    source, target = directory / "catalog-1m.csv", directory / "catalog-1m.sqlite3"
    write_catalog(source, rows)
    measured = [run_measured(python_with_peak(IMPORT, str(source), str(target))) for _ in range(3)]
    seconds = statistics.median(float(m.out.split()[2]) for m in measured)
    peak = statistics.median(m.peak_kib for m in measured) / 1024
    baseline = run_measured(python_with_peak("import posapp.lists.imports")).peak_kib / 1024
    return [
        f"catalog of {rows:,} products ({source.stat().st_size / 1e6:.0f} MB CSV): import "
        f"{seconds:.1f} s ({rows / seconds:,.0f} rows/s), peak memory of the importing process "
        f"{peak:.0f} MiB (the same process before importing: {baseline:.0f} MiB)",
        *_rows([lookup_row(target, rows, 7, "1M")]),
    ]


def basket_scale() -> list[str]:
    from tests.benchmarks.bench_scan import run

    return _rows(run(big=5000))


def _rows(rows: list[object]) -> list[str]:
    from tests.benchmarks.harness import render

    return render(rows).splitlines()  # type: ignore[arg-type]


def main() -> None:
    which = sys.argv[1:] or ["outbox", "catalog", "basket"]
    with tempfile.TemporaryDirectory() as directory:
        if "outbox" in which:
            print("\n".join(outbox_scale(Path(directory))), flush=True)
        if "catalog" in which:
            print("\n".join(catalog_scale(Path(directory))), flush=True)
        if "basket" in which:
            print("\n".join(basket_scale()), flush=True)


if __name__ == "__main__":
    main()
