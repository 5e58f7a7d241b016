"""``posapp logs export FILE.zip``: what support asks for, in one file; never the site token.

The zip holds the log file and its rotated copies (``logs/``), the settings as ``posapp config
show`` prints them (``settings.toml``; the admin PIN's hash left out), ``queue status --json``
(``queue-status.json``) and ``about.txt`` (version, system, where the files are). Every member
goes through the token's redaction once more, whatever the log lines already had scrubbed. The
zip is written whole or not at all (a temporary file, then renamed), readable by this user only.
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import os
import platform
import re
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from posapp import __version__
from posapp.commands.common import EXIT_FAILED, EXIT_OK, Subparsers, till_for
from posapp.setup.profile import Profile
from posapp.till import Till

log = logging.getLogger(__name__)

_PIN_LINE = re.compile(r'^admin_pin_hash = "[^"\n]+"', re.MULTILINE)  # set: not exported
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def register(commands: Subparsers) -> None:
    logs = commands.add_parser("logs", help="collect the logs for support")
    actions = logs.add_subparsers(dest="action", metavar="ACTION", required=True)
    export = actions.add_parser(
        "export",
        help="write a zip of the log files, the settings (no token) and the queue's status",
    )
    export.add_argument("file", metavar="FILE.zip", help="the zip to write")
    export.set_defaults(run=run_export)


def run_export(args: argparse.Namespace) -> int:
    till = till_for(args, log=False)  # reading the logs, it writes none of its own
    redact = _redaction(till)
    members: dict[str, bytes] = {}
    logs = log_files(till.profile)
    for path in logs:
        try:
            members[f"logs/{path.name}"] = redact(path.read_bytes().decode("utf-8", "replace"))
        except OSError as exc:
            members[f"logs/{path.name}.unreadable.txt"] = f"{exc.strerror}\n".encode()
    members["settings.toml"] = redact(_settings_text(till))
    members["queue-status.json"] = redact(_status_text(till))
    members["about.txt"] = redact(_about(till.profile, len(logs)))
    target = Path(args.file)
    from posapp.files import write_atomically

    try:
        write_atomically(target, _zip(members), mode=0o600)
    except OSError as exc:
        print(f"posapp: cannot write {target}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_FAILED
    print(f"{target}: {len(logs)} log file(s), the settings (no token) and the queue's status")
    return EXIT_OK


def log_files(profile: Profile) -> list[Path]:
    """``posapp.log`` and its rotated copies, oldest last; plain files only."""
    try:
        found = [
            path
            for path in profile.log_dir.glob("posapp.log*")
            if path.is_file() and not path.is_symlink()
        ]
    except OSError:
        return []

    def rank(path: Path) -> int:
        suffix = path.name.removeprefix("posapp.log").lstrip(".")
        return int(suffix) if suffix.isdigit() else 0

    return sorted(found, key=rank)


def _redaction(till: Till) -> Callable[[str], bytes]:
    """Text to zip bytes, with the site token (when this process can know it) as ``***``."""
    redact: Callable[[str], str] = str
    try:
        from posapp.setup.credentials import load_token

        token = load_token(till.settings().site).token
        if token is not None:
            redact = token.redact
    except Exception as exc:
        log.debug("no token to redact with: %s", type(exc).__name__)
    return lambda text: redact(text).encode("utf-8")


def _settings_text(till: Till) -> str:
    from posapp.commands.config import show_layers
    from posapp.setup.settings import load_layers

    try:
        text = show_layers(load_layers(till.profile.settings_file))
    except Exception as exc:
        return f"# the settings could not be read: {exc}\n"
    return _PIN_LINE.sub('admin_pin_hash = "(set; not exported)"', text)


def _status_text(till: Till) -> str:
    from posapp.commands.queue import status_json

    try:
        return json.dumps(status_json(till), indent=2) + "\n"
    except Exception as exc:
        return json.dumps({"error": _EMAIL.sub("<email>", str(exc))}) + "\n"


def _about(profile: Profile, logs: int) -> str:
    now = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())
    return (
        f"posapp {__version__}\nexported {now}\n"
        f"system: {platform.platform()}; Python {platform.python_version()}\n"
        f"settings: {profile.settings_file}\noutbox: {profile.outbox_file}\n"
        f"logs: {profile.log_dir} ({logs} file(s))\n"
        f"under systemd: {'yes' if os.environ.get('INVOCATION_ID') else 'no'}\n"
    )


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=time.gmtime()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            archive.writestr(info, data)
    return buffer.getvalue()
