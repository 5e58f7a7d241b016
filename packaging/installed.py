"""The installed package, on this machine, as a till gets it: apt installs it from a signed
repository (a file: source), ``posapp --self-test`` runs on the offscreen, xcb (Xvfb) and wayland
(a headless cage, as the kiosk user) platforms, then apt upgrades it to the next version while
a posapp of the first one runs, which keeps working. Needs root; everything is undone after.
"""

from __future__ import annotations

import contextlib
import grp
import hashlib
import json
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import repo
from common import expect, run

KIOSK_USER = "posapp-kiosk"
KIOSK_HOME = Path("/var/lib/posapp-kiosk")
POSAPP = "/usr/bin/posapp"
ORDER = {"order": {"items": [{"refCode": "CB4551", "qty": 2, "price": 6.5}]}}


def why_not() -> str | None:
    """Why this machine cannot take the test install, or None."""
    if os.geteuid() != 0:
        return "not root"
    status = subprocess.run(["dpkg-query", "-W", "-f=${Status}", "posapp"], capture_output=True, text=True, check=False)  # fmt: skip
    if "installed" in status.stdout:
        return "a posapp package is installed here already, and the check never touches it"
    if KIOSK_HOME.exists() or KIOSK_USER in {u.pw_name for u in pwd.getpwall()}:
        return f"{KIOSK_USER} or {KIOSK_HOME} exists here already (a till's data is never touched)"
    missing = [t for t in ("apt-get", "apt-ftparchive", "gpg", "cage", "Xvfb", "runuser") if not shutil.which(t)]  # fmt: skip
    return f"{', '.join(missing)} missing" if missing else None


class Apt:
    """apt, with the test's repository as its only source and its own lists (the machine's
    sources and lists stay as they are)."""

    def __init__(self, work: Path, gnupghome: Path) -> None:
        self.repo = work / "apt-repo"
        self.gnupghome = gnupghome
        parts = work / "sources.list.d"
        (work / "lists/partial").mkdir(parents=True)
        parts.mkdir()
        (parts / "posapp.sources").write_text(
            f"Types: deb\nURIs: file:{self.repo}\nSuites: ./\n"
            f"Signed-By: {self.repo / repo.KEYRING}\n"
        )
        self.options = [
            "-o", "Dir::Etc::SourceList=/dev/null", "-o", f"Dir::Etc::SourceParts={parts}",
            "-o", f"Dir::State::Lists={work / 'lists'}", "-o", "Dir::Cache::pkgcache=",
            "-o", "Dir::Cache::srcpkgcache=", "-o", "DPkg::Lock::Timeout=600",
            "-o", "APT::Sandbox::User=root", "-y", "-q", "--no-install-recommends",
        ]  # fmt: skip

    def publish(self, debs: list[Path]) -> None:
        repo.build(debs, self.repo, self.gnupghome)
        self("update")

    def __call__(self, *args: str) -> str:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        done = run("apt-get", *self.options, *args, env=env, capture_output=True)
        print(done.stdout, end="")
        return done.stdout


@contextlib.contextmanager
def cleaned_up() -> Iterator[None]:
    """Purge the package, and the user, home and groups it made, whatever happens (why_not()
    made sure none of them was here before)."""
    groups = {g.gr_name for g in grp.getgrall()}
    try:
        yield
    finally:
        subprocess.run(["dpkg", "--purge", "posapp"], check=False, capture_output=True)
        subprocess.run(["userdel", KIOSK_USER], check=False, capture_output=True)
        for made in {g.gr_name for g in grp.getgrall()} - groups:
            subprocess.run(["groupdel", made], check=False, capture_output=True)
        shutil.rmtree(KIOSK_HOME, ignore_errors=True)


def posapp(*args: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run([POSAPP, *args], capture_output=True, text=True, env=env, timeout=120, check=False)  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"posapp {' '.join(args)} failed ({done.returncode}):\n{done.stdout}{done.stderr}")  # fmt: skip
    return done.stdout


def self_test_offscreen(work: Path, times: int) -> list[float]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(work)}
    env.pop("POSAPP_HOME", None)
    runs = []
    for _ in range(times):
        begun = time.perf_counter()
        out = posapp("--profile", str(work / "profile"), "--self-test", env=env)
        runs.append(time.perf_counter() - begun)
        expect("platform offscreen" in out, out)
        expect("self-test ok in " in out, out)
    return runs


def self_test_xcb(work: Path) -> str:
    """On X11: a virtual X server (Xvfb), Qt's xcb platform."""
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-nolisten", "tcp", "-screen", "0", "1280x1024x24"],
        pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    os.close(write)
    try:
        with os.fdopen(read) as displayfd:
            display = displayfd.readline().strip()
        env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "DISPLAY": f":{display}", "HOME": str(work)}
        out = posapp("--profile", str(work / "profile-xcb"), "--self-test", env=env)
        expect("platform xcb" in out, out)
        expect("self-test ok in " in out, out)
        return out
    finally:
        server.terminate()
        server.wait(timeout=30)


