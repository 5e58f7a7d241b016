"""PySide6, loaded for a quick start.

PySide6 watches every module imported after it, to learn whether it uses PySide6 (for its
``from __feature__ import ...`` switches): it reads each one's source with
``inspect.getsource``, which goes through ``linecache`` and costs about a third of a
millisecond a module. The till imports about 130 modules before its first paint, so that is a
tenth of the whole start spent asking one question. ``quick_feature_scan`` answers the same
question, the same way (is ``PySide6`` in the module's source file?), by reading the file in
one go. A PySide6 without this hook (or one that changed it) is left as it is.
"""

from __future__ import annotations

import sys
from types import ModuleType

import PySide6.QtCore  # noqa: F401 - loads PySide6's feature module, the one changed here


def quick_feature_scan() -> bool:
    """Speed up PySide6's per-import scan; True when it was (or already is) sped up."""
    feature = sys.modules.get("PySide6.support.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(original):
        return False
    if getattr(original, "quick", False):
        return True

    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as source:
                    return b"PySide6" in source.read()
            except OSError:
                pass
        return bool(original(module))  # no source file of its own: PySide6's own answer

    uses_pyside.quick = True  # type: ignore[attr-defined]
    setattr(feature, "_mod_uses_pyside", uses_pyside)  # noqa: B010 - a module's private name
    return True


quick_feature_scan()
