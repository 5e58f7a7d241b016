"""Run the Windows installer (compiled against the stand-in bundle) under Wine: the silent
switches, the exit codes, the mutex refusal and what the uninstaller leaves. Not part of the
test suite (Wine is big and its first start slow); run it by hand when the script changes:

    apt-get install --no-install-recommends wine64
    .venv/bin/python packaging/windows/wine_trial.py

Wine is not Windows (its Task Scheduler, for one, keeps only part of a task), so this is a
trial of the script's logic, not a substitute for a Windows test machine.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(1, str(HERE.parents[1]))

import build  # noqa: E402 - packaging/build.py, by path

HOLDER = r"""Unicode true
Target amd64-unicode
OutFile "{out}"
SilentInstall silent
RequestExecutionLevel user
Section
  System::Call 'kernel32::CreateMutexW(p 0, i 0, w "{mutex}") p .r0'
  Sleep 30000
SectionEnd
"""


def wineserver(wine_path: str) -> str:
    beside = Path(wine_path).resolve().parent / "wineserver"
    return (
        str(beside) if beside.exists() else shutil.which("wineserver") or "/usr/lib/wine/wineserver"
    )


def wine() -> str:
    for name in ("wine64", "wine", "/usr/lib/wine/wine64"):
        found = shutil.which(name)
        if found:
            return found
    sys.exit("needs Wine: apt-get install --no-install-recommends wine64")


class Trial:
    def __init__(self, prefix: Path) -> None:
        self.wine = wine()
        self.prefix = prefix
        self.env = {
            **os.environ,
            "WINEPREFIX": str(prefix),
            "WINEDEBUG": "-all",
            "WINEDLLOVERRIDES": "mscoree,mshtml=",
        }
        self.failed: list[str] = []

    def run(self, *args: str, cwd: Path | None = None) -> int:
        done = subprocess.run([self.wine, *args], env=self.env, cwd=cwd, capture_output=True, check=False)  # fmt: skip
        return done.returncode

    def drive(self, path: str) -> Path:
        return self.prefix / "drive_c" / path

    def expect(self, what: str, condition: bool) -> None:
        print(f"{'ok  ' if condition else 'FAIL'} {what}", flush=True)
        if not condition:
            self.failed.append(what)

    def exit_code(self, what: str, expected: int, *args: str, cwd: Path | None = None) -> None:
        code = self.run(*args, cwd=cwd)
        self.expect(f"{what}: exit code {code} (expected {expected})", code == expected)

    def while_open(self, holder: Path, action: Callable[[], None]) -> None:
        job = subprocess.Popen([self.wine, str(holder)], env=self.env)
        try:
            time.sleep(4)  # the holder has made its mutex
            action()
        finally:
            job.kill()
            job.wait()


def main() -> None:
    from posapp.ui.single_instance import MUTEX_NAME

    installer = build.nsis()
    with tempfile.TemporaryDirectory(
        prefix="posapp-wine-", ignore_cleanup_errors=True
    ) as directory:
        work = Path(directory)
        setup = work / "setup.exe"
        shutil.copy2(installer, setup)
        holder = work / "holder.exe"
        (work / "holder.nsi").write_text(HOLDER.format(out=holder, mutex=MUTEX_NAME))
        build.run("makensis", "-V1", work / "holder.nsi")
        (work / "store.toml").write_text('site = "trial"\n')
        t = Trial(work / "prefix")
        print("wineboot (a fresh prefix) ...", flush=True)
        t.run("wineboot", "-i")
        user = "root" if os.geteuid() == 0 else os.environ.get("USER", "root")
        program = t.drive("Program Files/posapp")
        menu = t.drive("ProgramData/Microsoft/Windows/Start Menu/Programs")

        for switches, why in [
            (["/SETTINGS=Z:\\nowhere\\store.toml"], "a missing settings file"),
            (["/AUTOSTART=nobody-of-this-name"], "an unknown kiosk user"),
            ([f"/AUTOSTART={user}", "/NOAUTOSTART"], "/AUTOSTART with /NOAUTOSTART"),
            (["/AUTOSTART="], "an empty kiosk user"),
        ]:
            t.exit_code(f"install /S with {why}", 4, str(setup), "/S", *switches)
            t.expect(f"  ... installed nothing ({why})", not program.exists())
        t.while_open(holder, lambda: t.exit_code("install /S while posapp is open", 2, str(setup), "/S"))  # fmt: skip
        t.expect("  ... installed nothing (posapp open)", not program.exists())

        # an earlier version, with a file the current one no longer has, and the autostart
        earlier = build.stand_in(work / "earlier" / "posapp")
        (earlier / "_internal" / "gone-in-next.dll").write_bytes(b"stand-in")
        old_setup = build.makensis(earlier, work / "earlier-setup.exe", "-DVERSION=0.0.9")
        t.exit_code("install /S /AUTOSTART (an earlier version)", 0, str(old_setup), "/S", f"/AUTOSTART={user}")  # fmt: skip
        t.expect("  ... its own file installed", (program / "_internal" / "gone-in-next.dll").exists())  # fmt: skip
        t.exit_code("upgrade /S /SETTINGS (relative), no autostart switch", 0, str(setup), "/S", "/SETTINGS=store.toml", cwd=work)  # fmt: skip
        t.expect("  ... the earlier version's own file is gone", not (program / "_internal" / "gone-in-next.dll").exists())  # fmt: skip
        names = {str(p.relative_to(program)).replace("\\", "/") for p in program.rglob("*") if p.is_file()}  # fmt: skip
        t.expect("every stand-in file and uninstall.exe installed", names == {*build.STAND_IN, "uninstall.exe"})  # fmt: skip
        t.expect("Start menu entries for all users", (menu / "posapp.lnk").exists() and (menu / "posapp demo.lnk").exists())  # fmt: skip
        settings = t.drive("ProgramData/posapp/settings.toml")
        t.expect("/SETTINGS copied to %PROGRAMDATA%\\posapp", settings.exists() and "trial" in settings.read_text())  # fmt: skip
        task = next(t.drive("windows/system32/tasks").glob("posapp kiosk autostart"), None)
        t.expect("the autostart task is registered, and kept by the upgrade", task is not None)
        t.exit_code("install /S /NOAUTOSTART over it", 0, str(setup), "/S", "/NOAUTOSTART")
        t.expect("  ... the autostart task is gone", task is not None and not task.exists())
        t.exit_code("install /S /AUTOSTART over it", 0, str(setup), "/S", f"/AUTOSTART={user}")
        t.expect("  ... the autostart task is back", task is not None and task.exists())

        (program / "notes.txt").write_text("not posapp's")
        (program / "_internal" / "extra.dll").write_text("not posapp's")
        user_data = t.drive(f"users/{user}/AppData/Local/posapp/outbox.sqlite3")
        user_data.parent.mkdir(parents=True, exist_ok=True)
        user_data.write_text("queued orders")
        # in place, as a script waits for it: _?= last and unquoted, so from a batch file
        batch = work / "uninstall.cmd"
        batch.write_text('"C:\\Program Files\\posapp\\uninstall.exe" /S _?=C:\\Program Files\\posapp\r\nexit /b %errorlevel%\r\n')  # fmt: skip
        uninstall = ("cmd", "/c", "Z:" + str(batch).replace("/", "\\"))
        t.while_open(holder, lambda: t.exit_code("uninstall /S while posapp is open", 2, *uninstall))  # fmt: skip
        t.expect("  ... removed nothing (posapp open)", (program / "posapp.exe").exists())
        t.exit_code("uninstall /S in place", 0, *uninstall)
        left = {str(p.relative_to(program)).replace("\\", "/") for p in program.rglob("*") if p.is_file()}  # fmt: skip
        t.expect(f"only what posapp did not install is left (and uninstall.exe, until a restart): {sorted(left)}", left == {"notes.txt", "_internal/extra.dll", "uninstall.exe"})  # fmt: skip
        t.expect("the user's outbox stays", user_data.read_text() == "queued orders")
        t.expect("the machine-wide settings stay", settings.exists())
        t.expect("the Start menu entries are gone", not (menu / "posapp.lnk").exists())
        t.expect("the autostart task is gone", task is None or not task.exists())
        subprocess.run([wineserver(t.wine), "-k"], env=t.env, check=False)  # this prefix's only
    if t.failed:
        sys.exit(f"{len(t.failed)} failed")
    print("the installer behaves under Wine as the script says")


if __name__ == "__main__":
    main()