def self_test_wayland(work: Path, times: int) -> list[str]:
    """On wayland, as the kiosk runs it: a headless cage (it refuses root), started as the
    package's kiosk user, with posapp on Qt's wayland platform."""
    user = pwd.getpwnam(KIOSK_USER)
    results = []
    for attempt in range(times):
        home = Path(tempfile.mkdtemp(prefix="posapp-kiosk-", dir=work))
        runtime = home / "run"
        runtime.mkdir(mode=0o700)
        for path in (home, runtime):
            os.chown(path, user.pw_uid, user.pw_gid)
        home.chmod(0o700)
        env = [
            "PATH=/usr/bin:/bin", f"HOME={home}", f"XDG_RUNTIME_DIR={runtime}",
            "WLR_BACKENDS=headless", "WLR_LIBINPUT_NO_DEVICES=1", "WLR_RENDERER=pixman",
            "QT_QPA_PLATFORM=wayland", "LANG=C.UTF-8",
        ]  # fmt: skip
        inner = f'{POSAPP} --profile "$HOME/profile" --self-test > "$HOME/out" 2>&1; echo $? > "$HOME/status"'  # fmt: skip
        cage = subprocess.run(
            ["runuser", "-u", KIOSK_USER, "--", "env", "-i", *env, "cage", "-s", "--", "sh", "-c", inner],
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        out = (home / "out").read_text() if (home / "out").exists() else ""
        status = (home / "status").read_text().strip() if (home / "status").exists() else "none"
        if status != "0" or "platform wayland" not in out:
            raise SystemExit(
                f"wayland self-test {attempt + 1} failed (posapp exit {status}):\n{out}\n"
                f"cage: {cage.returncode}\n{cage.stderr[-2000:]}"
            )
        results.append(out)
    return results


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def start_old_posapp() -> tuple[subprocess.Popen[str], str]:
    """A long-running posapp (the sandbox endpoint) of the installed version."""
    process = subprocess.Popen(
        [POSAPP, "sandbox", "--port", "0"], stdout=subprocess.PIPE, text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    if process.stdout is None:
        raise SystemExit("no output from posapp sandbox")
    line = process.stdout.readline()
    if not line.startswith("sandbox endpoint: "):
        process.kill()
        raise SystemExit(f"the old posapp did not start: {line!r}")
    return process, line.split()[-1]


def send_through(url: str, work: Path) -> str:
    """The new posapp sends an order to the old one's endpoint."""
    profile = str(work / "profile-send")
    for key, value in [
        ("site", "demo"), ("endpoint", url), ("till_id", "check-01"),
        ("store.store", "Check Street"), ("store.storePostcode", "W1B 4HX"),
    ]:  # fmt: skip
        posapp("--profile", profile, "config", "set", key, value)
    order = work / "order.json"
    order.write_text(json.dumps(ORDER))
    env = {**os.environ, "POSAPP_SITE_TOKEN": "demo-token"}
    return posapp("--profile", profile, "send", str(order), env=env)


def check(
    first: Path, first_version: str, next_build: Callable[[], tuple[Path, str]], work: Path
) -> dict[str, float]:
    """Install ``first`` from the repository, check it, then upgrade to the .deb that
    ``next_build`` gives (when it is built) under a running posapp of ``first``. Returns how
    long each part took."""
    took: dict[str, float] = {}
    apt = Apt(work, repo.default_home())
    with cleaned_up():
        begun = time.perf_counter()
        apt.publish([first])
        apt("install", "posapp")
        took["apt install from the repository"] = time.perf_counter() - begun
        said = posapp("--version").strip()
        expect(said == f"posapp {first_version}", f"installed, posapp --version says {said!r}")
        current = os.readlink("/opt/posapp/current")
        expect(current == first_version, f"/opt/posapp/current -> {current}")
        home = pwd.getpwnam(KIOSK_USER).pw_dir
        expect(home == str(KIOSK_HOME), f"the kiosk user's home is {home}")

        begun = time.perf_counter()
        offscreen = self_test_offscreen(work, 3)
        took["self-test offscreen x3"] = time.perf_counter() - begun
        begun = time.perf_counter()
        self_test_xcb(work)
        took["self-test xcb (Xvfb)"] = time.perf_counter() - begun
        begun = time.perf_counter()
        wayland = self_test_wayland(work, 3)
        took["self-test wayland (cage) x3"] = time.perf_counter() - begun
        print(wayland[-1], end="")
        print(
            f"installed bundle: whole --self-test process, best of 3: {min(offscreen) * 1000:.0f} ms"
        )

        old, url = start_old_posapp()
        try:
            second, second_version = next_build()
            old_dir = Path("/opt/posapp") / first_version
            exe = os.readlink(f"/proc/{old.pid}/exe")
            expect(exe == str(old_dir / "posapp"), exe)
            before = sha256(old_dir / "posapp")
            begun = time.perf_counter()
            apt.publish([first, second])
            upgrade = apt("upgrade")
            took["apt upgrade under a running posapp"] = time.perf_counter() - begun
            expect(f"now points at {second_version} (was {first_version})" in upgrade, upgrade)
            current = os.readlink("/opt/posapp/current")
            expect(
                current == second_version, f"after the upgrade, /opt/posapp/current -> {current}"
            )
            said = posapp("--version").strip()
            expect(said == f"posapp {second_version}", f"upgraded, posapp --version says {said!r}")
            expect(old.poll() is None, "the old posapp stopped during the upgrade")
            now = os.readlink(f"/proc/{old.pid}/exe")
            expect(now == exe, f"the old posapp now runs {now}")  # not "... (deleted)"
            expect(sha256(old_dir / "posapp") == before, "the old version's files changed")
            sent = send_through(url, work)
            expect(sent.startswith("sent "), sent)
            self_test_offscreen(work, 1)
            self_test_wayland(work, 1)
            old.send_signal(signal.SIGTERM)  # not SIGINT: a background job ignores it
            expect(old.wait(timeout=60) == 0, "the old posapp did not stop cleanly")
            print(f"upgrade {first_version} -> {second_version} under a running posapp: it kept "
                  f"working ({sent.split()[0]} {sent.split()[1]} through it), the new one starts")  # fmt: skip
        finally:
            if old.poll() is None:
                old.kill()
            old.wait()
    return took
