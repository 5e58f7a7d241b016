"""The Windows installer, as far as a Linux machine can check it: makensis compiles
packaging/windows/posapp.nsi against a tiny stand-in bundle and its generated files.nsh (with
several define sets); script-level checks of what a silent install relies on (every MessageBox
has /SD, SetShellVarContext all, no RMDir /r, every installed file deleted by the uninstaller,
the mutex posapp holds); the file-list generator on a fake folder; the windowed executable's
runtime hook; the till's mutex.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path, PurePosixPath
from types import ModuleType
from typing import Any

import pytest

from posapp.ui import single_instance
from posapp.ui.single_instance import MUTEX_NAME, hold_till_mutex

ROOT = Path(__file__).resolve().parents[2]
WINDOWS = ROOT / "packaging" / "windows"
SCRIPT = WINDOWS / "posapp.nsi"


def _load(name: str) -> ModuleType:
    # by path: "packaging" is also PyPI's package of that name
    spec = importlib.util.spec_from_file_location(name, WINDOWS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # a dataclass looks its module up
    spec.loader.exec_module(module)
    return module


nsis_files = _load("nsis_files")
nsis_checks = _load("nsis_checks")

FAKE_BUNDLE = (
    "posapp.exe",
    "posapp-cli.exe",
    "_internal/python311.dll",
    "_internal/PySide6/plugins/platforms/qwindows.dll",
    "_internal/posapp/data/demo/catalog.csv",
    "_internal/odd $name with spaces.txt",
    "_internal/café.txt",
)


def fake_bundle(folder: Path) -> Path:
    for name in FAKE_BUNDLE:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"MZ" if name.endswith(".exe") else b"x")
    (folder / "_internal" / "empty").mkdir()  # a folder with no file is not installed
    return folder


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    return fake_bundle(tmp_path / "build dir" / "posapp")


@pytest.fixture
def files_nsh(bundle: Path) -> Path:
    return nsis_files.write_files_nsh(bundle, bundle.parent / "files.nsh")  # type: ignore[no-any-return]


@pytest.fixture
def makensis() -> str:
    found = shutil.which("makensis")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("makensis missing: dev.py installs the Debian package nsis")
        pytest.skip("needs makensis (Debian package nsis)")
    return found


# --- the file list ---------------------------------------------------------------------------


def test_the_file_list_installs_and_deletes_exactly_the_bundle_files(bundle: Path) -> None:
    listed = nsis_files.listing(bundle)
    assert [str(path) for path in listed] == sorted(FAKE_BUNDLE)
    text = nsis_files.files_nsh(listed)
    installed, deleted = nsis_checks.installed_and_deleted(text)
    expected = sorted(f"$instdir\\{name.replace('/', chr(92))}".replace("$name", "$$name").lower() for name in FAKE_BUNDLE)  # fmt: skip
    assert sorted(installed) == expected
    assert sorted(deleted) == expected
    assert '  File "${BUNDLE}\\_internal\\odd $name with spaces.txt"' in text.splitlines()
    assert '  Delete "$INSTDIR\\_internal\\odd $$name with spaces.txt"' in text.splitlines()


def test_the_file_list_removes_folders_deepest_first_and_never_recursively(bundle: Path) -> None:
    lines = nsis_files.files_nsh(nsis_files.listing(bundle)).splitlines()
    rmdirs = [line.strip() for line in lines if line.strip().startswith("RMDir")]
    assert rmdirs == [
        'RMDir "$INSTDIR\\_internal\\PySide6\\plugins\\platforms"',
        'RMDir "$INSTDIR\\_internal\\posapp\\data\\demo"',
        'RMDir "$INSTDIR\\_internal\\PySide6\\plugins"',
        'RMDir "$INSTDIR\\_internal\\posapp\\data"',
        'RMDir "$INSTDIR\\_internal\\PySide6"',
        'RMDir "$INSTDIR\\_internal\\posapp"',
        'RMDir "$INSTDIR\\_internal"',
    ]  # $INSTDIR itself is the uninstaller's to remove, after uninstall.exe


@pytest.mark.parametrize("name", ['say "hi".txt', "line\nbreak.txt", "${BUNDLE}.txt"])
def test_a_file_name_nsis_cannot_quote_is_refused(name: str) -> None:
    with pytest.raises(ValueError, match="cannot quote"):
        nsis_files.files_nsh([PurePosixPath("posapp.exe"), PurePosixPath(name)])


def test_an_empty_bundle_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no files"):
        nsis_files.files_nsh(nsis_files.listing(tmp_path))


def test_the_generated_list_is_utf8_with_a_bom(files_nsh: Path) -> None:
    raw = files_nsh.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert "café.txt" in raw.decode("utf-8-sig")


# --- makensis ------------------------------------------------------------------------------


def compile_script(makensis: str, bundle: Path, *defines: str, script: Path = SCRIPT) -> subprocess.CompletedProcess[str]:  # fmt: skip
    return subprocess.run(
        [makensis, "-V2", "-WX", f"-DBUNDLE={bundle}", *defines, str(script)],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip


def machine(exe: Path) -> int:
    """The PE file's machine field (0x8664: x86-64)."""
    data = exe.read_bytes()
    assert data[:2] == b"MZ"
    (offset,) = struct.unpack_from("<I", data, 0x3C)
    assert data[offset : offset + 4] == b"PE\0\0"
    return int(struct.unpack_from("<H", data, offset + 4)[0])


