"""Developer entry point: the README's two commands, with nothing but Python 3.11 installed.

    python3 dev.py demo    install posapp into .venv and start it on the built-in demo setup
    python3 dev.py check   install everything and run the whole check (ruff, mypy --strict, pytest)

Only the standard library is used here, because this script runs before anything is installed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")

# Debian packages: the shared libraries Qt loads on the offscreen platform (tests and demo),
# and a real Secret Service (gnome-keyring under a D-Bus session) for the keyring tests.
QT_PACKAGES = [
    "libegl1",
    "libgl1",
    "libx11-6",
    "libxkbcommon0",
    "libfontconfig1",
    "libfreetype6",
    "libdbus-1-3",
    "libglib2.0-0",
    "fonts-dejavu-core",
]
# A real Secret Service for the keyring test: gnome-keyring in its own D-Bus session.
KEYRING_PACKAGES = ["gnome-keyring", "dbus"]
# The packaging check (packaging/check.py): build the .deb (readelf, patchelf, dpkg-shlibdeps),
# lint and validate it (lintian, appstreamcli, man, systemd-analyze), compile the Windows
# installer script, publish a signed apt repository (apt-ftparchive, gpg), and run the installed
# package's self-test on xcb (Xvfb) and on wayland under a headless cage (which needs Xwayland).
PACKAGING_PACKAGES = [
    "apt-utils",
    "appstream",
    "binutils",
    "cage",
    "dpkg-dev",
    "gnupg",
    "lintian",
    "man-db",
    "nsis",
    "patchelf",
    "systemd",
    "xvfb",
    "xwayland",
]
# What the .deb depends on (dpkg-shlibdeps computes it; the check installs the package with apt
# from a local repository only, so these come first from the machine's own sources).
PACKAGE_DEPENDS = [
    "fonts-dejavu-core",
    "libc6",
    "libdrm2",
    "libegl1",
    "libgl1",
    "libwayland-client0",
    "libwayland-cursor0",
    "libwayland-egl1",
    "libxcb1",
]
# What Qt's xcb platform plugin loads, to show the window on an X11 desktop.
DESKTOP_PACKAGES = [
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-randr0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-xinerama0",
    "libxcb-xkb1",
    "libxkbcommon-x11-0",
]
# The cashier's test on a real X server: Xvfb, a small window manager, xdotool as the scanner.
REAL_X_PACKAGES = ["xvfb", "matchbox-window-manager", "xdotool"]


def run(*args: str | Path, env: dict[str, str] | None = None) -> None:
    print("+", " ".join(str(a) for a in args), flush=True)
    completed = subprocess.run([str(a) for a in args], cwd=ROOT, env=env, check=False)
    if completed.returncode != 0:
        sys.exit(completed.returncode)


def ensure_venv(extra: str) -> None:
    """Create .venv and install posapp (editable) with ``extra``; skipped when what was last
    installed came from the same pyproject.toml, so ``demo`` starts at once the second time."""
    stamp = VENV / f".installed-{extra or 'app'}"
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if PYTHON.exists() and stamp.exists() and stamp.read_text() == wanted:
        return
    if not PYTHON.exists():
        try:
            venv.EnvBuilder(with_pip=True).create(VENV)
        except Exception as exc:
            shutil.rmtree(VENV, ignore_errors=True)
            sys.exit(
                f"could not create {VENV}: {exc}\n"
                "On Debian or Ubuntu install the venv module first: apt-get install python3-venv"
            )
    run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    target = f".[{extra}]" if extra else "."
    run(PYTHON, "-m", "pip", "install", "--quiet", "-e", target)
    stamp.write_text(wanted)


def build_translations() -> None:
    """posapp/i18n/*.qm from the .ts (pyside6-lrelease): the window's languages."""
    run(PYTHON, ROOT / "scripts" / "translations.py", "build")


def missing_debian_packages(wanted: list[str]) -> list[str]:
    if not shutil.which("dpkg-query"):
        return []
    missing = []
    for name in wanted:
        probe = subprocess.run(
            ["dpkg-query", "-W", "-f=${Status}", name],
            capture_output=True,
            text=True,
            check=False,
        )
        if "install ok installed" not in probe.stdout:
            missing.append(name)
    return missing


def ensure_debian_packages(wanted: list[str]) -> None:
    missing = missing_debian_packages(wanted)
    if not missing:
        return
    if os.geteuid() != 0:
        sys.exit(
            "missing Debian packages, install them first: sudo apt-get install " + " ".join(missing)
        )
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    run("apt-get", "update", "-qq", env=env)
    run("apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing, env=env)


def demo(args: list[str]) -> None:
    ensure_debian_packages(QT_PACKAGES + DESKTOP_PACKAGES)
    ensure_venv("")
    build_translations()
    if not (
        os.environ.get("DISPLAY")
        or os.environ.get("WAYLAND_DISPLAY")
        or os.environ.get("QT_QPA_PLATFORM")
    ):
        sys.exit(
            "no screen here (DISPLAY and WAYLAND_DISPLAY are unset): run the demo on a desktop, "
            "or QT_QPA_PLATFORM=offscreen python3 dev.py demo to run it without one"
        )
    os.execv(str(PYTHON), [str(PYTHON), str(ROOT / "main.py"), "--demo", *args])


def check(args: list[str]) -> None:
    ensure_debian_packages(
        QT_PACKAGES
        + KEYRING_PACKAGES
        + PACKAGING_PACKAGES
        + PACKAGE_DEPENDS
        + DESKTOP_PACKAGES
        + REAL_X_PACKAGES
    )
    ensure_venv("test")
    build_translations()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONDONTWRITEBYTECODE="1")
    sources = ["posapp", "tests", "scripts", "packaging", "main.py", "dev.py"]
    run(PYTHON, "-m", "ruff", "check", *sources, env=env)
    run(PYTHON, "-m", "ruff", "format", "--check", *sources, env=env)
    run(PYTHON, "-m", "mypy", "--strict", "posapp", env=env)
    run(PYTHON, "-m", "pytest", *args, env=env)


def main() -> None:
    commands = {"demo": demo, "check": check}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    main()
