"""A PDF cache folder that cannot be written (disk full, read-only): the PDF is served all the same, the
failure is logged, and no partial file is left behind.

The folders fail for real: as root (where permissions do not stop writes), a small tmpfs, filled up or
mounted read-only; otherwise a folder without write permission (and the full disk is skipped, loudly).
"""

import contextlib
import logging
import os
import subprocess

import pytest
from django.urls import reverse

from ..helpers.pdf import pdf_text
from .conftest import missing

TMPFS_KB = 256


@contextlib.contextmanager
def tmpfs(path, *options):
    path.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", ",".join([f"size={TMPFS_KB}k", *options]), "tmpfs", str(path)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        missing(f"COULD NOT MOUNT A TMPFS ({mounted.stderr.strip()}): the full-disk test cannot run here.")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=True)


@pytest.fixture
def full_cache_dir(tmp_path, settings):
    """A cache folder on a file system with a few KB left: a PDF's first bytes fit, the rest does not."""
    if os.geteuid() != 0:
        missing("NOT ROOT: the full-disk test mounts a small tmpfs, which needs root.")
    with tmpfs(tmp_path / "full") as folder:
        with open(folder / "filler", "wb") as filler:
            with contextlib.suppress(OSError):
                filler.write(b"\0" * TMPFS_KB * 1024)  # up to "no space left"
            filler.truncate(filler.tell() - 8 * 1024)
        stat = os.statvfs(folder)
        assert 0 < stat.f_bavail * stat.f_frsize <= 16 * 1024
        settings.PDF_CACHE_DIR = folder / "pdf-cache"
        folder.joinpath("pdf-cache").mkdir()
        yield settings.PDF_CACHE_DIR


@pytest.fixture
def read_only_cache_dir(tmp_path, settings):
    folder = tmp_path / "read-only"
    if os.geteuid() == 0:
        with tmpfs(folder, "ro") as mounted:
            settings.PDF_CACHE_DIR = mounted
            yield mounted
    else:
        folder.mkdir()
        folder.chmod(0o555)
        settings.PDF_CACHE_DIR = folder
        yield folder
        folder.chmod(0o755)


@pytest.fixture
def letter(make_letter, ngo):
    return make_letter(lead_organization=ngo, title="Protect civilians in Darfur")


def download(client, letter):
    return client.get(reverse("letters:pdf", args=[letter.slug]))


def test_a_full_disk_still_serves_the_pdf_and_leaves_no_partial_file(client, letter, full_cache_dir, caplog):
    with caplog.at_level(logging.ERROR, logger="r2p_letters.printing.pdf_cache"):
        first = download(client, letter)
        again = download(client, letter)

    for response in (first, again):
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert "Protect civilians in Darfur" in pdf_text(response.content)
    assert list(full_cache_dir.iterdir()) == []  # neither a PDF nor a partial temporary file
    assert "could not store" in caplog.text and "No space left on device" in caplog.text


def test_a_read_only_cache_folder_still_serves_the_pdf(client, letter, read_only_cache_dir, caplog):
    with caplog.at_level(logging.ERROR, logger="r2p_letters.printing.pdf_cache"):
        response = download(client, letter)

    assert response.status_code == 200
    assert "Protect civilians in Darfur" in pdf_text(response.content)
    assert list(read_only_cache_dir.iterdir()) == []
    assert "could not store" in caplog.text


def test_once_the_disk_has_room_again_pdfs_are_cached(client, letter, full_cache_dir):
    assert download(client, letter).status_code == 200
    (full_cache_dir.parent / "filler").unlink()

    assert download(client, letter).status_code == 200
    assert [path.suffix for path in full_cache_dir.iterdir()] == [".pdf"]
