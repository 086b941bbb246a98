"""The start-up check that warns when a letter language's script has no font: real fontconfig, real fonts.

fontconfig reads FONTCONFIG_FILE: each test points it at a configuration holding only some fonts.
"""

import subprocess

import pytest
from django.core.checks import run_checks


def font_file(family: str) -> str:
    """The file of ``family``, as fontconfig finds it (it must be installed: no substitute)."""
    found, path = subprocess.run(
        ["fc-match", "--format", "%{family}\t%{file}", family], capture_output=True, text=True, check=True
    ).stdout.split("\t")
    assert family in found.split(","), f"{family} is not installed here"
    return path


@pytest.fixture
def fontconfig_with(tmp_path, monkeypatch):
    """fontconfig that sees only the fonts of the given families (none: no font at all)."""

    def configure(*families):
        fonts = tmp_path / "fonts"
        fonts.mkdir()
        for family in families:
            path = font_file(family)
            (fonts / path.rsplit("/", 1)[-1]).symlink_to(path)
        config = tmp_path / "fonts.conf"
        config.write_text(
            f'<?xml version="1.0"?><fontconfig><dir>{fonts}</dir><cachedir>{tmp_path / "cache"}</cachedir></fontconfig>'
        )
        monkeypatch.setenv("FONTCONFIG_FILE", str(config))

    return configure


def font_warnings():
    return [m for m in run_checks(tags=["fonts"]) if m.id.startswith("letters.")]


def test_it_finds_a_font_for_every_letter_language_on_this_machine():
    assert font_warnings() == []


def test_it_names_the_cjk_package_when_only_the_core_noto_fonts_are_installed(fontconfig_with):
    fontconfig_with("Noto Serif", "Noto Naskh Arabic")

    [warning] = font_warnings()

    assert warning.id == "letters.W001"
    assert "Chinese (zh-hans)" in warning.msg
    assert warning.hint == "Install the Debian package fonts-noto-cjk."


def test_it_warns_for_arabic_when_only_a_font_without_the_arabic_script_is_installed(fontconfig_with):
    fontconfig_with("Noto Serif", "Noto Serif CJK SC")

    [warning] = font_warnings()

    assert "Arabic (ar)" in warning.msg
    assert "no other font covers “ar” either" in warning.msg
    assert warning.hint == "Install the Debian package fonts-noto-core."


def test_it_warns_for_each_letter_language_without_any_font(fontconfig_with):
    fontconfig_with()

    warnings = font_warnings()

    assert {w.id for w in warnings} == {"letters.W001"}
    assert [w.obj for w in warnings] == [
        f"LETTER_LANGUAGES: {code}" for code in ("ar", "zh-hans", "en", "fr", "ru", "es")
    ]


def test_it_checks_a_language_added_to_the_settings(settings, fontconfig_with):
    fontconfig_with("Noto Serif")
    settings.LETTER_LANGUAGES = [("en", "English"), ("hy", "Armenian")]

    [warning] = font_warnings()

    assert warning.obj == "LETTER_LANGUAGES: hy"
    assert "fc-list :lang=hy" in warning.hint


def test_it_says_it_cannot_check_without_fontconfig(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # no fc-list on it

    [warning] = font_warnings()

    assert warning.id == "letters.W002"
