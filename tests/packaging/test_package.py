"""The packaging check, as the IT person's installer would meet it: build the bundle and the
.deb, lintian finds no error, the Windows installer script compiles, the package installs into a
throw-away root and posapp --self-test passes from there (packaging/build.py check)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ("dpkg-deb", "lintian", "makensis", "patchelf")


@pytest.mark.slow
def test_bundle_deb_and_installer_script() -> None:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"{', '.join(missing)} missing: dev.py check installs them")
        pytest.skip(f"needs {', '.join(missing)}")
    result = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "build.py"), "check"],
        capture_output=True, text=True, timeout=900, check=False, cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    assert "self-test ok in " in result.stdout
    assert "packaging check ok" in result.stdout
    assert "\nE: " not in output  # lintian: no errors
    assert (ROOT / "build" / "posapp-0.1.0-setup.exe").stat().st_size > 0
