"""WCAG 2 contrast, as pure functions: a colour's relative luminance and the contrast ratio of
two colours (1:1 to 21:1). Text is readable (level AA) from 4.5:1. No Qt here, so the numbers
are tested on their own and used by the theme's own tests.
"""

from __future__ import annotations

AA_TEXT = 4.5  # WCAG 2.x level AA for normal text


def parse_hex(colour: str) -> tuple[int, int, int]:
    """``#rgb`` or ``#rrggbb`` (a name is not taken) as 0-255 channels."""
    text = colour.strip().lstrip("#")
    if len(text) == 3:
        text = "".join(c * 2 for c in text)
    if len(text) != 6 or any(c not in "0123456789abcdefABCDEF" for c in text):
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str | tuple[int, int, int]) -> float:
    """WCAG relative luminance: 0 for black, 1 for white."""
    r, g, b = parse_hex(colour) if isinstance(colour, str) else colour
    return 0.2126 * _linear(r) + 0.7152 * _linear(g) + 0.0722 * _linear(b)


def contrast_ratio(
    foreground: str | tuple[int, int, int], background: str | tuple[int, int, int]
) -> float:
    """(L1 + 0.05) / (L2 + 0.05), the lighter over the darker: the same either way round."""
    a, b = relative_luminance(foreground), relative_luminance(background)
    lighter, darker = max(a, b), min(a, b)
    return (lighter + 0.05) / (darker + 0.05)
