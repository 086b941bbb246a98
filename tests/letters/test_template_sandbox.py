"""A template author's mistakes and attacks are refused with a clear error naming the line, never a 500."""

import threading
import time

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from r2p_letters.letters.models import LetterTemplate
from r2p_letters.printing.html import render_letter
from r2p_letters.printing.sandbox import LetterRenderError, render_template_source

CONTEXT = {"letter": {"title": "Open letter"}}


def render(source: str) -> str:
    return render_template_source(source, "", CONTEXT)


@pytest.mark.parametrize(
    "source",
    [
        "{{ ''.__class__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ letter|attr('__class__') }}",
        "{{ ''|attr('__class__')|attr('__base__') }}",
        "{{ '{0.__class__}'.format(letter) }}",
        "{{ '{x}'.format_map(letter) }}",
        "{{ 'plain {}'.format('text') }}",
        "{{ cycler.__init__.__globals__ }}",
    ],
)
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


@pytest.mark.parametrize(
    "source",
    [
        "{{ 'x' * 100000000 }}",
        "{{ ['x'] * 100000000 }}",
        "{{ 10 ** 100000 }}",
        "{% set s = 'x' * 1000000 %}{{ s ~ s ~ s }}",
        "{% set s = 'x' * 1000000 %}{{ s + s + s }}",
        "{{ ('x' * 1000000)|replace('x', 'yyyyyyyyyy') }}",
        "{{ range(100000)|join('xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx') }}",
        "{{ range(1000000000) }}",
    ],
)
def test_it_refuses_to_build_a_huge_value(source):
    with pytest.raises(LetterRenderError, match="too large|limited to"):
        render(source)


def test_it_stops_a_letter_longer_than_the_output_limit(settings):
    settings.LETTER_RENDER_MAX_OUTPUT = 100_000
    with pytest.raises(LetterRenderError, match="longer than 100000 characters"):
        render("{% for i in range(100000) %}{{ 'padding ' * 100 }}{% endfor %}")


@pytest.mark.parametrize(
    "source", ["{{ lipsum(100000) }}", "{{ 'x'|center(1000000000) }}", "{{ '%0999999999d'|format(1) }}"]
)
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
    broken = LetterTemplate.objects.create(
        name="Broken", slug="broken", html="<h1>{{ letter.title }}</h1>\n{{ ''.__class__ }}"
    )
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


# A comparison of two 2,000,000-character strings, 200,000 times over: one C-level call that no check between
# Python bytecodes can interrupt (about a minute of CPU). The `if` makes the sample letter skip it.
SLOW_IN_C = (
    "{% set s = 'a' * 1999999 %}{% set t = 'a' * 1999998 ~ 'b' %}"
    "<p>\n{% if letter.title != 'X' %}{{ s in [t] * 200000 }}{% endif %}</p>"
)
SLOW_IN_C_ON_ONE_LETTER = SLOW_IN_C.replace("letter.title != 'X'", "letter.title == 'Hostile'")
# With a time limit of 1 s, what a stopped render may take: the limit, the grace before its worker is killed,
# and room for a busy machine.
STOPPED_WITHIN = 8


@pytest.fixture
def started_workers():
    """The workers are up (a worker takes a second or more to start): what a test times is the render."""
    assert render("{{ letter.title }}") == "Open letter"


def test_a_comparison_that_runs_in_c_is_stopped_within_the_time_limit(settings, started_workers):
    settings.LETTER_RENDER_TIMEOUT = 1
    started = time.monotonic()

    with pytest.raises(LetterRenderError, match="took longer than 1 seconds"):
        render(SLOW_IN_C)

    assert time.monotonic() - started < STOPPED_WITHIN


@pytest.mark.parametrize("source", ["{{ ''.ljust(10**9) }}", "{{ ''.ljust(10**12) }}", "{{ 'x'.rjust(10**9) }}"])
def test_a_template_that_asks_for_a_gigabyte_is_refused_for_memory(source):
    with pytest.raises(LetterRenderError, match="more memory than the server allows"):
        render(source)


