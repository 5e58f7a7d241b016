"""Build posapp's installers, and check them. Run with the project's virtual environment:

    python packaging/build.py bundle   # the PyInstaller one-folder bundle: build/dist/posapp
    python packaging/build.py deb      # the bundle, then build/posapp_<version>_<arch>.deb
    python packaging/build.py nsis     # compile the Windows installer script against a stand-in
    python packaging/build.py check    # all of it, install the .deb into a throw-away root, run
                                       # posapp --self-test from there, report size and start time

The .deb puts the bundle in /opt/posapp and never touches user data: the outbox lives in each
user's data directory, so an upgrade keeps every queued order and a removal leaves them.
"""

from __future__ import annotations

import gzip
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "build"
BUNDLE = BUILD / "dist" / "posapp"
sys.path.insert(0, str(ROOT))

from posapp import __version__  # noqa: E402

# The system libraries Qt's xcb, wayland and offscreen platforms load, beside the bundle.
DEPENDS = [
    "libc6 (>= 2.34)", "libegl1", "libgl1", "libx11-6", "libx11-xcb1", "libxkbcommon0",
    "libxkbcommon-x11-0", "libfontconfig1", "libfreetype6", "libdbus-1-3", "libglib2.0-0",
    "libxcb-cursor0", "libxcb-icccm4", "libxcb-image0", "libxcb-keysyms1", "libxcb-randr0",
    "libxcb-render-util0", "libxcb-shape0", "libxcb-xinerama0", "libxcb-xkb1", "libwayland-client0",
    "libwayland-cursor0", "libwayland-egl1", "fonts-dejavu-core",
]  # fmt: skip
RECOMMENDS = ["gnome-keyring", "cage"]

POSTRM = """#!/bin/sh
set -e
if [ "$1" = "remove" ] || [ "$1" = "purge" ]; then
    echo "posapp: removed. Queued orders, settings and logs were left in each user's"
    echo "posapp: ~/.local/share/posapp, ~/.config/posapp and ~/.local/state/posapp:"
    echo "posapp: install posapp again and the queued orders are sent."
fi
exit 0
"""

COPYRIGHT = """Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: posapp
Source: posapp

Files: *
Copyright: 2026 posapp developers
License: LicenseRef-Proprietary
 All rights reserved. The bundle also contains Python, Qt (LGPL-3) via PySide6 (LGPL-3),
 httpx (BSD-3-Clause), keyring (MIT) and platformdirs (MIT), under their own licenses.
"""

# What lintian says of any PyInstaller bundle in /opt, and why each is right here.
LINTIAN_OVERRIDES = """# the bundle lives in /opt/posapp, as installers for kiosks do; /usr/bin/posapp points at it
posapp: dir-or-file-in-opt *
# a PyInstaller bundle carries its own Python, Qt and libraries, by design
posapp: embedded-library *
posapp: hardening-no-pie [opt/posapp/posapp]
# strings inside the bundled libblkid and libmount, which posapp never runs
posapp: missing-depends-on-sensible-utils *
# two of Qt's and Python's own small helper libraries, as their upstreams build them
posapp: library-not-linked-against-libc *
"""


def run(*args: str | Path, **kwargs: object) -> subprocess.CompletedProcess[str]:
    print("+", " ".join(str(a) for a in args), flush=True)
    return subprocess.run([str(a) for a in args], check=True, text=True, **kwargs)  # type: ignore[call-overload, no-any-return]


def bundle() -> Path:
    run(
        sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "ERROR",
        "--distpath", BUILD / "dist", "--workpath", BUILD / "work", ROOT / "packaging" / "posapp.spec",
    )  # fmt: skip
    return BUNDLE


