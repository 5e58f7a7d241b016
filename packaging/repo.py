"""A signed apt repository (flat: Packages, Release, InRelease, Release.gpg beside the .debs)
that a fleet of tills adds with one deb822 .sources file and upgrades from with apt.

The signing key is generated once into a GnuPG home that must be kept (the tills trust it), or
given: ``--gnupghome DIR --key KEYID``. Its public half is written beside the repository as
``posapp-archive-keyring.gpg``, for ``Signed-By:``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from common import BUILD, run

ORIGIN = "posapp"
KEY_NAME = "posapp archive signing key <posapp@example.com>"
KEYRING = "posapp-archive-keyring.gpg"


def _gpg(home: Path, *args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return run("gpg", "--homedir", home, "--batch", "--quiet", *args, **kwargs)


def signing_key(home: Path, key: str | None) -> str:
    """The key that signs: the one given, else the one generated earlier in ``home``, else a new
    one (ed25519, no passphrase: the build machine's own, kept with it)."""
    home.mkdir(parents=True, exist_ok=True, mode=0o700)
    home.chmod(0o700)
    if key:
        return key
    listed = _gpg(home, "--with-colons", "--list-secret-keys", capture_output=True, check=False)
    for line in listed.stdout.splitlines():
        if line.startswith("fpr:"):
            return line.split(":")[9]
    _gpg(home, "--passphrase", "", "--quick-generate-key", KEY_NAME, "ed25519", "sign", "never")
    return signing_key(home, None)


def build(debs: list[Path], out: Path, home: Path, key: str | None = None) -> Path:
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    for deb in debs:
        os.link(deb, out / deb.name) if deb.stat().st_dev == out.stat().st_dev else shutil.copy(
            deb, out
        )
    packages = run("apt-ftparchive", "packages", ".", cwd=out, capture_output=True).stdout
    (out / "Packages").write_text(packages)
    run("gzip", "-9kn", out / "Packages")
    options = [f"-oAPT::FTPArchive::Release::{field}={value}" for field, value in (
        ("Origin", ORIGIN), ("Label", ORIGIN), ("Suite", "stable"), ("Codename", "posapp"),
        ("Description", "posapp till companion"),
    )]  # fmt: skip
    release = run("apt-ftparchive", *options, "release", ".", cwd=out, capture_output=True).stdout
    (out / "Release").write_text(release)
    fingerprint = signing_key(home, key)
    _gpg(home, "--local-user", fingerprint, "--clearsign", "--output", out / "InRelease", out / "Release")  # fmt: skip
    _gpg(home, "--local-user", fingerprint, "--detach-sign", "--output", out / "Release.gpg", out / "Release")  # fmt: skip
    _gpg(home, "--export", "--output", out / KEYRING, fingerprint)
    print(f"apt repository: {out} (signed by {fingerprint})")
    return out


def default_home() -> Path:
    return Path(os.environ.get("POSAPP_REPO_GNUPGHOME", BUILD / "repo-gnupg"))
