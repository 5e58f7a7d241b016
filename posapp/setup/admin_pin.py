"""The manager's admin PIN: stored only as a salted scrypt hash, checked in constant time, with
a growing wait after wrong attempts so that a PIN cannot be guessed at the till.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from posapp.domain.errors import ValidationError

_N, _R, _P = 2**14, 8, 1  # about 50 ms and 16 MiB per check: slow to guess, quick for a person
FREE_ATTEMPTS = 3
MAX_WAIT = 300.0


def parse_pin(value: str) -> str:
    pin = value.strip()
    if not (pin.isdigit() and 4 <= len(pin) <= 12):
        raise ValidationError("admin_pin", "The admin PIN must be 4 to 12 digits.")
    return pin


def hash_pin(pin: str) -> str:
    """``scrypt$N$r$p$salt$hash``: what the settings file keeps instead of the PIN."""
    pin = parse_pin(pin)
    import hashlib  # here: loading OpenSSL's hashes is not needed before a PIN is asked for
    import secrets

    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


def check_pin_hash(stored: str) -> str:
    """A stored hash as read from a hand-edited file: well-formed, or a ValidationError."""
    parts = stored.split("$")
    try:
        ok = len(parts) == 6 and parts[0] == "scrypt" and all(int(x) > 0 for x in parts[1:4])
        bytes.fromhex(parts[4])
        ok = ok and len(bytes.fromhex(parts[5])) == 32
    except (ValueError, IndexError):
        ok = False
    if not ok:
        raise ValidationError(
            "admin_pin_hash", "admin_pin_hash is not a PIN hash made by posapp; set the PIN again."
        )
    return stored


def verify_pin(pin: str, stored: str) -> bool:
    """True when ``pin`` matches; constant time in the comparison."""
    import hashlib
    import hmac

    try:
        _, n, r, p, salt, expected = check_pin_hash(stored).split("$")
        digest = hashlib.scrypt(
            pin.strip().encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p), dklen=32
        )
    except (ValidationError, ValueError):
        return False
    return hmac.compare_digest(digest.hex(), expected)


class PinLocked(Exception):
    """Too many wrong PINs: wait ``seconds`` before the next try."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"Too many wrong PINs: try again in {seconds:.0f} s.")
        self.seconds = seconds


class PinGuard:
    """Checks PINs against the stored hash; after three wrong ones each try waits longer
    (2 s, 4 s, 8 s ... up to 5 min). The clock is injectable so tests never sleep."""

    def __init__(self, stored_hash: str, clock: Callable[[], float] = time.monotonic) -> None:
        self.stored_hash = stored_hash
        self.clock = clock
        self.failures = 0
        self.locked_until = 0.0

    def check(self, pin: str) -> bool:
        """True for the right PIN. Raises PinLocked while a wait runs (the PIN is not tried)."""
        now = self.clock()
        if now < self.locked_until:
            raise PinLocked(self.locked_until - now)
        if verify_pin(pin, self.stored_hash):
            self.failures = 0
            return True
        self.failures += 1
        if self.failures >= FREE_ATTEMPTS:
            wait = min(MAX_WAIT, 2.0 ** (self.failures - FREE_ATTEMPTS + 1))
            self.locked_until = now + wait
        return False
