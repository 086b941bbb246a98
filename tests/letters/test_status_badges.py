"""Every status of a letter shows as a badge whose white text is readable (WCAG AA contrast, 4.5:1)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string

from r2p_letters.letters.models import Letter

APP_CSS = Path(settings.BASE_DIR) / "static" / "css" / "app.css"


def contrast_with_white(hex_colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return 1.05 / (luminance + 0.05)


@pytest.mark.parametrize("status", Letter.Status.values)
def test_each_status_badge_has_a_background_white_text_reads_on(status):
    css = APP_CSS.read_text()
    rule = re.search(rf"\.badge-status-{status}\s*\{{\s*background-color:\s*(#[0-9a-fA-F]{{6}})", css)

    assert rule, f"no background for the “{status}” badge: white text on a transparent badge"
    assert contrast_with_white(rule.group(1)) >= 4.5


@pytest.mark.parametrize("status", Letter.Status.values)
def test_the_badge_names_the_status_with_its_class(status):
    html = render_to_string("letters/_status_badge.html", {"letter": Letter(status=status)})

    assert f"badge-status-{status}" in html
    assert str(Letter.Status(status).label) in html
