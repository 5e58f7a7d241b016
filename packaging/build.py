"""Build posapp's installers, and check them. Run with the project's virtual environment:

    python packaging/build.py bundle   # the PyInstaller one-folder bundle: build/dist/posapp
    python packaging/build.py deb      # a fresh bundle, then build/posapp_<version>_<arch>.deb
    python packaging/build.py repo     # a signed apt repository of build/*.deb: build/apt-repo
           [--gnupghome DIR] [--key KEYID] [DEB ...]
    python packaging/build.py nsis     # compile the Windows installer script against a stand-in
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


def nsis() -> Path:
    """Compile the installer script against a stand-in of the bundle's layout (a check of the
    script: the real Windows bundle is built on Windows)."""
    version = project_version()
    stand_in = BUILD / "nsis-stand-in" / "posapp"
    shutil.rmtree(stand_in.parent, ignore_errors=True)
    demo = stand_in / "_internal" / "posapp" / "data" / "demo"
    demo.mkdir(parents=True)
    (stand_in / "posapp.exe").write_bytes(b"MZ stand-in")
    (stand_in / "_internal" / "python311.dll").write_bytes(b"stand-in")
    (demo / "catalog.csv").write_text("refCode,name,price\n")
    out = BUILD / f"posapp-{version}-setup.exe"
    script = ROOT / "packaging" / "windows" / "posapp.nsi"
    run("makensis", "-V2", f"-DBUNDLE={stand_in}", f"-DVERSION={version}", f"-DOUTFILE={out}", script)  # fmt: skip
    return out


def main() -> None:
    commands = {"bundle": bundle, "deb": deb, "nsis": nsis}
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
