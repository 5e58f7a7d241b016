"""Running a command as a fresh process: its wall clock, peak memory and output."""

from __future__ import annotations

import compileall
import functools
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


# Peak memory as the process itself sees it: VmHWM of its own address space. (wait4's ru_maxrss
# would count the memory of the parent it was forked from, before its exec.)
PEAK = """
import atexit, sys
def _peak():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                print("peak-kib", line.split()[1], file=sys.stderr)
atexit.register(_peak)
"""


def python_with_peak(code: str, *args: str) -> list[str]:
    """A Python command running ``code`` that reports its own peak memory on exit."""
    return [PYTHON, "-c", PEAK + code, *args]


@dataclass(frozen=True)
class Measured:
    wall: float  # seconds, from spawning to reaping
    peak_kib: int  # peak resident memory, when the process reported it (python_with_peak)
    out: str


@functools.cache
def compiled() -> None:
    """posapp's bytecode, written once, as an installed till has it: pip compiles a wheel's
    modules when it installs them and the bundle ships them compiled. Without this, a machine
    with ``PYTHONDONTWRITEBYTECODE`` set (this one has it) would compile every posapp module
    from source in every measured process: about a third of the start, a cost no till pays."""
    compileall.compile_dir(ROOT / "posapp", quiet=1)


def run_measured(command: list[str], env: dict[str, str] | None = None) -> Measured:
    compiled()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, cwd=ROOT, env=env)
        _, status, _ = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if process.returncode != 0:
            raise RuntimeError(
                f"{command} failed ({process.returncode}): {err.read().decode()[-2000:]}"
            )
        peaks = [line.split()[1] for line in err.read().decode().splitlines()
                 if line.startswith("peak-kib ")]  # fmt: skip
        return Measured(wall, int(peaks[-1]) if peaks else 0, out.read().decode())
