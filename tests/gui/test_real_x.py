"""The till on a real X server (Xvfb + a window manager), a scanner played by xdotool.

A code typed at 4 ms per key then Enter, as a USB scanner does, after a click on the basket,
after Tab, with a menu open and after it closed, with the void confirmation open; then F12, and
the sandbox endpoint must have received exactly what was scanned. Skipped when Xvfb, xdotool or
the window manager are missing (``python3 dev.py check`` installs them).
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from posapp.tracker.sandbox import Sandbox
from tests.conftest import SITE, TOKEN

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ("Xvfb", "xdotool", "matchbox-window-manager")
WAIT = 15.0

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not all(shutil.which(tool) for tool in TOOLS) or not sys.platform.startswith("linux"),
        reason="needs Xvfb, xdotool and matchbox-window-manager (python3 dev.py check installs them)",
    ),
]


@pytest.fixture(scope="module")
def display() -> Iterator[str]:
    """A 1366x768 X server with a window manager, as on a till."""
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
        pass_fds=(write_end,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        name = ":" + pipe.readline().strip()
    manager = subprocess.Popen(
        ["matchbox-window-manager", "-use_titlebar", "no"],
        env={**os.environ, "DISPLAY": name}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        yield name
    finally:
        for process in (manager, server):
            process.terminate()
            process.wait(timeout=10)


class Till:
    """The till process, its reports read on a thread; xdotool plays the cashier and scanner."""

    def __init__(self, display: str, profile: Path, sandbox: Sandbox) -> None:
        self.env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
        self.env["PYTHONPATH"] = str(ROOT)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.gui.real_x_till", str(profile), sandbox.url, SITE, TOKEN],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=self.env, cwd=ROOT,
        )  # fmt: skip
        self.reports: queue.Queue[str] = queue.Queue()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.where: dict[str, tuple[int, int]] = {}
        self.state: dict[str, Any] = {}
        self.wait_for(lambda: "ready" in self.where)

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.reports.put(line.rstrip("\n"))

    def _take(self, timeout: float) -> None:
        line = self.reports.get(timeout=timeout)
        kind, _, rest = line.partition(" ")
        if kind == "where":
            name, x, y = rest.split()
            self.where[name] = (int(x), int(y))
        elif kind == "ready":
            self.where["ready"] = (0, 0)
        elif kind == "state":
            self.state = json.loads(rest)

    def wait_for(self, condition: Callable[[], bool], what: str = "") -> None:
        deadline = time.monotonic() + WAIT
        while not condition():
            left = deadline - time.monotonic()
            if left <= 0 or self.process.poll() is not None:
                raise AssertionError(f"the till never showed {what or condition}: {self.state}")
            try:
                self._take(left)
            except queue.Empty:
                continue

    def settle(self, seconds: float = 0.4) -> None:
        """Take every report for a moment: what the till shows once things have happened."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                self._take(left)
            except queue.Empty:
                break

    def xdotool(self, *args: str) -> None:
        subprocess.run(["xdotool", *args], env=self.env, check=True, timeout=30)

    def scan(self, code: str) -> None:
        """A USB scanner: the code at 4 ms per key, then Enter (one xdotool run, no pause)."""
        self.xdotool("type", "--delay", "4", "--args", "1", code, "key", "--delay", "4", "Return")

    def key(self, *keys: str) -> None:
        self.xdotool("key", "--delay", "150", *keys)  # a person's pace

    def click(self, name: str) -> None:
        x, y = self.where[name]
        self.xdotool("mousemove", str(x), str(y), "click", "1")

    def lines(self) -> list[list[Any]]:
        return list(self.state.get("lines", []))

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)
        self.reader.join(timeout=10)
        if self.process.stdout is not None:
            self.process.stdout.close()


@pytest.fixture
def till(display: str, tmp_path: Path, sandbox: Sandbox) -> Iterator[Till]:
    running = Till(display, tmp_path / "till", sandbox)
    try:
        yield running
    finally:
        running.close()


def test_scans_land_in_the_basket_wherever_the_focus_is_and_are_sent(
    till: Till, sandbox: Sandbox
) -> None:
    till.scan("CB4551")  # the scan field has the focus
    till.wait_for(lambda: till.lines() == [["CB4551", 1]], "the first scan")

    till.click("basket")  # a click on a basket row
    till.settle()
    till.scan("TEA-EB")
    till.wait_for(lambda: till.lines() == [["CB4551", 1], ["TEA-EB", 1]], "the scan after a click")

    till.key("Tab", "Tab", "Tab", "Tab")  # the focus wanders off to other fields
    till.settle()
    assert till.state["focus"] != "ScanField"
    till.scan("3*CHOC-70")
    till.wait_for(lambda: ["CHOC-70", 3] in till.lines(), "the scan after Tab")
    till.settle()
    assert till.state["gender"] == till.state["customer_field"] == ""

    till.click("sale_menu")  # a menu open
    till.wait_for(lambda: till.state.get("popup") is True, "the menu")
    till.scan("5012345678900")  # the mug's barcode
    till.wait_for(lambda: ["CB4551", 2] in till.lines(), "the scan with a menu open")
    till.key("Escape")
    till.wait_for(lambda: till.state.get("popup") is False, "the menu closed")
    till.scan("BAG-JUTE")  # the menu bar must not swallow it
    till.wait_for(lambda: ["BAG-JUTE", 1] in till.lines(), "the scan after the menu closed")

    till.key("ctrl+shift+Delete")  # the void confirmation: a dialog open
    till.wait_for(lambda: till.state.get("dialog") is not None, "the void confirmation")
    till.scan("PEN-BLK")
    till.settle(0.6)
    assert till.state["dialog"] is not None  # the scanner's Enter did not answer it
    assert len(till.lines()) == 4  # not voided, and the scan waits
    till.key("Escape")  # No
    till.wait_for(lambda: ["PEN-BLK", 1] in till.lines(), "the held scan after the dialog")
    expected = [["CB4551", 2], ["TEA-EB", 1], ["CHOC-70", 3], ["BAG-JUTE", 1], ["PEN-BLK", 1]]
    assert till.lines() == expected

    till.key("F12")
    till.wait_for(lambda: till.lines() == [], "the finished sale")
    deadline = time.monotonic() + WAIT
    while not sandbox.orders() and time.monotonic() < deadline:
        time.sleep(0.05)
    orders = sandbox.orders()
    assert len(orders) == 1
    sent = [[item["refCode"], item["qty"]] for item in orders[0]["order"]["items"]]
    assert sent == expected


def test_a_person_typing_in_the_customer_field_still_types_there(till: Till) -> None:
    till.key("F4")  # the customer field
    till.settle()
    till.xdotool("type", "--delay", "120", "633")  # a person's pace
    till.wait_for(lambda: till.state.get("customer_field") == "633", "typed text")
    till.key("Escape")
    till.scan("CB4551")
    till.wait_for(lambda: till.lines() == [["CB4551", 1]], "the scan")
