"""Cold start to first paint: ``posapp --self-test`` against a bare PySide6 QMainWindow script
that also quits on its first paint, in the same run (wall clock of the whole process)."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUNS = 7
BARE = """
import time
STARTED = time.perf_counter()
import sys
from PySide6.QtWidgets import QApplication, QMainWindow, QLabel
app = QApplication(sys.argv[:1])
class Window(QMainWindow):
    def paintEvent(self, event):
        super().paintEvent(event)
        if app.property("painted") is None:
            app.setProperty("painted", True)
            print(f"first paint in {(time.perf_counter() - STARTED) * 1000:.0f} ms")
        app.quit()
window = Window()
window.setCentralWidget(QLabel("hello"))
window.resize(1100, 720)
window.show()
app.exec()
"""


def run(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall clock of the whole process, and the first paint the process itself reports."""
    start = time.perf_counter()
    done = subprocess.run(command, check=True, capture_output=True, text=True, env=env, cwd=ROOT)
    wall = time.perf_counter() - start
    last = done.stdout.strip().splitlines()[-1]  # "... in N ms"
    return wall, float(last.split(" in ")[1].split()[0]) / 1000


def main() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    with tempfile.TemporaryDirectory() as profile:
        ours_cmd = [sys.executable, str(ROOT / "main.py"), "--profile", profile, "--self-test"]
        bare_cmd = [sys.executable, "-c", BARE]
        run(ours_cmd, env)  # the first run creates the profile's files; not a till's normal start
        bare = [run(bare_cmd, env) for _ in range(RUNS)]
        ours = [run(ours_cmd, env) for _ in range(RUNS)]
    print(f"cold start, median of {RUNS} runs, platform {env['QT_QPA_PLATFORM']}:")
    for label, index in (
        ("first paint (from the first line of Python)", 1),
        ("whole process (wall clock)", 0),
    ):
        b = statistics.median(sample[index] for sample in bare)
        o = statistics.median(sample[index] for sample in ours)
        print(f"  {label}:")
        print(f"    bare PySide6 QMainWindow: {b * 1000:6.0f} ms")
        print(
            f"    posapp --self-test:       {o * 1000:6.0f} ms   ratio {o / b:.2f}x  (target: at most 1.5x)"
        )
    print(
        "  (the self-test's whole process also opens the outbox and catalog and finds the keyring)"
    )


if __name__ == "__main__":
    main()
