"""PyInstaller runtime hook of the windowed posapp.exe (packaging/posapp.spec, Windows only).

A windowed (console=False) executable starts with ``sys.stdin``, ``sys.stdout`` and
``sys.stderr`` set to None: a ``print(..., file=sys.stderr)`` is silently dropped, but
``sys.stdout.isatty()``, ``sys.stdin.readline()`` or a logging handler on stderr would raise
and take the till window down. Each missing stream becomes the null device, so posapp runs the
same with no console at all (the till's own log file is where its lines go; the command line is
posapp-cli.exe, which has a console).
"""

import os
import sys


def _null_streams() -> None:
    for name, mode in (("stdin", "r"), ("stdout", "w"), ("stderr", "w")):
        if getattr(sys, name, None) is None:
            setattr(sys, name, open(os.devnull, mode, encoding="utf-8"))  # noqa: SIM115 - for the life of the process


_null_streams()
