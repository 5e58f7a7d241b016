"""Build posapp's installers, and check them. Run with the project's virtual environment:

    python packaging/build.py bundle   # the PyInstaller one-folder bundle: build/dist/posapp
    python packaging/build.py deb      # a fresh bundle, then build/posapp_<version>_<arch>.deb
    python packaging/build.py repo     # a signed apt repository of build/*.deb: build/apt-repo
           [--gnupghome DIR] [--key KEYID] [DEB ...]
    python packaging/build.py nsis     # compile the Windows installer script against a stand-in
    python packaging/build.py windows  # on Windows: the bundle, its files.nsh, the installer
    python packaging/build.py check    # all of it, and the checks in packaging/check.py

Every build is a fresh build of the version in pyproject.toml: the bundle carries it in
posapp/_version.py, written for the build and removed after it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1]))

from common import BUILD, ROOT, project_version, run

BUNDLE = BUILD / "dist" / "posapp"


def bundle() -> Path:
    version = project_version()
    generated = ROOT / "posapp" / "_version.py"
    generated.write_text(
        f'"""Written by packaging/build.py for one build."""\n\nVERSION = "{version}"\n'
    )
    run(sys.executable, ROOT / "scripts" / "translations.py", "build")  # the .qm it ships
    try:
        shutil.rmtree(BUNDLE, ignore_errors=True)
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        run(
            sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "ERROR",
            "--distpath", BUILD / "dist", "--workpath", BUILD / "work",
            ROOT / "packaging" / "posapp.spec", env=env,
        )  # fmt: skip
    finally:
        generated.unlink()
    return BUNDLE


def deb() -> Path:
    import deb as debian

    return debian.build(bundle(), project_version(), BUILD)


def repo(argv: list[str]) -> Path:
    import repo as apt_repo

    parser = argparse.ArgumentParser(prog="build.py repo")
    parser.add_argument("--gnupghome", type=Path, default=apt_repo.default_home())
    parser.add_argument("--key", help="sign with this key of GNUPGHOME (default: generate one)")
    parser.add_argument("--out", type=Path, default=BUILD / "apt-repo")
    parser.add_argument("debs", nargs="*", type=Path, help="default: build/posapp_*.deb")
    args = parser.parse_args(argv)
    debs = args.debs or sorted(BUILD.glob("posapp_*.deb"))
    if not debs:
        sys.exit("no .deb to publish: run python packaging/build.py deb first")
    return apt_repo.build(debs, args.out, args.gnupghome, args.key)


WINDOWS_DIR = ROOT / "packaging" / "windows"
# What a Windows bundle looks like to the installer script: both executables in the folder,
# the rest under _internal (a file name with a space and a "$" checks the list's quoting).
STAND_IN = (
    "posapp.exe",
    "posapp-cli.exe",
    "_internal/python311.dll",
    "_internal/PySide6/Qt6Core.dll",
    "_internal/posapp/data/demo/catalog.csv",
    "_internal/posapp/data/demo/customers.csv",
    "_internal/odd $name.txt",
)


def stand_in(folder: Path) -> Path:
    """A tiny folder laid out as the Windows bundle is (each file a few bytes)."""
    shutil.rmtree(folder, ignore_errors=True)
    for name in STAND_IN:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"MZ stand-in" if name.endswith(".exe") else b"stand-in")
    return folder


def files_nsh_of(installer: Path) -> Path:
    """Where makensis() writes the file list of ``installer``."""
    return installer.with_name(installer.stem + "-files.nsh")


def makensis(bundle: Path, out: Path, *defines: str) -> Path:
    """The installer for ``bundle``: its files.nsh (next to ``out``), then makensis."""
    sys.path.insert(0, str(WINDOWS_DIR))
    import nsis_files

    files = nsis_files.write_files_nsh(bundle, files_nsh_of(out))
    script = WINDOWS_DIR / "posapp.nsi"
    run("makensis", "-V2", f"-DBUNDLE={bundle}", f"-DFILES={files}", f"-DOUTFILE={out}", *defines, script)  # fmt: skip
    return out


def nsis() -> Path:
    """Compile the installer script against a stand-in of the bundle's layout (a check of the
    script: the real Windows bundle is built on Windows)."""
    version = project_version()
    folder = stand_in(BUILD / "nsis-stand-in" / "posapp")
    return makensis(folder, BUILD / f"posapp-{version}-setup.exe", f"-DVERSION={version}")


def windows() -> Path:
    """On Windows, with NSIS on PATH: a fresh bundle (posapp.exe and posapp-cli.exe) and its
    installer, build/posapp-<version>-setup.exe."""
    if sys.platform != "win32":
        sys.exit(
            "build.py windows runs on Windows (PyInstaller cannot cross-compile): build.py nsis"
        )
    version = project_version()
    return makensis(bundle(), BUILD / f"posapp-{version}-setup.exe", f"-DVERSION={version}")


def main() -> None:
    commands = {"bundle": bundle, "deb": deb, "nsis": nsis, "windows": windows}
    if len(sys.argv) >= 2 and sys.argv[1] == "repo":
        repo(sys.argv[2:])
    elif len(sys.argv) == 2 and sys.argv[1] == "check":
        import check

        check.main()
    elif len(sys.argv) == 2 and sys.argv[1] in commands:
        commands[sys.argv[1]]()
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
