"""WCAG contrast as pure functions, checked against the standard's own reference points."""

from __future__ import annotations

import pytest

from posapp.ui.contrast import AA_TEXT, contrast_ratio, parse_hex, relative_luminance


def test_black_and_white_are_the_extremes() -> None:
    assert relative_luminance("#000000") == 0
    assert relative_luminance("#ffffff") == pytest.approx(1)
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1)


def test_the_ratio_is_the_same_either_way_round() -> None:
    assert contrast_ratio("#1f2d3d", "#eef1f5") == contrast_ratio("#eef1f5", "#1f2d3d")


def test_known_values_from_the_wcag_reference_calculators() -> None:
    # #777777 on white is the classic "just fails AA" grey (4.48:1); #767676 just passes (4.54)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert contrast_ratio("#777777", "#ffffff") < AA_TEXT < contrast_ratio("#767676", "#ffffff")
    # pure red on white: 4.0:1; the green channel weighs most in luminance
    assert contrast_ratio("#ff0000", "#ffffff") == pytest.approx(4.0, abs=0.01)
    assert relative_luminance("#00ff00") > relative_luminance("#ff0000")
    assert relative_luminance("#ff0000") > relative_luminance("#0000ff")


def test_short_hex_tuples_and_case_are_taken() -> None:
    assert parse_hex("#FfF") == (255, 255, 255)
    assert parse_hex("1b6e3a") == (0x1B, 0x6E, 0x3A)
    assert relative_luminance((255, 255, 255)) == relative_luminance("#fff")


@pytest.mark.parametrize("bad", ["", "#12", "#12345", "red", "#1234567"])
def test_a_colour_that_is_not_hex_is_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="not a #rrggbb colour"):
        parse_hex(bad)
