"""The Debian package: the bundle, the kiosk unit and user, icons, man page, AppStream metainfo,
and maintainer scripts that install each version side by side (see linux/postinst).

Layout on a till:
    /usr/lib/posapp/bundle/     the bundle as dpkg unpacked it (never run from here)
    /opt/posapp/<version>/      hard links to it, made by postinst; a running posapp keeps these
    /opt/posapp/current         -> <version>, switched by postinst at the very end
    /usr/bin/posapp             -> /opt/posapp/current/posapp
"""

from __future__ import annotations

import gzip
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import manpage
from common import ROOT, run, size_of

LINUX = ROOT / "packaging" / "linux"
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256)
# What no ELF file names, so dpkg-shlibdeps cannot find it: a font for Qt to draw with, and
# the system's certificate store (certificates = "system", the default, trusts /etc/ssl/certs).
EXTRA_DEPENDS = ["fonts-dejavu-core", "ca-certificates"]
# The kiosk (cage needs Xwayland on Debian 12), and a keyring for a desktop till's token.
RECOMMENDS = ["cage", "xwayland", "gnome-keyring"]

COPYRIGHT = """Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: posapp
Source: https://example.com/posapp

Files: *
Copyright: 2026 posapp developers
License: LicenseRef-Proprietary
 All rights reserved. The bundle also contains Python, Qt (LGPL-3) via PySide6 (LGPL-3),
 httpx (BSD-3-Clause), keyring (MIT), platformdirs (MIT) and truststore (MIT), under
 their own licenses.
"""

DESCRIPTION = """Description: till companion that sends store orders to a tracking endpoint
 posapp runs beside a store's till: the cashier scans the customer and
 the items, and each finished order goes to the Optimizely (Episerver)
 offline order tracking endpoint, or waits in a durable local queue
 until the endpoint can be reached.
"""


def arch() -> str:
    machine = platform.machine()
    return {"x86_64": "amd64", "aarch64": "arm64"}.get(machine, machine)


def build(bundle: Path, version: str, out_dir: Path) -> Path:
    work = out_dir / "deb"
    shutil.rmtree(work, ignore_errors=True)
    stage = work / "debian" / "posapp"  # where dpkg-shlibdeps looks for the package's own files
    shutil.copytree(bundle, stage / "usr/lib/posapp/bundle", symlinks=True)
    _drop_build_machine_rpaths(stage / "usr/lib/posapp/bundle")
    (stage / "usr/bin").mkdir(parents=True)
    (stage / "usr/bin/posapp").symlink_to("/opt/posapp/current/posapp")
    date = time.strftime("%Y-%m-%d", time.gmtime(_source_date()))
    share = stage / "usr/share"
    _install(LINUX / "posapp.desktop", share / "applications/posapp.desktop", 0o644)
    metainfo = (LINUX / "com.example.posapp.metainfo.xml").read_text()
    metainfo = metainfo.replace("#VERSION#", version).replace("#DATE#", date)
    _write(share / "metainfo/com.example.posapp.metainfo.xml", metainfo)
    _install(
        ROOT / "posapp/data/posapp.svg", share / "icons/hicolor/scalable/apps/posapp.svg", 0o644
    )
    render_icons(ROOT / "posapp/data/posapp.svg", share / "icons/hicolor")
    _man_page(share / "man/man1/posapp.1.gz", version, date)
    _install(LINUX / "posapp-kiosk-session", stage / "usr/lib/posapp/posapp-kiosk-session", 0o755)
    unit = stage / "usr/lib/systemd/system/posapp-kiosk.service"
    _install(LINUX / "posapp-kiosk.service", unit, 0o644)
    for name in ("posapp-metrics.service", "posapp-metrics.timer"):  # off until IT enables them
        _install(LINUX / name, unit.with_name(name), 0o644)
    _install(LINUX / "posapp.sysusers", stage / "usr/lib/sysusers.d/posapp.conf", 0o644)
    doc = share / "doc/posapp"
    _write(doc / "copyright", COPYRIGHT)
    _install(ROOT / "packaging/README.md", doc / "README.packaging.md", 0o644)
    changelog = f"posapp ({version}) stable; urgency=medium\n\n  * Release {version}.\n\n"
    changelog += f" -- posapp developers <posapp@example.com>  {_rfc2822()}\n"
    (doc / "changelog.gz").write_bytes(gzip.compress(changelog.encode(), mtime=0))
    _write(share / "lintian/overrides/posapp", (ROOT / "packaging/lintian-overrides").read_text())
    control = stage / "DEBIAN"
    control.mkdir()
    for script in ("postinst", "prerm", "postrm"):
        text = (LINUX / script).read_text().replace("#VERSION#", version)
        _write(control / script, text, 0o755)
    depends = shlibdeps(work, stage) + EXTRA_DEPENDS
    _write(
        control / "control",
        f"Package: posapp\nVersion: {version}\nArchitecture: {arch()}\n"
        "Maintainer: posapp developers <posapp@example.com>\n"
        f"Installed-Size: {size_of(stage) // 1024}\nDepends: {', '.join(depends)}\n"
        f"Recommends: {', '.join(RECOMMENDS)}\nSection: misc\nPriority: optional\n"
        f"Homepage: https://example.com/posapp\n{DESCRIPTION}",
    )
    for path in stage.rglob("*"):
        if path.is_dir():
            path.chmod(0o755)
        elif path.is_file() and not path.is_symlink() and ".so" in path.name:
            path.chmod(0o644)  # libraries are loaded, not run
    package = out_dir / f"posapp_{version}_{arch()}.deb"
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(_source_date())}
    # gzip: fast to build and to unpack on a till (xz saves a sixth of the size at four times the
    # build time; zstd is refused by the lintian of Debian 12)
    run("dpkg-deb", "--root-owner-group", "-Zgzip", "-z6", "--build", stage, package, env=env)  # fmt: skip
    return package


