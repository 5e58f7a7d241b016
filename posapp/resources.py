"""Where posapp's data files are (``posapp/data``: the demo's sample lists and the icon).

They ship inside the package as package data, so the same path works in a checkout, an
installed wheel (pip or pipx) and the PyInstaller bundle (which keeps ``posapp/data`` beside
its frozen ``posapp`` modules).
"""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


def resource_path(*parts: str) -> Path:
    return DATA.joinpath(*parts)
