"""The packaging check, as the IT person's installer would meet it (packaging/build.py check):
a fresh bundle and .deb of pyproject.toml's version and, at the same time, of a copy with the
version bumped; lintian, AppStream, man page, icons and the kiosk unit's exposure; the Windows
installer script compiles; and, as root, apt installs it from a signed repository, self-tests
on offscreen, xcb and wayland (cage, as the kiosk user), and upgrades it under a running posapp.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ("dpkg-deb", "dpkg-shlibdeps", "lintian", "makensis", "patchelf", "appstreamcli", "readelf")


def version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as file:
        return str(tomllib.load(file)["project"]["version"])


@pytest.mark.slow
def test_bundle_deb_repository_install_and_upgrade() -> None:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"{', '.join(missing)} missing: dev.py check installs them")
        pytest.skip(f"needs {', '.join(missing)}")
    result = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "build.py"), "check"],
        capture_output=True, text=True, timeout=1200, check=False, cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    assert "\nE: " not in output and "\nW: " not in output  # lintian
    mine, nxt = version(), "the bumped version"
    assert f"the .deb, posapp --version, metainfo and man page say {mine}" in result.stdout
    assert result.stdout.count("the .deb, posapp --version, metainfo and man page say") == 2, nxt
    assert (ROOT / "build" / f"posapp-{mine}-setup.exe").stat().st_size > 0
    if os.geteuid() == 0:
        assert "installed checks ok" in result.stdout, output[-6000:]
        assert "platform wayland" in result.stdout
        assert "under a running posapp: it kept working" in result.stdout
    assert "packaging check ok" in result.stdout
