"""posapp(1), written from the command line's own argparse parser (posapp.cli.build_parser), so
the manual page never drifts from ``posapp --help``."""

from __future__ import annotations

import argparse
import re

SEE_ALSO = "/usr/share/doc/posapp/README.packaging.md (kiosk, fleet and upgrades)"


def roff(text: str) -> str:
    text = text.replace("\\", "\\\\").replace("-", "\\-")
    return re.sub(r"^([.'])", r"\\&\1", text, flags=re.MULTILINE)


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _help_of(parser: argparse.ArgumentParser) -> dict[str, str]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return {a.dest: a.help or "" for a in action._choices_actions}
    return {}


def _options(parser: argparse.ArgumentParser) -> list[str]:
    lines = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction | argparse._HelpAction):
            continue
        if action.option_strings:
            names = ", ".join(f"\\fB{roff(o)}\\fR" for o in action.option_strings)
            if action.nargs != 0:
                names += f" \\fI{roff(action.metavar or action.dest.upper())}\\fR"
        else:
            names = f"\\fI{roff(str(action.metavar or action.dest))}\\fR"
        lines += [".TP", names, roff(action.help or "")]
    return lines


def _commands(parser: argparse.ArgumentParser, prefix: str) -> list[str]:
    lines = []
    helps = _help_of(parser)
    for name, sub in _subcommands(parser).items():
        words = f"{prefix} {name}".strip()
        lines += [".TP", f"\\fB{roff(words)}\\fR"]
        usage = sub.format_usage().removeprefix("usage: ").strip()
        lines.append(roff(sub.description or helps.get(name, "")))
        lines += [".RS", ".PP", f"Usage: \\fB{roff(usage)}\\fR"]
        options = _options(sub)
        if options:
            lines += options
        lines.append(".RE")
        lines += _commands(sub, words)
    return lines


def render(parser: argparse.ArgumentParser, version: str, date: str) -> str:
    usage = parser.format_usage().removeprefix("usage: ").strip()
    lines = [
        f'.TH POSAPP 1 "{date}" "posapp {version}" "User Commands"',
        ".SH NAME",
        "posapp \\- " + roff("till companion: send store orders to the order tracking endpoint"),
        ".SH SYNOPSIS",
        f"\\fB{roff(usage)}\\fR",
        ".SH DESCRIPTION",
        roff(parser.description or ""),
        ".SH OPTIONS",
        ".TP",
        "\\fB\\-h\\fR, \\fB\\-\\-help\\fR",
        "show the help and exit (each command has its own)",
        *_options(parser),
        ".SH COMMANDS",
        *_commands(parser, ""),
        ".SH ENVIRONMENT",
        ".TP",
        "\\fBPOSAPP_SITE_TOKEN\\fR",
        "the site token; wins over the systemd credential and the keyring",
        ".TP",
        "\\fBCREDENTIALS_DIRECTORY\\fR",
        roff("set by systemd: posapp reads the credential posapp-site-token there"),
        ".TP",
        "\\fBPOSAPP_HOME\\fR",
        "the profile directory, when \\fB\\-\\-profile\\fR is not given",
        ".SH SEE ALSO",
        roff(SEE_ALSO),
        "",
    ]
    return "\n".join(lines)
