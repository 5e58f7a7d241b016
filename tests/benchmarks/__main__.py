"""``python -m tests.benchmarks``: every benchmark, then one table of the results.

``--smoke`` runs each at a tiny size and one pair (the test suite does this to prove they run;
its figures mean nothing). ``--only NAME[,NAME]`` runs some (enqueue, drain, status, start,
scan, gui_stall, catalog). The bundle's figures come from ``packaging/build.py check``.
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.benchmarks.harness import Figure, Row, render

BENCHMARKS = ("enqueue", "drain", "status", "start", "scan", "gui_stall", "catalog")


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            names = [
                line.split(":", 1)[1].strip() for line in info if line.startswith("model name")
            ]
        if names:
            cpu = names[0]
    except OSError:
        pass
    load = _load("load average")
    from PySide6 import __version__ as pyside

    return (
        f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, PySide6 {pyside}, "
        f"Qt platform {os.environ['QT_QPA_PLATFORM']}; {load}"
    )


def _load(label: str) -> str:
    if not hasattr(os, "getloadavg"):
        return ""
    one, five, fifteen = os.getloadavg()
    return f"{label} {one:.1f} {five:.1f} {fifteen:.1f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks")
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, one pair: do they run?")
    parser.add_argument("--only", help="comma-separated: " + ", ".join(BENCHMARKS))
    args = parser.parse_args(argv)
    names = args.only.split(",") if args.only else list(BENCHMARKS)
    unknown = set(names) - set(BENCHMARKS)
    if unknown:
        parser.error(f"no such benchmark: {', '.join(sorted(unknown))}")
    print(f"machine: {machine()}", flush=True)
    rows: list[Row | Figure] = []
    for name in names:
        start = time.perf_counter()
        module = importlib.import_module(f"tests.benchmarks.bench_{name}")
        found = module.run(smoke=args.smoke)
        rows.extend(found)
        print(f"  {name}: {time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)
        for row in found:
            print(render([row]).splitlines()[1], file=sys.stderr, flush=True)
    print(render(rows))
    print(_load("load average at the end"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
