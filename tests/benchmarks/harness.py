"""What every benchmark shares: ABAB pairs against a bare baseline, and one row of the table.

A benchmark gives two callables that each do one sample of the same useful work and return
what they measured (seconds, or any cost where lower is better). They run alternately, bare
then posapp, bare then posapp, ... so that whatever else the machine is doing at a moment
weighs on both sides of a pair alike; each pair gives one ratio (posapp / bare), and the row
reports the median of those ratios with their spread (lowest and highest). A throughput figure
(``higher_is_better``) reports bare time / posapp time, so that 1.0x means "as fast as bare".
"""

from __future__ import annotations

import gc
import statistics
from collections.abc import Callable
from dataclasses import dataclass

Sample = Callable[[], float]


@dataclass(frozen=True)
class Row:
    """One line of the table: a figure, its two medians, the ratio and the verdict."""

    figure: str
    posapp: float  # median of posapp's samples, in ``unit``
    bare: float
    unit: str
    ratio: float  # median of the per-pair ratios
    low: float  # lowest and highest per-pair ratio: the spread
    high: float
    pairs: int
    target: str  # for example "<= 1.5x"

    @property
    def verdict(self) -> str:
        if self.target == "-":  # a figure for the record, with no target of its own
            return "-"
        sign, value = self.target.split()
        limit = float(value.rstrip("x"))
        met = {
            "<=": self.ratio <= limit,
            "<": self.ratio < limit,
            ">=": self.ratio >= limit,
            ">": self.ratio > limit,
        }[sign]
        return "met" if met else "MISSED"


@dataclass(frozen=True)
class Figure:
    """A figure that has no bare twin (a stall in ms, a growth factor): reported as is."""

    figure: str
    value: float
    unit: str
    target: str  # for example "< 50 ms"
    detail: str = ""

    @property
    def verdict(self) -> str:
        sign, value = self.target.split()[:2]
        limit = float(value)
        met = {"<=": self.value <= limit, "<": self.value < limit}[sign]
        return "met" if met else "MISSED"


def abab(
    figure: str,
    ours: Sample,
    bare: Sample,
    *,
    pairs: int,
    target: str,
    unit: str = "ms",
    scale: float = 1000.0,
    higher_is_better: bool = False,
) -> Row:
    """Run ``pairs`` pairs, bare first in each, and summarise them as one row."""
    ours_samples: list[float] = []
    bare_samples: list[float] = []
    ratios: list[float] = []
    for _ in range(pairs):
        gc.collect()
        b = bare()
        gc.collect()
        o = ours()
        bare_samples.append(b)
        ours_samples.append(o)
        ratios.append(b / o if higher_is_better else o / b)
    return Row(
        figure=figure,
        posapp=statistics.median(ours_samples) * scale,
        bare=statistics.median(bare_samples) * scale,
        unit=unit,
        ratio=statistics.median(ratios),
        low=min(ratios),
        high=max(ratios),
        pairs=pairs,
        target=target,
    )


def render(rows: list[Row | Figure]) -> str:
    """The one table: figure, posapp, bare, ratio (spread over n pairs), target, verdict."""
    lines = [
        f"{'figure':<58} {'posapp':>12} {'bare':>12} {'ratio (spread, pairs)':>26} "
        f"{'target':>10}  verdict"
    ]
    for row in rows:
        if isinstance(row, Row):
            ratio = f"{row.ratio:.2f}x ({row.low:.2f}-{row.high:.2f}, {row.pairs})"
            lines.append(
                f"{row.figure:<58} {_value(row.posapp, row.unit):>12} "
                f"{_value(row.bare, row.unit):>12} {ratio:>26} {row.target:>10}  {row.verdict}"
            )
        else:
            lines.append(
                f"{row.figure:<58} {_value(row.value, row.unit):>12} {'-':>12} "
                f"{row.detail:>26} {row.target:>10}  {row.verdict}"
            )
    return "\n".join(lines)


def _value(value: float, unit: str) -> str:
    if value >= 100:
        return f"{value:,.0f} {unit}"
    return f"{value:.2f} {unit}" if value < 10 else f"{value:.1f} {unit}"
