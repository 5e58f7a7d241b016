"""``pip install .`` (and pipx, which installs the same wheel) gives a posapp whose demo works:
the demo's sample lists ship inside the package. The wheel goes into a fresh virtual
environment; its dependencies come from the project's own environment (no network)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import venv
import zipfile
from pathlib import Path

import pytest

from posapp.i18n import TRANSLATIONS

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_the_wheel_carries_its_data_and_runs_the_demo_self_test(tmp_path: Path) -> None:
    # from a clean copy: setuptools' build/ directory in the checkout could hold stale files
    source = tmp_path / "source"
    skip = {".venv", "build", ".git", "__pycache__", ".mypy_cache", ".ruff_cache", ".hypothesis"}
    shutil.copytree(ROOT, source, ignore=lambda _, names: [n for n in names if n in skip])
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
         "--wheel-dir", str(wheels), str(source)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    (wheel,) = wheels.glob("posapp-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert {"posapp/data/demo/catalog.csv", "posapp/data/demo/customers.csv"} <= names
    assert "posapp/data/posapp.svg" in names
    # the translations' sources; their .qm too when built before (else built on first use)
    assert {f"posapp/i18n/posapp_{lang}.ts" for lang in TRANSLATIONS} <= names

    fresh = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(fresh)
    python = fresh / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps", str(wheel)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # the dependencies (PySide6, httpx, keyring, platformdirs) from this environment, after the
    # fresh one's own site-packages: posapp itself comes from the wheel
    (Path(site) / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}
    env.pop("POSAPP_HOME", None)
    where = subprocess.run(
        [str(python), "-c", "import posapp; print(posapp.__file__, posapp.__version__)"],
        check=True,
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    ).stdout.split()
    assert where[0].startswith(str(fresh))
    with (ROOT / "pyproject.toml").open("rb") as file:
        assert where[1] == tomllib.load(file)["project"]["version"]
    result = subprocess.run(
        [str(fresh / "bin" / "posapp"), "--demo", "--self-test"],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "catalog 10 products" in result.stdout
    assert "self-test ok in " in result.stdout