def shlibdeps(work: Path, stage: Path) -> list[str]:
    """Depends for the system libraries the bundle's ELF files load, with the versions their
    symbols need (dpkg-shlibdeps). The packages of libraries the bundle ships itself are left
    out (-x): the bundle loads its own copy. glibc is never bundled, so libc6 is always there,
    at the version the newest bundled library needs."""
    (work / "debian/control").write_text("Source: posapp\n\nPackage: posapp\nArchitecture: any\n")
    bundle = stage / "usr/lib/posapp/bundle"
    elves = [p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink() and _is_elf(p)]
    dirs = sorted({f"-l{p.parent.relative_to(work)}" for p in elves if ".so" in p.name})
    shipped = {p.name for p in elves if p.name.startswith("lib") and ".so" in p.name}
    exclude = sorted(f"-x{pkg}" for pkg in packages_of(shipped) - {"libc6"})
    halves = [elves[0::2], elves[1::2]]  # two dpkg-shlibdeps at once: it is slow, and serial
    jobs = [
        subprocess.Popen(
            [
                "dpkg-shlibdeps",
                "-O",
                "--ignore-missing-info",
                "--warnings=0",
                *dirs,
                *exclude,
                *(f"-e{p.relative_to(work)}" for p in half),
            ],
            cwd=work,
            stdout=subprocess.PIPE,
            text=True,
        )
        for half in halves
    ]
    merged: dict[str, str] = {}
    for job in jobs:
        out, _ = job.communicate()
        if job.returncode != 0:
            raise subprocess.CalledProcessError(job.returncode, "dpkg-shlibdeps")
        found = re.search(r"^shlibs:Depends=(.*)$", out, re.MULTILINE)
        for item in found.group(1).split(",") if found else []:
            name, _, version = item.strip().partition(" ")
            merged[name] = _stricter(merged.get(name, ""), version)
    return [f"{name} {version}".strip() for name, version in sorted(merged.items())]


def _stricter(one: str, other: str) -> str:
    """Of two ``(>= V)`` constraints (or none), the one that asks more."""
    if not one or not other:
        return one or other
    a, b = (c.removeprefix("(>= ").removesuffix(")") for c in (one, other))
    newer = subprocess.run(["dpkg", "--compare-versions", a, "gt", b], check=False).returncode == 0
    return one if newer else other


def packages_of(sonames: set[str]) -> set[str]:
    """The installed Debian packages that ship these library files (from dpkg's file lists)."""
    found = set()
    for listing in Path("/var/lib/dpkg/info").glob("*.list"):
        for line in listing.read_text(errors="replace").splitlines():
            if "/lib/" in line and line.rpartition("/")[2] in sonames:
                found.add(listing.stem.partition(":")[0])
                break
    return found


def _is_elf(path: Path) -> bool:
    with path.open("rb") as file:
        return file.read(4) == b"\x7fELF"


def render_icons(svg: Path, hicolor: Path) -> None:
    """PNG icons at the usual hicolor sizes, drawn from the SVG by Qt's own SVG renderer."""
    script = (
        "import sys\n"
        "from PySide6.QtCore import Qt\n"
        "from PySide6.QtGui import QGuiApplication, QImage, QPainter\n"
        "from PySide6.QtSvg import QSvgRenderer\n"
        "app = QGuiApplication(['icons'])\n"
        "renderer = QSvgRenderer(sys.argv[1])\n"
        "for size in map(int, sys.argv[3:]):\n"
        "    image = QImage(size, size, QImage.Format.Format_ARGB32)\n"
        "    image.fill(Qt.GlobalColor.transparent)\n"
        "    painter = QPainter(image); renderer.render(painter); painter.end()\n"
        "    assert image.save(f'{sys.argv[2]}/{size}x{size}/apps/posapp.png')\n"
    )
    for size in ICON_SIZES:
        (hicolor / f"{size}x{size}/apps").mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    sizes = [str(s) for s in ICON_SIZES]
    subprocess.run(
        [sys.executable, "-c", script, str(svg), str(hicolor), *sizes], env=env, check=True
    )
    for png in hicolor.rglob("*.png"):
        png.chmod(0o644)


def _man_page(target: Path, version: str, date: str) -> None:
    from posapp.cli import build_parser

    target.parent.mkdir(parents=True, exist_ok=True)
    text = manpage.render(build_parser(), version, date)
    target.write_bytes(gzip.compress(text.encode(), compresslevel=9, mtime=0))
    target.chmod(0o644)


def _source_date() -> int:
    return int(os.environ.get("SOURCE_DATE_EPOCH", time.time()))


def _rfc2822() -> str:
    return time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime(_source_date()))


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


def _write(target: Path, text: str, mode: int = 0o644) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text)
    target.chmod(mode)


def _install(source: Path, target: Path, mode: int) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    target.chmod(mode)
