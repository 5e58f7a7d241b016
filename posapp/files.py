"""Files and directories posapp makes: readable by this user only (0700 directories, 0600
files, whatever the umask), and replaced so that a crash, a kill or a power cut leaves the old
file or the new, never half."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


# The machine's faults, in the words posapp says them (the outbox's fault() says them too, and
# the window translates them: posapp.ui.domain_text's REASON_WORDS)
DISK_FULL = "the disk is full"
READ_ONLY = "the profile is read-only"
DISK_FAILED = "the disk failed to read or write (input/output error)"


def describe_os_error(exc: OSError) -> str:
    """What went wrong, in words a cashier or IT can act on: a full disk, a read-only profile,
    a permission, a failing disk; never as damage."""
    name = exc.filename or "a file"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return DISK_FULL
    if exc.errno == errno.EROFS:
        return READ_ONLY
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"no permission to write {name}"
    if exc.errno == errno.EIO:
        return DISK_FAILED
    if exc.errno == errno.EISDIR:
        return f"{name} is a folder where a file belongs"
    if exc.errno == errno.ENOTDIR:
        return f"a file is where a folder belongs, on the way to {name}"
    return f"{exc.strerror or exc} ({name})"


def make_private_dirs(directory: Path) -> None:
    """``directory`` and any missing parent, each one made here set to 0700.

    ``mkdir(mode=...)`` is reduced by the umask and ``parents=True`` makes the parents with the
    default mode, so each directory is made on its own, then set. Directories that were there
    already are left as they are (they may not be posapp's).
    """
    missing: list[Path] = []
    probe = directory
    while not probe.exists() and probe.parent != probe:
        missing.append(probe)
        probe = probe.parent
    for path in reversed(missing):
        try:
            path.mkdir(mode=PRIVATE_DIR)
        except FileExistsError:  # another process made it meanwhile
            if not path.is_dir():
                raise
            continue
        if os.name == "posix":
            os.chmod(path, PRIVATE_DIR)


def create_private_file(path: Path) -> bool:
    """Create ``path`` empty with mode 0600 if it is not there; True when made here."""
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_FILE)
    except FileExistsError:
        return False
    try:
        if os.name == "posix":
            os.fchmod(fd, PRIVATE_FILE)
    finally:
        os.close(fd)
    return True


def write_atomically(path: Path, data: bytes, mode: int = PRIVATE_FILE) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves the old file or the new, never half."""
    make_private_dirs(path.parent)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    fsync_directory(path.parent)


def fsync_directory(directory: Path) -> None:
    """A rename or a new file in ``directory`` survives a power cut once this returns."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
