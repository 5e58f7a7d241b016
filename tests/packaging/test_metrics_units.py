"""posapp-metrics.service and .timer: systemd accepts them, they are locked down, and the
commands they run leave node_exporter a whole posapp.prom of the till's own state."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from posapp.outbox.store import Outbox
from tests.helpers import simple_order

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
SERVICE = LINUX / "posapp-metrics.service"
TIMER = LINUX / "posapp-metrics.timer"
MAX_EXPOSURE = 2.0
POSAPP = Path(sys.executable).with_name("posapp")  # the console script of this environment


def systemd_analyze() -> str:
    found = shutil.which("systemd-analyze")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("systemd-analyze missing: dev.py installs systemd")
        pytest.skip("needs systemd-analyze")
    return found


def directives(text: str, key: str) -> list[str]:
    return [line.split("=", 1)[1] for line in text.splitlines() if line.startswith(f"{key}=")]


def test_systemd_verify_accepts_both_units(tmp_path: Path) -> None:
    """``systemd-analyze verify`` on the units as shipped; only the till's own program, which
    the package puts in /usr/bin and this machine may lack, is this environment's posapp."""
    analyze = systemd_analyze()
    text = SERVICE.read_text()
    assert "ExecStart=/usr/bin/posapp " in text
    (tmp_path / SERVICE.name).write_text(text.replace("=/usr/bin/posapp ", f"={POSAPP} "))
    shutil.copy(TIMER, tmp_path / TIMER.name)
    done = subprocess.run(
        [analyze, "verify", "--man=no", str(tmp_path / SERVICE.name), str(tmp_path / TIMER.name)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stderr.strip() == "", done.stderr


def test_the_service_is_locked_down() -> None:
    done = subprocess.run(
        [systemd_analyze(), "security", "--offline=true", "--no-pager", str(SERVICE)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    found = re.search(r"Overall exposure level for posapp-metrics.service: ([\d.]+)", done.stdout)
    assert found, done.stdout + done.stderr
    assert float(found.group(1)) <= MAX_EXPOSURE, done.stdout


def test_off_until_enabled_and_every_minute() -> None:
    timer = TIMER.read_text()
    service = SERVICE.read_text()
    assert directives(timer, "OnUnitActiveSec") == ["1min"]
    assert directives(timer, "WantedBy") == ["timers.target"]
    assert "[Install]" not in service  # only the timer starts it
    assert directives(service, "Type") == ["oneshot"]
    assert directives(service, "User") == ["posapp-kiosk"]  # the outbox's owner, never root
    # no maintainer script turns it on: installing and upgrading never name it; removing
    # stops it and purging forgets it, nothing else
    assert "posapp-metrics" not in (LINUX / "postinst").read_text()
    for script in ("prerm", "postrm"):
        for line in (LINUX / script).read_text().splitlines():
            if "posapp-metrics" in line and not line.lstrip().startswith(("echo", "#", "&&")):
                assert re.search(r"\b(stop|purge)\b", line), line
            assert not re.search(r"\b(enable|start|restart)\b.*posapp-metrics", line), line
    deb = (ROOT / "packaging" / "deb.py").read_text()
    assert '"posapp-metrics.service", "posapp-metrics.timer"' in deb


def test_the_units_commands_leave_a_whole_prom_file(tmp_path: Path) -> None:
    """ExecStart, then each ExecStartPost, run as written (``%t``, ``${POSAPP_METRICS_DIR}``
    filled in as systemd does) against a real outbox: node_exporter's directory gets
    posapp.prom and nothing else, and it parses."""
    text = SERVICE.read_text()
    profile = tmp_path / "kiosk-profile"
    with Outbox(profile / "outbox.sqlite3") as outbox:
        outbox.enqueue(simple_order("REGENT-01-20261127-0001"))
    (profile / "settings.toml").write_text('till_id = "REGENT-01"\n')
    textfile = tmp_path / "node-exporter"
    textfile.mkdir()
    (textfile / "other.prom").write_text("# another collector's file\n")
    run_dir = tmp_path / "run"
    (run_dir / directives(text, "RuntimeDirectory")[0]).mkdir(parents=True)
    (metrics_dir,) = [
        value.split("=", 1)[1]
        for value in directives(text, "Environment")
        if value.startswith("POSAPP_METRICS_DIR=")
    ]
    assert metrics_dir == "/var/lib/prometheus/node-exporter"  # Debian's textfile directory
    env = {**os.environ, "POSAPP_HOME": str(profile), "POSAPP_METRICS_DIR": str(textfile)}
    commands = directives(text, "ExecStart") + directives(text, "ExecStartPost")
    assert len(commands) == 3
    for written in commands:
        command = written.removeprefix("+").replace("%t", str(run_dir))
        argv = shlex.split(command.replace("${POSAPP_METRICS_DIR}", str(textfile)))
        if argv[0] == "/usr/bin/posapp":
            argv[0] = str(POSAPP)
        subprocess.run(argv, env=env, check=True)
    assert sorted(p.name for p in textfile.iterdir()) == ["other.prom", "posapp.prom"]
    assert (textfile / "posapp.prom").stat().st_mode & 0o777 == 0o644
    families = {f.name: f for f in text_string_to_metric_families((textfile / "posapp.prom").read_text())}  # fmt: skip
    pending = [s for s in families["posapp_orders"].samples if s.labels["state"] == "pending"]
    assert [(s.labels["till_id"], s.value) for s in pending] == [("REGENT-01", 1)]