def test_the_renders_after_a_stopped_one_work(settings):
    settings.LETTER_RENDER_TIMEOUT = 1
    for source in (SLOW_IN_C, "{{ ''.ljust(10**12) }}"):
        with pytest.raises(LetterRenderError):
            render(source)

        assert render("{{ letter.title }}") == "Open letter"


@pytest.fixture
def hostile_letter(make_letter):
    """A public letter whose template runs a comparison in C for about a minute."""
    hostile = LetterTemplate.objects.create(name="Hostile", slug="hostile", html=SLOW_IN_C_ON_ONE_LETTER)
    return make_letter(template=hostile, title="Hostile")


@pytest.mark.parametrize(("name", "status"), [("document", 422), ("pdf", 503)])
def test_a_hostile_template_gets_a_clear_page_in_time_and_the_next_request_works(
    client, settings, hostile_letter, make_letter, name, status
):
    settings.LETTER_RENDER_TIMEOUT = 1
    letter = make_letter(title="Protect civilians")
    assert client.get(reverse(f"letters:{name}", args=[letter.slug])).status_code == 200  # the workers are up
    started = time.monotonic()

    response = client.get(reverse(f"letters:{name}", args=[hostile_letter.slug]))

    assert time.monotonic() - started < STOPPED_WITHIN
    assert response.status_code == status
    assert "took longer than" in response.text
    after = client.get(reverse(f"letters:{name}", args=[make_letter(title="Protect civilians now").slug]))
    assert after.status_code == 200


def test_a_template_asking_for_a_terabyte_gets_a_clear_page_not_a_500(client, make_letter):
    template = LetterTemplate.objects.create(name="Greedy", slug="greedy", html="<p>{{ ''.ljust(10**12) }}</p>")
    letter = make_letter(template=template)

    for name in ("document", "pdf"):
        response = client.get(reverse(f"letters:{name}", args=[letter.slug]))
        assert response.status_code in (422, 503)
        assert "more memory than the server allows" in response.text


@pytest.mark.django_db(transaction=True)
def test_while_a_hostile_template_renders_other_visitors_are_answered_at_once(settings, hostile_letter, make_letter):
    settings.LETTER_RENDER_TIMEOUT = 3
    letter = make_letter(title="Protect civilians")
    assert Client().get(reverse("letters:document", args=[letter.slug])).status_code == 200  # workers started
    assert Client().get(reverse("letters:library")).status_code == 200  # and the page's first-time costs paid
    hostile = {}

    def visit_the_hostile_letter():
        hostile["response"] = Client().get(reverse("letters:document", args=[hostile_letter.slug]))
        connection.close()

    visitor = threading.Thread(target=visit_the_hostile_letter)
    visitor.start()
    time.sleep(0.5)  # the hostile render is under way
    started = time.monotonic()
    library = Client().get(reverse("letters:library"))
    answered_in = time.monotonic() - started
    still_rendering = visitor.is_alive()
    visitor.join(30)

    assert library.status_code == 200
    assert answered_in < 1
    assert still_rendering
    assert hostile["response"].status_code == 422


def test_the_save_check_of_a_hostile_template_stops_in_time(as_, ngo, examples, settings, started_workers):
    settings.LETTER_RENDER_TIMEOUT = 1
    template = LetterTemplate.objects.create(name="House", slug="house", organization=ngo, html="<p>x</p>")
    started = time.monotonic()

    response = as_("owner").post(
        reverse("letters:template_edit", args=[ngo.slug, template.slug]),
        {"name": "House", "description": "", "html": SLOW_IN_C, "css": ""},
    )

    assert time.monotonic() - started < STOPPED_WITHIN
    assert response.status_code == 200
    assert "took longer than 1 seconds" in response.text
    template.refresh_from_db()
    assert template.html == "<p>x</p>"
