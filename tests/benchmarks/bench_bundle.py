"""Bundle size on disk, and cold start of the bundled app against ``python main.py --self-test``
in the same run: the figures packaging/build.py check prints (it builds and installs the .deb)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "build.py"), "check"],
        capture_output=True, text=True, check=True, cwd=ROOT,
    )  # fmt: skip
    for line in result.stdout.splitlines():
        if line.startswith(("bundle:", "cold start", "packaging check")):
            print(line)


if __name__ == "__main__":
    main()
