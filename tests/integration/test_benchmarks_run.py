"""The benchmarks run: ``python -m tests.benchmarks --smoke`` makes every row of the table.

Tiny sizes and one pair each; the figures of such a run mean nothing and are not looked at.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

FIGURES = [
    "enqueue one order",
    "drain 10 orders",
    "`queue status` process, 300 orders, vs bare",
    "`queue status` process, 300 vs 0 orders",
    "outbox open + status()",
    "`queue status` peak memory, 300 vs 0 orders",
    "start to first paint",
    "whole --self-test process",
    "scan at 30 lines vs at 1 (flat",
    "scan at 30 lines vs bare",
    "longest GUI stall while 100 orders drain",
    "catalog import, 200 rows",
    "catalog lookup",
]


def test_every_benchmark_runs_and_fills_its_row() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "tests.benchmarks", "--smoke"],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=900, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    assert lines[0].startswith("machine: ")
    header = next(n for n, line in enumerate(lines) if line.startswith("figure "))
    table = lines[header + 1 : header + 1 + len(FIGURES)]
    for figure, line in zip(FIGURES, table, strict=True):
        assert line.startswith(figure), (figure, line)
        assert re.search(r"\s(met|MISSED|-)$", line), line
        numbers = re.findall(r"\d+(?:\.\d+)?", line[len(figure) :])
        assert numbers, line


def test_an_unknown_benchmark_is_refused_in_one_line() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tests.benchmarks", "--only", "nonsense"],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert "no such benchmark: nonsense" in done.stderr


def test_the_scale_figures_run_at_a_tiny_size(tmp_path: Path) -> None:
    # the catalog part of ``python -m tests.benchmarks.scale`` (1M products there), 300 here
    from tests.benchmarks.scale import catalog_scale

    lines = catalog_scale(tmp_path, rows=300)
    assert lines[0].startswith("catalog of 300 products")
    assert re.search(r"import \d+\.\d s \([\d,]+ rows/s\), peak memory", lines[0]), lines[0]
    assert any(line.startswith("catalog lookup") for line in lines[1:])
