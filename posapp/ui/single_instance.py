"""The till's named mutex on Windows: the installer and uninstaller look for it (OpenMutexW) and
refuse to replace or remove files while a posapp window is open. Elsewhere it does nothing.

It never stops a second window from opening (two profiles are two tills); it only says "a posapp
window is running". Windows closes the handle when the process ends, however it ends.
"""

from __future__ import annotations

import sys
from typing import Any

# In the Global namespace: an installer run from another session (an admin's, or Intune's as
# SYSTEM) still sees the kiosk user's window. packaging/windows/posapp.nsi names the same mutex.
MUTEX_NAME = "Global\\posapp-till"

_held: list[int] = []  # the handle, kept for the life of the process


def hold_till_mutex(kernel32: Any = None) -> int | None:
    """Create (or open) the till's mutex and keep it; its handle, or None when not on Windows
    or when Windows refused (the window opens all the same: the mutex is only for installers)."""
    if _held:
        return _held[0]
    if kernel32 is None and sys.platform != "win32":
        return None
    kernel32 = kernel32 or _kernel32()
    handle = kernel32.CreateMutexW(None, False, MUTEX_NAME)
    if not handle:
        return None
    _held.append(int(handle))
    return int(handle)


def _kernel32() -> Any:
    """kernel32 with CreateMutexW typed (Windows only)."""
    import ctypes
    from ctypes import wintypes

    kernel32 = vars(ctypes)["WinDLL"]("kernel32", use_last_error=True)
    kernel32.CreateMutexW.restype = wintypes.HANDLE
    kernel32.CreateMutexW.argtypes = [wintypes.LPVOID, wintypes.BOOL, wintypes.LPCWSTR]
    return kernel32
