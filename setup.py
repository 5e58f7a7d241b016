"""setuptools' hook for the wheel: it carries posapp/i18n/*.qm, built from the .ts files with
the lrelease of PySide6 when the build environment has PySide6 (a build in the project's own
environment, ``pip wheel --no-build-isolation``). An isolated build has no PySide6: .qm files
already built in the tree (``scripts/translations.py build``) are taken as they are, and a
missing one is built on first use by the installed posapp, with the lrelease its PySide6 ships.
Everything else is in pyproject.toml."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithTranslations(build_py):
    def run(self) -> None:
        super().run()
        try:
            import PySide6
        except ImportError:
            return
        tool = Path(PySide6.__file__).parent / (
            "lrelease.exe" if sys.platform == "win32" else "lrelease"
        )
        if not tool.exists():
            return
        out = Path(self.build_lib) / "posapp" / "i18n"
        for source in sorted((Path(__file__).parent / "posapp" / "i18n").glob("posapp_*.ts")):
            out.mkdir(parents=True, exist_ok=True)
            target = out / source.with_suffix(".qm").name
            subprocess.run([str(tool), "-silent", str(source), "-qm", str(target)], check=True)


setup(cmdclass={"build_py": BuildWithTranslations})
