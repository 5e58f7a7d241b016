"""Catalog import of 100,000 rows (rows per second, peak memory of the importing process), and
lookup time by refCode and by barcode with that catalog loaded."""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from posapp.lists.catalog import Catalog

N = 100_000
ROOT = Path(__file__).resolve().parents[2]
IMPORT = (
    "import resource, sys, time; from pathlib import Path; from posapp.lists.catalog import Catalog; "
    "c = Catalog(Path(sys.argv[1])); t = time.perf_counter(); r = c.import_csv(Path(sys.argv[2]), 'GBP'); "
    "e = time.perf_counter() - t; print(r.imported, len(r.rejected), e, "
    "resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
)
BASELINE = "import resource; from posapp.lists.catalog import Catalog; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"


def main() -> None:
    with tempfile.TemporaryDirectory() as directory:
        csv_path, db = Path(directory) / "catalog.csv", Path(directory) / "catalog.sqlite3"
        with csv_path.open("w", encoding="utf-8") as handle:
            handle.write("refCode,name,price,barcode\n")
            for n in range(N):
                handle.write(
                    f"SKU{n:06d},Product number {n},{n % 500}.{n % 100:02d},{5000000000000 + n}\n"
                )
        size_mb = csv_path.stat().st_size / 1e6
        out = subprocess.run(
            [sys.executable, "-c", IMPORT, str(db), str(csv_path)],
            capture_output=True, text=True, check=True, cwd=ROOT,
        ).stdout.split()  # fmt: skip
        baseline = int(subprocess.run([sys.executable, "-c", BASELINE], capture_output=True, text=True,
                                      check=True, cwd=ROOT).stdout)  # fmt: skip
        imported, rejected, seconds, peak = int(out[0]), int(out[1]), float(out[2]), int(out[3])
        catalog = Catalog(db)
        rng = random.Random(1)
        codes = [f"SKU{rng.randrange(N):06d}" for _ in range(20_000)]
        barcodes = [str(5000000000000 + rng.randrange(N)) for _ in range(20_000)]
        by_ref, by_barcode = [], []
        for code, barcode in zip(codes, barcodes, strict=True):
            start = time.perf_counter()
            assert catalog.lookup(code) is not None
            by_ref.append((time.perf_counter() - start) * 1e6)
            start = time.perf_counter()
            assert catalog.lookup(barcode) is not None
            by_barcode.append((time.perf_counter() - start) * 1e6)
        catalog.close()
    print(
        f"catalog import, {N:,} rows ({size_mb:.1f} MB CSV): {imported:,} imported, {rejected} rejected"
    )
    print(
        f"  {seconds:.2f} s, {imported / seconds:,.0f} rows/s; peak memory of the importing process "
        f"{peak / 1024:.1f} MiB (the same process before importing: {baseline / 1024:.1f} MiB)"
    )
    print(
        f"  lookup by refCode: median {statistics.median(by_ref):.1f} us, "
        f"p99 {sorted(by_ref)[int(len(by_ref) * 0.99)]:.1f} us"
    )
    print(
        f"  lookup by barcode: median {statistics.median(by_barcode):.1f} us, "
        f"p99 {sorted(by_barcode)[int(len(by_barcode) * 0.99)]:.1f} us"
    )


if __name__ == "__main__":
    main()
