"""Static files: once collected, pages link to hashed names that are served compressed and cached for a year;
without collectstatic (tests, `make run`) pages link to the plain names and still get them; the PDF layout
finds a collected file by either name."""

import gzip
import re

import pytest
from django.core.management import call_command
from django.template import engines
from django.test import Client, override_settings

from r2p_letters.printing.pdf import StaticOnlyFetcher

ONE_YEAR = 365 * 24 * 3600


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    root = tmp_path_factory.mktemp("staticfiles")
    with override_settings(STATIC_ROOT=root):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield root


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.django_db
def test_collected_pages_link_to_hashed_files_served_compressed_and_cached_for_a_year(collected):
    page = Client().get("/letters/").content.decode()
    style = re.search(r'href="(/static/vendor/bootstrap/bootstrap\.min\.[0-9a-f]{12}\.css)"', page)
    assert style, "the page links Bootstrap by its plain name"
    assert re.search(r'src="/static/vendor/bootstrap/bootstrap\.bundle\.min\.[0-9a-f]{12}\.js"', page)

    answer = Client().get(style.group(1), headers={"accept-encoding": "gzip"})

    assert answer.status_code == 200 and answer["Content-Encoding"] == "gzip"
    compressed = body(answer)
    assert len(compressed) < 40_000  # 230 KB of CSS
    assert gzip.decompress(compressed) == (collected / "vendor/bootstrap/bootstrap.min.css").read_bytes()
    max_age = int(re.search(r"max-age=(\d+)", answer["Cache-Control"]).group(1))
    assert max_age >= ONE_YEAR and "immutable" in answer["Cache-Control"]


@pytest.mark.django_db
def test_without_collectstatic_pages_link_to_the_plain_names_and_get_them(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "never-collected"

    page = Client().get("/letters/").content.decode()

    assert 'href="/static/css/app.css"' in page
    assert Client().get("/static/css/app.css").status_code == 200


def test_a_template_names_a_collected_file_by_its_hash_and_the_pdf_layout_still_finds_it(collected):
    url = engines["django"].from_string("{% load static %}{% static 'img/mark.png' %}").render({})
    assert re.fullmatch(r"/static/img/mark\.[0-9a-f]{12}\.png", url)

    response = StaticOnlyFetcher().fetch("file://" + url)

    assert response.read() == (collected / "img/mark.png").read_bytes()


def test_the_pdf_layout_still_refuses_what_is_not_a_static_file(collected):
    fetcher = StaticOnlyFetcher()
    for url in ("file:///etc/passwd", "file:///static/../settings.py", "file:///static/staticfiles.json"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
