"""A start-up check: every language a letter can be written in has a font that prints its script.

Without one, WeasyPrint prints empty boxes (tofu) in place of the letters, and nothing fails.
fontconfig, which WeasyPrint and Chromium both use, says which installed fonts cover which language.
"""

from __future__ import annotations

import shutil
import subprocess

from django.conf import settings
from django.core.checks import Warning

# For each letter language: fontconfig's name for its orthography, the families base.css prints it in
# (any one will do), and the Debian package that installs them.
SCRIPT_FONTS = {
    "ar": ("ar", ("Noto Naskh Arabic", "Noto Sans Arabic"), "fonts-noto-core"),
    "zh-hans": ("zh-cn", ("Noto Serif CJK SC", "Noto Sans CJK SC"), "fonts-noto-cjk"),
    "en": ("en", ("Noto Serif",), "fonts-noto-core"),
    "fr": ("fr", ("Noto Serif",), "fonts-noto-core"),
    "ru": ("ru", ("Noto Serif",), "fonts-noto-core"),
    "es": ("es", ("Noto Serif",), "fonts-noto-core"),
}


def installed_fonts() -> dict[str, set[str]] | None:
    """Each installed family with the languages fontconfig says it covers; None without fontconfig."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        out = subprocess.run(
            [fc_list, "--format", "%{family}\t%{lang}\n"], capture_output=True, text=True, timeout=20, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    fonts: dict[str, set[str]] = {}
    for line in out.splitlines():
        families, _, languages = line.partition("\t")
        for family in families.split(","):
            fonts.setdefault(family.strip(), set()).update(languages.split("|"))
    return fonts


def check_letter_fonts(app_configs=None, **kwargs) -> list[Warning]:
    """letters.W001 for each letter language no installed font prints; letters.W002 without fontconfig."""
    fonts = installed_fonts()
    if fonts is None:
        return [
            Warning(
                "fontconfig's fc-list was not found: cannot tell whether the fonts letters print in are installed.",
                hint="Install the Debian packages fontconfig, fonts-noto-core and fonts-noto-cjk.",
                id="letters.W002",
            )
        ]
    warnings = []
    for code, name in settings.LETTER_LANGUAGES:
        fc_language, families, package = SCRIPT_FONTS.get(code, (code, (), None))
        covering = {family for family, languages in fonts.items() if fc_language in languages}
        if families and covering.intersection(families):
            continue
        if not families and covering:
            continue  # a language base.css has no font for: any font of its script will do
        wanted = " or ".join(families) or f"a font covering “{fc_language}”"
        warnings.append(
            Warning(
                f"Letters in {name} ({code}) cannot print as designed: no {wanted} is installed"
                + (f", and no other font covers “{fc_language}” either" if not covering else "")
                + ".",
                hint=f"Install the Debian package {package}."
                if package
                else f"Install a font covering “{fc_language}” (fc-list :lang={fc_language}).",
                obj=f"LETTER_LANGUAGES: {code}",
                id="letters.W001",
            )
        )
    return warnings
