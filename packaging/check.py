"""``python packaging/build.py check``: build everything and check it as an IT person meets it.

1. A fresh bundle and .deb of the version in pyproject.toml; at the same time, in a copy of the
   checkout with that version bumped, the same build (the next version, and proof that every
   build carries its own version: ``--version``, the bundle and the .deb agree).
2. The .deb's contents: lintian (no errors; each override explained in the README), AppStream
   metainfo (appstreamcli validate), the man page, the icons, the kiosk unit's exposure
   (systemd-analyze security --offline=true, at most 5.0).
3. The Windows installer script compiles (against a stand-in bundle and its generated file
   list), and passes the script-level checks of packaging/windows/nsis_checks.py.
4. As root on a machine without posapp: apt installs it from a signed repository, self-tests on
   offscreen, xcb and wayland (cage, the kiosk user), and the upgrade to the next version under
   a running posapp (packaging/installed.py). Everything it installed is removed after.
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from posapp.i18n import TRANSLATIONS

import build
import deb as debian
import installed
from common import ROOT, expect, project_version, run, size_of

# the translations a package carries: posapp's, and Qt's own (Bokmål uses Qt's Nynorsk)
QT_QM = {f"qtbase_{lang}.qm" for lang in ("de", "fr", "nl", "sv", "da", "nn", "fi", "es")}

MAX_EXPOSURE = 5.0
SKIP = {".venv", "build", ".git", ".mypy_cache", ".ruff_cache", ".pytest_cache", ".hypothesis"}


def bumped(version: str) -> str:
    major, minor, *_ = (int(part) for part in re.findall(r"\d+", version))
    return f"{major}.{minor + 1}.0"


def start_bumped_build(work: Path) -> tuple[subprocess.Popen[bytes], Path, str]:
    """The same build, in a copy of the checkout whose pyproject.toml has the next version."""
    copy = work / "checkout"
    shutil.copytree(ROOT, copy, ignore=lambda d, names: [n for n in names if n in SKIP or n == "__pycache__"])  # fmt: skip
    version = bumped(project_version())
    pyproject = copy / "pyproject.toml"
    text = pyproject.read_text()
    pyproject.write_text(text.replace(f'version = "{project_version()}"', f'version = "{version}"', 1))  # fmt: skip
    expect(project_version(copy) == version, f"the copy's pyproject.toml does not say {version}")
    log = (work / "bumped-build.log").open("wb")
    # its own PyInstaller cache: two builds at once never write the same cache file
    env = {
        **os.environ,
        "PYTHONPATH": str(copy),
        "PYINSTALLER_CONFIG_DIR": str(work / "pyinstaller"),
    }
    job = subprocess.Popen(
        [sys.executable, str(copy / "packaging/build.py"), "deb"], cwd=copy, env=env,
        stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    return job, copy / "build" / f"posapp_{version}_{debian.arch()}.deb", version


def unpack(package: Path, target: Path) -> Path:
    shutil.rmtree(target, ignore_errors=True)
    run("dpkg-deb", "-x", package, target)
    return target


def check_version(package: Path, version: str, tree: Path) -> None:
    """The .deb, its bundle, its metainfo and its man page all say ``version``."""
    field = run("dpkg-deb", "-f", package, "Version", capture_output=True).stdout.strip()
    expect(field == version, f"{package.name}: Version {field}, pyproject.toml says {version}")
    said = subprocess.run(
        [str(tree / "usr/lib/posapp/bundle/posapp"), "--version"], capture_output=True, text=True,
        check=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    ).stdout.strip()  # fmt: skip
    expect(said == f"posapp {version}", f"the bundle says {said!r}, pyproject.toml {version}")
    metainfo = (tree / "usr/share/metainfo/com.example.posapp.metainfo.xml").read_text()
    expect(f'<release version="{version}"' in metainfo, f"the metainfo's release is not {version}")
    man = gzip.decompress((tree / "usr/share/man/man1/posapp.1.gz").read_bytes()).decode()
    expect(f'"posapp {version}"' in man.partition("\n")[0], f"the man page is not of {version}")
    print(f"{package.name}: the .deb, posapp --version, metainfo and man page say {version}")


def check_contents(package: Path, tree: Path) -> None:
    run("appstreamcli", "validate", "--no-net", "--pedantic", tree / "usr/share/metainfo/com.example.posapp.metainfo.xml")  # fmt: skip
    man = subprocess.run(
        ["man", "--warnings", "-l", str(tree / "usr/share/man/man1/posapp.1.gz")],
        capture_output=True, text=True, check=True, env={**os.environ, "MANWIDTH": "80", "LC_ALL": "C.UTF-8"},
    )  # fmt: skip
    expect("posapp credentials check" in man.stdout, "the man page has no commands")
    expect(not man.stderr.strip(), man.stderr)
    for size in debian.ICON_SIZES:
        png = (tree / f"usr/share/icons/hicolor/{size}x{size}/apps/posapp.png").read_bytes()
        expect(png.startswith(b"\x89PNG\r\n\x1a\n"), f"the {size}px icon is no PNG")
        expect(struct.unpack(">II", png[16:24]) == (size, size), f"the {size}px icon's size")
    unit = tree / "usr/lib/systemd/system/posapp-kiosk.service"
    security = subprocess.run(
        ["systemd-analyze", "security", "--offline=true", "--no-pager", str(unit)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    found = re.search(r"Overall exposure level for posapp-kiosk.service: ([\d.]+)", security.stdout)
    expect(found, security.stdout + security.stderr)
    expect(float(found.group(1)) <= MAX_EXPOSURE, security.stdout)
    print(f"kiosk unit: exposure {found.group(1)} (systemd-analyze security --offline=true)")
    control = run("dpkg-deb", "-f", package, "Depends", "Recommends", capture_output=True).stdout
    expect("libc6 (>= " in control, control)
    expect("xwayland" in control, control)
    shipped = sorted(path.name for path in tree.rglob("*.qm"))
    expect(
        shipped == sorted(QT_QM | {f"posapp_{lang}.qm" for lang in TRANSLATIONS}),
        f"the translations in the package: {shipped}",
    )
    expect(not list(tree.rglob("libgtk-3*")), "GTK is in the package")


def check_user_creation(tree: Path, work: Path) -> None:
    """The package's sysusers file makes the kiosk user on a minimal system: an /etc with root
    and video only (a minimal Debian 12 has no input or render group) gets them all."""
    root = work / "minimal-root"
    (root / "etc").mkdir(parents=True)
    (root / "etc/passwd").write_text("root:x:0:0:root:/root:/bin/bash\n")
    (root / "etc/group").write_text("root:x:0:\nvideo:x:44:\n")
    for name in ("shadow", "gshadow"):
        (root / "etc" / name).write_text("")
    conf = tree / "usr/lib/sysusers.d/posapp.conf"
    run("systemd-sysusers", f"--root={root}", conf, capture_output=True)
    passwd = (root / "etc/passwd").read_text()
    groups = (root / "etc/group").read_text()
    expect("posapp-kiosk:x:" in passwd and ":/var/lib/posapp-kiosk:" in passwd, passwd)
    for group in ("video", "input", "render"):
        line = next((g for g in groups.splitlines() if g.startswith(f"{group}:")), "")
        expect(line.endswith("posapp-kiosk"), f"posapp-kiosk is not in {group}: {groups}")
    print("kiosk user: made with its groups on a minimal /etc (systemd-sysusers)")


def check_installer_script(installer: Path) -> None:
    """The script-level checks of the installer build.nsis() just compiled (its files.nsh)."""
    sys.path.insert(0, str(build.WINDOWS_DIR))
    import nsis_checks

    from posapp.ui.single_instance import MUTEX_NAME

    files = build.files_nsh_of(installer).read_text(encoding="utf-8-sig")
    script = (build.WINDOWS_DIR / "posapp.nsi").read_text()
    found = nsis_checks.problems(script, files, MUTEX_NAME)
    expect(not found, "the Windows installer script: " + "; ".join(found))


def main() -> None:
    started = time.perf_counter()
    took: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="posapp-check-") as directory:
        work = Path(directory)
        os.chmod(work, 0o755)  # noqa: S103 - the kiosk user's self-test runs in here
        job, second, second_version = start_bumped_build(work)
        version = project_version()
        begun = time.perf_counter()
        package = build.deb()
        took["bundle and .deb (the bumped build runs at the same time)"] = (
            time.perf_counter() - begun
        )
        tree = unpack(package, work / "unpacked")
        check_version(package, version, tree)
        lintian = subprocess.Popen(
            ["lintian", "--fail-on", "error,warning", "--info", str(package)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        begun = time.perf_counter()
        check_contents(package, tree)
        check_user_creation(tree, work)
        installer = build.nsis()
        check_installer_script(installer)
        took["appstream, man page, icons, unit, user, nsis"] = time.perf_counter() - begun

        def next_build() -> tuple[Path, str]:
            begun = time.perf_counter()
            if job.wait() != 0:
                log = (work / "bumped-build.log").read_text()[-4000:]
                sys.exit(f"the build with the bumped version failed:\n{log}")
            took["waiting for the bumped build"] = time.perf_counter() - begun
            check_version(second, second_version, unpack(second, work / "unpacked-next"))
            return second, second_version

        reason = installed.why_not()
        if reason is None:
            took |= installed.check(package, version, next_build, work)
            print("installed checks ok: apt install, self-tests, apt upgrade")
        else:
            next_build()
            print(f"installed checks SKIPPED: {reason}")
        begun = time.perf_counter()
        report, _ = lintian.communicate()
        took["lintian (after the rest, at the same time)"] = time.perf_counter() - begun
        print(report, end="")
        if lintian.returncode != 0:
            sys.exit(
                "lintian reports errors or warnings not overridden (packaging/lintian-overrides)"
            )
    print(f"bundle: {size_of(build.BUNDLE) / 2**20:.0f} MiB on disk; package: {package.stat().st_size / 2**20:.0f} MiB")  # fmt: skip
    print(f"windows installer script compiled: {installer.name}")
    for part, seconds in took.items():
        print(f"  {part}: {seconds:.0f} s")
    print(f"packaging check ok in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
