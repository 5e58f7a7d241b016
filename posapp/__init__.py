"""posapp: a point-of-sale companion that sends store orders to the offline order tracking endpoint."""

import time

STARTED = time.perf_counter()  # for the self-test's start-up time


def _version() -> str:
    """The version in pyproject.toml, as this copy of posapp was built or installed.

    A PyInstaller bundle has the ``posapp._version`` module that packaging/build.py writes for
    each build; an installed wheel (or ``pip install -e``) has its package metadata; a bare
    checkout reads pyproject.toml beside the package.
    """
    import importlib

    try:
        built: str = importlib.import_module("posapp._version").VERSION
        return built
    except ImportError:
        pass
    from importlib import metadata

    try:
        return metadata.version("posapp")
    except metadata.PackageNotFoundError:
        pass
    import tomllib
    from pathlib import Path

    try:
        with (Path(__file__).resolve().parents[1] / "pyproject.toml").open("rb") as file:
            return str(tomllib.load(file)["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "0+unknown"


def __getattr__(name: str) -> str:
    """``__version__`` is worked out when first asked for: reading package metadata costs
    tens of milliseconds that ``posapp queue status`` and the window's start need not pay."""
    if name == "__version__":
        version = _version()
        globals()["__version__"] = version
        return version
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
