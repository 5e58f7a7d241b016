"""Script-level checks of the Windows installer, where no Windows machine can run it: what an IT
person's silent install relies on, read from posapp.nsi and the generated files.nsh.

``problems(script, files, mutex)`` lists what is wrong (empty when all is well); the packaging
check (packaging/check.py) and tests/packaging/test_windows_installer.py run it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SWITCHES = ("/AUTOSTART=", "/NOAUTOSTART", "/SETTINGS=")


@dataclass(frozen=True)
class Line:
    number: int
    words: tuple[str, ...]  # the command and its parameters, quotes removed

    @property
    def command(self) -> str:
        return self.words[0] if self.words else ""


def _words(text: str) -> tuple[str, ...]:
    """One NSIS line's words: quoted with ", ' or `, up to an unquoted ; or # (a comment)."""
    words, current, quote, started = [], [], "", False
    for char in text:
        if quote:
            if char == quote and current[-2:] != ["$", "\\"]:  # $\" is NSIS's escaped quote
                quote = ""
            else:
                current.append(char)
        elif char in "\"'`" and not current:
            quote, started = char, True
        elif char in ";#" and not current and not started:
            break
        elif char.isspace():
            if current or started:
                words.append("".join(current))
            current, started = [], False
        else:
            current.append(char)
    if current or started:
        words.append("".join(current))
    return tuple(words)


def parse(text: str) -> list[Line]:
    """Every non-empty line (``\\`` continuations joined), numbered as in the file."""
    lines: list[Line] = []
    pending, first = "", 0
    for number, raw in enumerate(text.splitlines(), start=1):
        if not pending:
            first = number
        if raw.rstrip().endswith("\\"):
            pending += raw.rstrip()[:-1] + " "
            continue
        words = _words(pending + raw)
        pending = ""
        if words:
            lines.append(Line(first, words))
    return lines


def blocks(lines: list[Line], start: str, end: str) -> dict[str, list[Line]]:
    """The lines of each Function (or Section, or macro), by its name."""
    found: dict[str, list[Line]] = {}
    name: str | None = None
    for line in lines:
        if line.command == start:
            name = line.words[-1] if len(line.words) > 1 else ""
            found[name] = []
        elif line.command == end:
            name = None
        elif name is not None:
            found[name].append(line)
    return found


def installed_and_deleted(files: str) -> tuple[list[str], list[str]]:
    """files.nsh: the installed paths (SetOutPath + each File's name) and the deleted ones,
    both relative to $INSTDIR, lower-cased (Windows file names ignore case)."""
    macros = blocks(parse(files), "!macro", "!macroend")
    installed: list[str] = []
    out = "$INSTDIR"
    for line in macros.get("POSAPP_INSTALL_FILES", []):
        if line.command == "SetOutPath":
            out = line.words[-1]
        elif line.command == "File":
            name = line.words[-1].replace("\\", "/").rsplit("/", 1)[-1].replace("$", "$$")
            installed.append(f"{out}\\{name}")
    deleted = [
        line.words[-1]
        for line in macros.get("POSAPP_UNINSTALL_FILES", [])
        if line.command == "Delete"
    ]
    return [path.lower() for path in installed], [path.lower() for path in deleted]


def problems(script: str, files: str, mutex: str) -> list[str]:
    """What is wrong with the installer script ``script`` and its file list ``files``
    (posapp/ui/single_instance.py's ``mutex`` is the one the script must look for)."""
    found: list[str] = []
    lines = parse(script)
    every = lines + parse(files)
    for line in every:
        if line.command == "MessageBox" and not any(w.startswith("/SD") for w in line.words):
            found.append(f"line {line.number}: a MessageBox without /SD stops a silent run")
        if line.command == "RMDir" and "/r" in (w.lower() for w in line.words):
            found.append(f"line {line.number}: RMDir /r removes what posapp did not install")
        if line.command == "File" and "/r" in (w.lower() for w in line.words):
            found.append(f"line {line.number}: File /r installs files the uninstaller cannot list")
        key = line.words[2] if len(line.words) > 2 else ""
        if line.command.startswith("WriteReg") and re.search(r"\\CurrentVersion\\Run(Once)?$", key, re.I):  # fmt: skip
            found.append(f"line {line.number}: a Run entry starts posapp for every user")
    functions = blocks(lines, "Function", "FunctionEnd")
    for name in (".onInit", "un.onInit"):
        body = [line.words for line in functions.get(name, [])]
        if ("SetShellVarContext", "all") not in body:
            found.append(f"{name} has no SetShellVarContext all: shortcuts for one user only")
        if ("!insertmacro", "REFUSE_WHILE_RUNNING") not in [words[:2] for words in body]:
            found.append(f"{name} does not refuse to run while posapp is open")
    if ("RequestExecutionLevel", "admin") not in [line.words for line in lines]:
        found.append("no RequestExecutionLevel admin: not a per-machine install")
    defines = {line.words[1]: line.words[2] for line in lines if line.command == "!define" and len(line.words) > 2}  # fmt: skip
    if defines.get("MUTEX") != mutex:
        found.append(
            f"the script looks for the mutex {defines.get('MUTEX')!r}, posapp holds {mutex!r}"
        )
    options = {line.words[2] for line in lines if line.words[:1] == ("${GetOptions}",) and len(line.words) > 2}  # fmt: skip
    found += [f"the switch {switch} is never read" for switch in SWITCHES if switch not in options]
    sections = blocks(lines, "Section", "SectionEnd")
    uninstall = [line.words for line in sections.get("Uninstall", [])]
    installs = [line.words for body in sections.values() for line in body]
    if ("!insertmacro", "POSAPP_UNINSTALL_FILES") not in uninstall:
        found.append("the uninstaller does not delete the listed files (POSAPP_UNINSTALL_FILES)")
    if ("!insertmacro", "POSAPP_INSTALL_FILES") not in installs:
        found.append("no section installs the listed files (POSAPP_INSTALL_FILES)")
    installed, deleted = installed_and_deleted(files)
    if not installed:
        found.append("files.nsh installs no file")
    found += [f"installed, never deleted: {path}" for path in sorted(set(installed) - set(deleted))]
    found += [f"deleted, never installed: {path}" for path in sorted(set(deleted) - set(installed))]
    return found