@pytest.mark.parametrize(
    "defines",
    [
        (),  # the script's own defaults: version 0.1.0, posapp-0.1.0-setup.exe
        ("-DVERSION=9.8.7",),
        ("-DVERSION=1.0.0rc1", "-DOUTFILE={out}/posapp setup with spaces.exe"),
    ],
)
def test_makensis_compiles_the_installer(
    makensis: str, bundle: Path, files_nsh: Path, tmp_path: Path, defines: tuple[str, ...]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    chosen = [define.format(out=out) for define in defines]
    if not any(define.startswith("-DOUTFILE=") for define in chosen):
        version = next((d.split("=", 1)[1] for d in chosen if d.startswith("-DVERSION=")), "0.1.0")
        chosen.append(f"-DOUTFILE={out}/posapp-{version}-setup.exe")
    result = compile_script(makensis, bundle, f"-DFILES={files_nsh}", *chosen)
    assert result.returncode == 0, result.stdout + result.stderr
    (installer,) = out.iterdir()
    expected = chosen[-1].split("=", 1)[1]
    assert installer == Path(expected)
    assert machine(installer) == 0x8664  # Program Files, System32 and HKLM: the 64-bit ones


def test_without_a_file_list_the_script_does_not_compile(makensis: str, bundle: Path, tmp_path: Path) -> None:  # fmt: skip
    result = compile_script(makensis, bundle, f"-DOUTFILE={tmp_path}/x.exe")
    assert result.returncode != 0
    assert "DFILES" in result.stdout + result.stderr
    assert not (tmp_path / "x.exe").exists()


def test_a_file_missing_from_the_bundle_stops_the_build(makensis: str, bundle: Path, files_nsh: Path, tmp_path: Path) -> None:  # fmt: skip
    (bundle / "_internal" / "python311.dll").unlink()  # the list was made before: a broken build
    result = compile_script(makensis, bundle, f"-DFILES={files_nsh}", f"-DOUTFILE={tmp_path}/x.exe")
    assert result.returncode != 0
    assert "python311.dll" in result.stdout + result.stderr


# --- script-level checks -------------------------------------------------------------------


def test_the_installer_script_passes_every_check(files_nsh: Path) -> None:
    files = files_nsh.read_text(encoding="utf-8-sig")
    assert nsis_checks.problems(SCRIPT.read_text(), files, MUTEX_NAME) == []


def test_the_script_looks_for_the_mutex_posapp_holds() -> None:
    defines = [line.words for line in nsis_checks.parse(SCRIPT.read_text()) if line.command == "!define"]  # fmt: skip
    assert ("!define", "MUTEX", MUTEX_NAME) in defines
    assert MUTEX_NAME == "Global\\posapp-till"


def _swap(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


SCRIPT_MUTATIONS = {
    "a MessageBox without /SD": (
        lambda s: _swap(s, '" /SD IDOK\n    SetErrorLevel ${EXIT_RUNNING}', '"\n    SetErrorLevel ${EXIT_RUNNING}'),
        "MessageBox without /SD",
    ),
    "RMDir /r": (lambda s: _swap(s, 'RMDir "$INSTDIR"', 'RMDir /r "$INSTDIR"'), "RMDir /r"),
    "File /r": (lambda s: _swap(s, "!insertmacro POSAPP_INSTALL_FILES", 'File /r "${BUNDLE}\\*.*"'), "File /r"),
    "current user's shortcuts in the uninstaller": (
        lambda s: _swap(s, "Function un.onInit\n  SetShellVarContext all", "Function un.onInit"),
        "un.onInit has no SetShellVarContext all",
    ),
    "no mutex check in the installer": (
        lambda s: _swap(s, '!insertmacro REFUSE_WHILE_RUNNING "install"', ""),
        ".onInit does not refuse",
    ),
    "another mutex": (lambda s: _swap(s, 'MUTEX "Global\\posapp-till"', 'MUTEX "posapp"'), "mutex"),
    "HKLM Run": (
        lambda s: _swap(s, "SectionEnd", 'WriteRegStr HKLM "Software\\Microsoft\\Windows\\CurrentVersion\\Run" "posapp" "x"\nSectionEnd'),
        "Run entry",
    ),
    "a user install": (lambda s: _swap(s, "RequestExecutionLevel admin", "RequestExecutionLevel user"), "admin"),
    "no /NOAUTOSTART": (lambda s: _swap(s, '"/NOAUTOSTART"', '"/NOAUTO"'), "/NOAUTOSTART"),
    "no uninstall list": (lambda s: _swap(s, "  !insertmacro POSAPP_UNINSTALL_FILES\n", ""), "POSAPP_UNINSTALL_FILES"),
}  # fmt: skip


@pytest.mark.parametrize("mutation", SCRIPT_MUTATIONS, ids=list(SCRIPT_MUTATIONS))
def test_the_checks_catch_a_broken_script(files_nsh: Path, mutation: str) -> None:
    change, expected = SCRIPT_MUTATIONS[mutation]
    files = files_nsh.read_text(encoding="utf-8-sig")
    found = nsis_checks.problems(change(SCRIPT.read_text()), files, MUTEX_NAME)
    assert any(expected in problem for problem in found), found


def test_the_checks_catch_an_installed_file_the_uninstaller_leaves(files_nsh: Path) -> None:
    files = files_nsh.read_text(encoding="utf-8-sig")
    kept = _swap(files, '  Delete "$INSTDIR\\_internal\\python311.dll"\n', "")
    found = nsis_checks.problems(SCRIPT.read_text(), kept, MUTEX_NAME)
    assert found == ["installed, never deleted: $instdir\\_internal\\python311.dll"]
    extra = _swap(files, "!macro POSAPP_UNINSTALL_FILES\n", '!macro POSAPP_UNINSTALL_FILES\n  Delete "$INSTDIR\\*.toml"\n')  # fmt: skip
    found = nsis_checks.problems(SCRIPT.read_text(), extra, MUTEX_NAME)
    assert found == ["deleted, never installed: $instdir\\*.toml"]


# --- the windowed executable and the mutex ---------------------------------------------------

WINDOWED = """
import runpy, sys
sys.stdin = sys.stdout = sys.stderr = None  # what a console=False PyInstaller executable gets
if sys.argv[1] == "hook":
    runpy.run_path(sys.argv[2])
from posapp.cli import main
code = main(["--profile", sys.argv[3], "config", "pin", "--print-hash"])  # reads stdin
open(sys.argv[4], "w").write(str(code))
"""


@pytest.mark.parametrize(("hook", "exit_code"), [("hook", 2), ("none", None)])
def test_the_runtime_hook_keeps_a_windowed_posapp_from_crashing(
    tmp_path: Path, hook: str, exit_code: int | None
) -> None:
    # Without the hook, sys.stdin.isatty() raises and the process dies with no word (no
    # console); with it, posapp answers as ever: an empty PIN is bad input, exit 2.
    result = tmp_path / "result"
    hook_file = WINDOWS / "rthook_streams.py"
    args = [sys.executable, "-c", WINDOWED, hook, str(hook_file), str(tmp_path / "profile"), str(result)]  # fmt: skip
    done = subprocess.run(args, cwd=ROOT, capture_output=True, timeout=120, check=False)
    if exit_code is None:
        assert done.returncode != 0
        assert not result.exists()
    else:
        assert done.returncode == 0, done.stderr
        assert result.read_text() == str(exit_code)


class FakeKernel32:
    def __init__(self, handle: int) -> None:
        self.handle = handle
        self.calls: list[tuple[Any, ...]] = []

    def CreateMutexW(self, *args: Any) -> int:
        self.calls.append(args)
        return self.handle


@pytest.fixture
def no_mutex(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(single_instance, "_held", [])


@pytest.mark.usefixtures("no_mutex")
def test_the_till_holds_its_named_mutex_once() -> None:
    kernel32 = FakeKernel32(handle=0x1234)
    assert hold_till_mutex(kernel32) == 0x1234
    assert hold_till_mutex(kernel32) == 0x1234
    assert kernel32.calls == [(None, False, "Global\\posapp-till")]


@pytest.mark.usefixtures("no_mutex")
def test_a_refused_mutex_does_not_stop_the_till() -> None:
    assert hold_till_mutex(FakeKernel32(handle=0)) is None


@pytest.mark.usefixtures("no_mutex")
@pytest.mark.skipif(sys.platform == "win32", reason="elsewhere than Windows")
def test_elsewhere_the_mutex_is_nothing() -> None:
    assert hold_till_mutex() is None
    assert single_instance._held == []
