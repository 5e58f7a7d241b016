"""What every packaging step shares: the checkout, the version in pyproject.toml, a logged run."""

from __future__ import annotations

import subprocess
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "build"


def project_version(root: Path = ROOT) -> str:
    """The one version: pyproject.toml's, read afresh for every build."""
    with (root / "pyproject.toml").open("rb") as file:
        return str(tomllib.load(file)["project"]["version"])


def run(*args: str | Path, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    print("+", " ".join(str(a) for a in args), flush=True)
    check = kwargs.pop("check", True)
    return subprocess.run([str(a) for a in args], check=check, text=True, **kwargs)


def size_of(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def expect(condition: object, message: object) -> None:
    """A check of the packaging check: stops it with the message (asserts vanish under -O)."""
    if not condition:
        raise SystemExit(f"packaging check failed: {message}")
