"""The translations, with Qt's own tools (they ship with PySide6-Essentials):

    .venv/bin/python scripts/translations.py extract [LANG ...]   # every tr() of posapp/ into
                                                                 # the .ts (default: all of them)
    .venv/bin/python scripts/translations.py build [OUT_DIR]   # the .ts into .qm (default:
                                                               # next to them, posapp/i18n/)

``extract`` runs pyside6-lupdate over posapp/: new strings come in unfinished, finished
translations are kept, strings no longer in the code are dropped (-no-obsolete). English's own
``posapp_en.ts`` holds only the plural forms (-pluralonly): "%n item(s)" in the code reads
"1 item" and "3 items". A new language is one more code in ``posapp.i18n.LANGUAGES`` and one
``extract``. The .qm files are build
output (gitignored): the bundle and the .deb build them, ``python dev.py`` does, and the window
builds a missing one into its cache on first use.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from posapp.i18n import ENGLISH, HERE, TRANSLATIONS, qm_name, ts_file


def tool(name: str) -> str:
    """pyside6-lupdate / pyside6-lrelease of this Python's PySide6."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        sys.exit(f"{name} not found: install PySide6-Essentials (pip install -e .)")
    return found


def sources() -> list[Path]:
    return sorted(p for p in (ROOT / "posapp").rglob("*.py") if "__pycache__" not in p.parts)


def extract(languages: list[str] | None = None) -> list[Path]:
    wanted = languages or list(TRANSLATIONS)
    done = []
    for plural_only in (False, True):
        targets = [ts_file(lang) for lang in wanted if (lang == ENGLISH) is plural_only]
        if not targets:
            continue
        subprocess.run(
            [tool("pyside6-lupdate"), "-no-obsolete", "-locations", "none", "-source-language", "en",
             *(["-pluralonly"] if plural_only else []),
             *map(str, sources()), "-ts", *map(str, targets)],
            check=True, cwd=ROOT,
        )  # fmt: skip
        done += targets
    return done


def build(out_dir: Path = HERE) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    built = []
    for lang in TRANSLATIONS:
        target = out_dir / qm_name(lang)
        source = ts_file(lang)
        if target.exists() and target.stat().st_mtime >= source.stat().st_mtime:
            built.append(target)  # up to date
            continue
        subprocess.run(
            [tool("pyside6-lrelease"), "-silent", str(source), "-qm", str(target)],
            check=True,
        )
        built.append(target)
    return built


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in {"extract", "build"}:
        sys.exit(__doc__)
    if sys.argv[1] == "extract":
        for path in extract(sys.argv[2:]):
            print(path.relative_to(ROOT))
    else:
        for path in build(Path(sys.argv[2]) if len(sys.argv) > 2 else HERE):
            print(path)


if __name__ == "__main__":
    main()
