from __future__ import annotations

import pytest

from posapp.domain.errors import ValidationError
from posapp.setup.admin_pin import PinGuard, PinLocked, check_pin_hash, hash_pin, verify_pin
from tests.helpers import FakeClock


def test_the_pin_is_kept_only_as_a_salted_hash() -> None:
    first, second = hash_pin("4711"), hash_pin("4711")
    assert "4711" not in first
    assert first != second  # salted
    assert first.startswith("scrypt$")
    assert verify_pin("4711", first)
    assert verify_pin(" 4711 ", second)
    assert not verify_pin("4712", first)
    assert not verify_pin("", first)


@pytest.mark.parametrize("bad", ["", "123", "12ab", "1234567890123", "    "])
def test_a_pin_is_4_to_12_digits(bad: str) -> None:
    with pytest.raises(ValidationError, match="4 to 12 digits"):
        hash_pin(bad)


@pytest.mark.parametrize(
    "garbage", ["", "plain", "scrypt$1$2$3$zz$00", "md5$a$b$c$d$e", "scrypt$0$8$1$00$" + "00" * 32]
)
def test_a_hand_edited_hash_is_refused_and_never_matches(garbage: str) -> None:
    with pytest.raises(ValidationError):
        check_pin_hash(garbage)
    assert not verify_pin("1234", garbage)


def test_wrong_pins_make_each_next_try_wait_longer() -> None:
    clock = FakeClock(1000.0)
    guard = PinGuard(hash_pin("2468"), clock=clock)
    assert guard.check("1111") is False
    assert guard.check("2222") is False
    assert guard.check("3333") is False  # third wrong: a wait starts
    with pytest.raises(PinLocked) as locked:
        guard.check("2468")  # even the right PIN is not tried during the wait
    assert locked.value.seconds == pytest.approx(2.0)
    clock.advance(2.0)
    assert guard.check("4444") is False
    with pytest.raises(PinLocked) as locked:
        guard.check("2468")
    assert locked.value.seconds == pytest.approx(4.0)
    clock.advance(4.0)
    assert guard.check("2468") is True
    assert guard.failures == 0
    assert guard.check("2468") is True


def test_the_wait_is_capped() -> None:
    clock = FakeClock()
    guard = PinGuard(hash_pin("2468"), clock=clock)
    for _ in range(30):
        clock.advance(10_000)
        guard.check("0000")
    with pytest.raises(PinLocked) as locked:
        guard.check("2468")
    assert locked.value.seconds == pytest.approx(300.0)
