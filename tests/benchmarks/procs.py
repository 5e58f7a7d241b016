"""Running a command as a fresh process: its wall clock, peak memory and output."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


@dataclass(frozen=True)
class Measured:
    wall: float  # seconds, from spawning to reaping
    peak_kib: int  # peak resident memory of the process (wait4's ru_maxrss)
    out: str


def run_measured(command: list[str], env: dict[str, str] | None = None) -> Measured:
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, cwd=ROOT, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if process.returncode != 0:
            raise RuntimeError(
                f"{command} failed ({process.returncode}): {err.read().decode()[-2000:]}"
            )
        return Measured(wall, usage.ru_maxrss, out.read().decode())
