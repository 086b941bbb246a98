"""Light formatting of letter text: **bold**, *italic*, [links](https://…) and lists, nothing else.

Markdown (markdown-it-py, raw HTML off) turns the text into HTML; nh3 then keeps only an
allow-list of tags and attributes, so nothing else reaches the page or the PDF.
"""

import nh3
from django.utils import formats, translation
from markdown_it import MarkdownIt
from markupsafe import Markup

_BLOCK = MarkdownIt("zero", {"html": False, "linkify": False, "breaks": False}).enable(
    ["emphasis", "link", "list", "paragraph", "escape", "newline"]
)
BLOCK_TAGS = {"p", "strong", "em", "a", "ul", "ol", "li", "br"}
INLINE_TAGS = {"strong", "em", "a", "br"}
ATTRIBUTES = {"a": {"href"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}


def _clean(html: str, tags: set[str]) -> Markup:
    return Markup(
        nh3.clean(html, tags=tags, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel="noopener noreferrer")
    )


def format_block(text: str) -> Markup:
    """A paragraph of the letter as HTML: one <p>, or a list, with bold, italic and links."""
    return _clean(_BLOCK.render(text), BLOCK_TAGS)


def format_inline(text: str) -> Markup:
    """Text that sits inside a sentence or a line (an ask, a citation): bold, italic and links only."""
    return _clean(_BLOCK.renderInline(text), INLINE_TAGS)


def long_date(value, *, month_first: bool = False) -> str:
    """A date written out in the active language as Django's locale data writes it ("3 mars 2026",
    "2026年3月3日", "3 марта 2026 г."); English keeps the United Nations' "3 March 2026", or with
    ``month_first`` "March 3, 2026"."""
    english = (translation.get_language() or "en").split("-")[0] == "en"
    if not english:
        return formats.date_format(value, "DATE_FORMAT")
    return formats.date_format(value, "F j, Y" if month_first else "j F Y")