def size_of(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def deb() -> Path:
    if not (BUNDLE / "posapp").exists():
        bundle()
    arch = {"x86_64": "amd64", "aarch64": "arm64"}.get(platform.machine(), platform.machine())
    stage = BUILD / "deb-root"
    shutil.rmtree(stage, ignore_errors=True)
    shutil.copytree(BUNDLE, stage / "opt" / "posapp", symlinks=True)
    (stage / "usr" / "bin").mkdir(parents=True)
    (stage / "usr" / "bin" / "posapp").symlink_to("/opt/posapp/posapp")
    linux = ROOT / "packaging" / "linux"
    _install(linux / "posapp.desktop", stage / "usr/share/applications/posapp.desktop", 0o644)
    _install(
        ROOT / "resources" / "posapp.svg",
        stage / "usr/share/icons/hicolor/scalable/apps/posapp.svg",
        0o644,
    )
    _install(linux / "posapp-kiosk-session", stage / "usr/lib/posapp/posapp-kiosk-session", 0o755)
    _install(
        linux / "posapp-kiosk.service", stage / "usr/lib/systemd/system/posapp-kiosk.service", 0o644
    )
    doc = stage / "usr/share/doc/posapp"
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(COPYRIGHT)
    _install(ROOT / "packaging" / "README.md", doc / "README.packaging.md", 0o644)
    changelog = f"posapp ({__version__}) stable; urgency=medium\n\n  * Release {__version__}.\n\n"
    changelog += " -- posapp developers <posapp@example.com>  Fri, 27 Nov 2026 12:00:00 +0000\n"
    (doc / "changelog.gz").write_bytes(gzip.compress(changelog.encode(), mtime=0))
    overrides = stage / "usr/share/lintian/overrides/posapp"
    overrides.parent.mkdir(parents=True)
    overrides.write_text(LINTIAN_OVERRIDES)
    control = stage / "DEBIAN"
    control.mkdir()
    installed_kib = size_of(stage) // 1024
    (control / "control").write_text(
        f"Package: posapp\nVersion: {__version__}\nArchitecture: {arch}\n"
        "Maintainer: posapp developers <posapp@example.com>\n"
        f"Installed-Size: {installed_kib}\nDepends: {', '.join(DEPENDS)}\n"
        f"Recommends: {', '.join(RECOMMENDS)}\nSection: misc\nPriority: optional\n"
        "Homepage: https://example.com/posapp\n"
        "Description: till companion that sends store orders to a tracking endpoint\n"
        " posapp runs beside a store's till: the cashier scans the customer and\n"
        " the items, and each finished order goes to the Optimizely (Episerver)\n"
        " offline order tracking endpoint, or waits in a durable local queue\n"
        " until the endpoint can be reached.\n"
    )
    postrm = control / "postrm"
    postrm.write_text(POSTRM)
    postrm.chmod(0o755)
    _drop_build_machine_rpaths(stage / "opt" / "posapp")
    for path in stage.rglob("*"):
        if path.is_dir():
            path.chmod(0o755)
        elif path.is_file() and not path.is_symlink() and ".so" in path.name:
            path.chmod(0o644)  # libraries are loaded, not run
    package = BUILD / f"posapp_{__version__}_{arch}.deb"
    run("dpkg-deb", "--root-owner-group", "-Zgzip", "-z9", "--build", stage, package)
    return package


def _drop_build_machine_rpaths(tree: Path) -> None:
    """The build machine's Python leaves RUNPATHs such as /root/.pyenv/... in its libraries;
    the bundle finds its libraries by itself, so they go (patchelf, Debian package patchelf)."""
    prefix = str(Path(sys.base_prefix))
    for path in tree.rglob("*.so*"):
        if path.is_symlink() or not path.is_file():
            continue
        found = subprocess.run(
            ["patchelf", "--print-rpath", str(path)], capture_output=True, text=True, check=False
        )
        if found.returncode == 0 and prefix in found.stdout:
            subprocess.run(["patchelf", "--remove-rpath", str(path)], check=True)


def _install(source: Path, target: Path, mode: int) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    target.chmod(mode)


def nsis() -> Path:
    """Compile the installer script against a stand-in of the bundle's layout (a check of the
    script: the real Windows bundle is built on Windows)."""
    stand_in = BUILD / "nsis-stand-in" / "posapp"
    shutil.rmtree(stand_in.parent, ignore_errors=True)
    (stand_in / "_internal" / "resources" / "demo").mkdir(parents=True)
    (stand_in / "posapp.exe").write_bytes(b"MZ stand-in")
    (stand_in / "_internal" / "python311.dll").write_bytes(b"stand-in")
    (stand_in / "_internal" / "resources" / "demo" / "catalog.csv").write_text(
        "refCode,name,price\n"
    )
    out = BUILD / f"posapp-{__version__}-setup.exe"
    script = ROOT / "packaging" / "windows" / "posapp.nsi"
    run(
        "makensis",
        "-V2",
        f"-DBUNDLE={stand_in}",
        f"-DVERSION={__version__}",
        f"-DOUTFILE={out}",
        script,
    )
    return out


def check() -> None:
    started = time.perf_counter()
    bundle()
    package = deb()
    lintian = subprocess.run(
        ["lintian", "--fail-on", "error", "--suppress-tags", "bad-distribution-in-changes-file", str(package)],
        text=True, capture_output=True, check=False,
    )  # fmt: skip
    print(lintian.stdout + lintian.stderr, end="")
    if lintian.returncode != 0:
        sys.exit("lintian reports errors")
    installer = nsis()
    with tempfile.TemporaryDirectory() as directory:
        target = Path(directory) / "root"
        (target / "var/lib/dpkg/updates").mkdir(parents=True)
        (target / "var/lib/dpkg/info").mkdir(parents=True)
        (target / "var/lib/dpkg/status").touch()
        run(
            "dpkg", f"--root={target}", "--force-depends", "--force-not-root",
            "--force-script-chrootless", "--log=/dev/null", "--install", package,
        )  # fmt: skip
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": directory}
        env.pop("POSAPP_HOME", None)
        profile = Path(directory) / "profile"
        command = [str(target / "opt/posapp/posapp"), "--profile", str(profile), "--self-test"]
        runs = []
        for _ in range(3):
            begun = time.perf_counter()
            result = subprocess.run(command, env=env, text=True, capture_output=True, check=False)
            runs.append(time.perf_counter() - begun)
            if result.returncode != 0:
                sys.exit(
                    f"self-test from the installed package failed:\n{result.stdout}{result.stderr}"
                )
        print(result.stdout, end="")
        link = target / "usr/bin/posapp"
        assert os.readlink(link) == "/opt/posapp/posapp", "the /usr/bin/posapp link is wrong"
        source = []
        for _ in range(3):  # the same check from the source tree, in the same run
            begun = time.perf_counter()
            run(
                sys.executable,
                ROOT / "main.py",
                "--profile",
                profile,
                "--self-test",
                env=env,
                capture_output=True,
            )
            source.append(time.perf_counter() - begun)
    print(
        f"bundle: {size_of(BUNDLE) / 2**20:.0f} MiB on disk; package: {package.stat().st_size / 2**20:.0f} MiB"
    )
    print(
        f"cold start to the end of --self-test, best of 3: installed bundle {min(runs) * 1000:.0f} ms, "
        f"python main.py {min(source) * 1000:.0f} ms"
    )
    print(f"windows installer script compiled: {installer.name}")
    print(f"packaging check ok in {time.perf_counter() - started:.0f} s")


def main() -> None:
    commands = {"bundle": bundle, "deb": deb, "nsis": nsis, "check": check}
    if len(sys.argv) != 2 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    commands[sys.argv[1]]()


if __name__ == "__main__":
    main()
