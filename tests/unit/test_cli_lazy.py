"""The command line imports only the command it runs, and parses exactly as the whole parser."""

from __future__ import annotations

import subprocess
import sys

import pytest

from posapp.cli import _command_word, build_parser
from posapp.commands.common import UsageError

ARGVS = [
    [],
    ["--self-test"],
    ["--profile", "profile-dir", "--kiosk"],
    ["--profile", "queue"],
    ["--prof", "profile-dir", "queue", "status", "--json"],
    ["queue", "list", "--limit", "3", "--state", "parked"],
    ["queue", "bogus"],
    ["queue", "status", "--profile", "profile-dir"],
    ["--demo", "queue", "retry", "--all-parked"],
    ["catalog", "import", "f.csv"],
    ["customers", "import", "f.csv"],
    ["sandbox", "--port", "0"],
    ["config", "set", "till_id", "A-1"],
    ["credentials", "check"],
    ["send", "-"],
    ["bogus"],
    ["--bogus", "queue", "status"],
    ["--profile"],
    ["--", "queue"],
]


def outcome(argv: list[str], only: str | None) -> object:
    try:
        return sorted(vars(build_parser(only).parse_args(argv)).items(), key=lambda kv: kv[0])
    except UsageError as exc:
        return f"usage error: {exc}"


@pytest.mark.parametrize("argv", ARGVS, ids=" ".join)
def test_the_command_word_parser_parses_as_the_whole_parser(argv: list[str]) -> None:
    assert outcome(argv, _command_word(argv)) == outcome(argv, None)


@pytest.mark.parametrize(
    "word", ["send", "queue", "config", "credentials", "catalog", "customers", "sandbox"]
)
def test_a_command_s_help_is_the_same(word: str, capsys: pytest.CaptureFixture[str]) -> None:
    texts = []
    for only in (word, None):
        with pytest.raises(SystemExit):
            build_parser(only).parse_args([word, "--help"])
        texts.append(capsys.readouterr().out)
    assert texts[0] == texts[1]
    assert f"usage: posapp {word}" in texts[0]


def test_help_and_unsure_arguments_get_every_command() -> None:
    for argv in (["--help"], ["-h", "queue"], ["--version"], ["bogus"], ["--profile"]):
        assert _command_word(argv) is None
    assert _command_word(["--profile", "/x", "--self-test"]) == ""
    assert _command_word(["customers", "import", "x.csv"]) == "customers"


def test_the_window_path_imports_no_command_module() -> None:
    probe = (
        "import sys; from posapp.cli import _command_word, build_parser; "
        "build_parser(_command_word(['--self-test'])).parse_args(['--self-test']); "
        "print(sorted(m for m in sys.modules if m.startswith('posapp.commands.')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
