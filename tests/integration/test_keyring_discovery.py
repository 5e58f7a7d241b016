"""Finding the keyring off macOS: the same backend keyring itself finds, without the macOS
backend's library search (``ldconfig`` and ``gcc`` started to look for a framework Linux has
not got). Each check runs in a fresh interpreter: keyring finds its backend once per process.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(
    sys.platform != "linux", reason="the library search skipped is the one Linux pays"
)

# Records every process started from here on (the start of each script below).
WATCH = """
import json, subprocess, sys
started = []
real_init = subprocess.Popen.__init__
def watching(self, args, *rest, **kwargs):
    started.append(args if isinstance(args, str) else list(map(str, args)))
    real_init(self, args, *rest, **kwargs)
subprocess.Popen.__init__ = watching
"""

# posapp finding the keyring, as the till does before it reads the token.
POSAPP = (
    WATCH
    + """
from posapp.setup.credentials import describe_backend
said = describe_backend()
import keyring
backend = keyring.get_keyring()
print(json.dumps({"said": said, "started": started, "class": type(backend).__name__}))
"""
)

# keyring on its own, as any other program would use it.
KEYRING = (
    WATCH
    + """
import keyring
backend = keyring.get_keyring()
print(json.dumps({"class": type(backend).__name__, "module": type(backend).__module__,
                  "started": started}))
"""
)


def _run(code: str) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    ).stdout
    result: dict[str, object] = json.loads(out.splitlines()[-1])
    return result


def test_posapp_finds_the_backend_keyring_finds_without_starting_a_process() -> None:
    ours, theirs = _run(POSAPP), _run(KEYRING)
    assert ours["class"] == theirs["class"]
    assert theirs["started"]  # keyring alone runs ldconfig (and gcc) looking for macOS's library
    assert ours["started"] == []
    expected = (
        "none usable"
        if str(theirs["module"]).startswith("keyring.backends.fail")
        else f"{theirs['module']}.{theirs['class']}"
    )
    assert ours["said"] == expected
