"""A template author's mistakes and attacks are refused with a clear error naming the line, never a 500."""

import time

import pytest
from django.urls import reverse

from r2p_letters.letters.models import LetterTemplate
from r2p_letters.printing.html import render_letter
from r2p_letters.printing.sandbox import LetterRenderError, render_template_source

CONTEXT = {"letter": {"title": "Open letter"}}


def render(source: str) -> str:
    return render_template_source(source, "", CONTEXT)


@pytest.mark.parametrize("source", [
    "{{ ''.__class__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ letter|attr('__class__') }}",
    "{{ ''|attr('__class__')|attr('__base__') }}",
    "{{ '{0.__class__}'.format(letter) }}",
    "{{ '{x}'.format_map(letter) }}",
    "{{ 'plain {}'.format('text') }}",
    "{{ cycler.__init__.__globals__ }}",
])
def test_it_refuses_templates_that_reach_for_python_internals(source):
    with pytest.raises(LetterRenderError) as refused:
        render("<p>\n" + source + "\n</p>")

    assert refused.value.lineno == 2
    assert refused.value.describe().startswith("Line 2: ")


def test_it_refuses_string_formatting_with_percent():
    with pytest.raises(LetterRenderError, match="not allowed"):
        render("{{ '%s and %s' % ('a', 'b') }}")


def test_it_stops_an_endless_loop_in_time_and_names_its_line(settings):
    settings.LETTER_RENDER_TIMEOUT = 0.5
    source = "<p>\n{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n</p>"
    started = time.monotonic()

    with pytest.raises(LetterRenderError, match="took longer than 0.5 seconds") as stopped:
        render(source)

    assert time.monotonic() - started < 5
    assert stopped.value.lineno == 2


def test_the_interrupted_thread_goes_on_working_afterwards(settings):
    settings.LETTER_RENDER_TIMEOUT = 0.3
    with pytest.raises(LetterRenderError):
        render("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}")

    time.sleep(0.5)  # a late interruption would surface here
    assert render("{{ letter.title }}") == "Open letter"


@pytest.mark.parametrize("source", [
    "{{ 'x' * 100000000 }}",
    "{{ ['x'] * 100000000 }}",
    "{{ 10 ** 100000 }}",
    "{% set s = 'x' * 1000000 %}{{ s ~ s ~ s }}",
    "{% set s = 'x' * 1000000 %}{{ s + s + s }}",
    "{{ ('x' * 1000000)|replace('x', 'yyyyyyyyyy') }}",
    "{{ range(100000)|join('xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx') }}",
    "{{ range(1000000000) }}",
])
def test_it_refuses_to_build_a_huge_value(source):
    with pytest.raises(LetterRenderError, match="too large|limited to"):
        render(source)


def test_it_stops_a_letter_longer_than_the_output_limit(settings):
    settings.LETTER_RENDER_MAX_OUTPUT = 100_000
    with pytest.raises(LetterRenderError, match="longer than 100000 characters"):
        render("{% for i in range(100000) %}{{ 'padding ' * 100 }}{% endfor %}")


@pytest.mark.parametrize("source", ["{{ lipsum(100000) }}", "{{ 'x'|center(1000000000) }}",
                                    "{{ '%0999999999d'|format(1) }}"])
def test_it_offers_no_filter_or_global_that_makes_text_out_of_nothing(source):
    with pytest.raises(LetterRenderError):
        render(source)


def test_a_syntax_error_names_its_line():
    with pytest.raises(LetterRenderError) as refused:
        render("<p>\n\n{% for x in %}\n</p>")

    assert refused.value.lineno == 3


def test_an_undefined_name_is_an_error_not_an_empty_string():
    with pytest.raises(LetterRenderError, match="no_such_thing"):
        render("<p>\n{{ no_such_thing }}</p>")


def test_endless_recursion_is_an_error():
    with pytest.raises(LetterRenderError):
        render("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}")


def test_the_immutable_sandbox_keeps_lists_unchanged():
    with pytest.raises(LetterRenderError, match="unsafe|mutable|append"):
        render("{% set items = [1] %}{{ items.append(2) }}")


def test_a_letter_with_a_broken_template_shows_the_error_instead_of_a_500(client, make_letter):
    broken = LetterTemplate.objects.create(name="Broken", slug="broken",
                                           html="<h1>{{ letter.title }}</h1>\n{{ ''.__class__ }}")
    letter = make_letter(template=broken)

    for name in ("document", "pdf"):
        response = client.get(reverse(f"letters:{name}", args=[letter.slug]))
        assert response.status_code == 422
        assert "Line 2:" in response.content.decode()


def test_letter_text_is_escaped_on_the_page(make_letter):
    letter = make_letter(title="<script>alert('title')</script>")
    letter.paragraphs.create(section="situation", text="<script>alert(1)</script> & <b>bold</b>")

    html = render_letter(letter).html

    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html
