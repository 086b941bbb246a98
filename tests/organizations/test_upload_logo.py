"""An owner gives the organization a logo: it is stored, and served, as the image it is, whatever its file says."""

import io
import struct
import subprocess
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from r2p_letters.organizations.models import Organization

from ..helpers.images import png_bytes


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def pdf_document(prefix_length: int) -> bytes:
    """A one-page PDF saying "Pay the invoice", its cross-reference offsets counted from the start of the file
    it will sit in, ``prefix_length`` bytes in."""
    stream = b"BT /F1 24 Tf 72 700 Td (Pay the invoice) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(prefix_length + len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = prefix_length + len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def png_pdf_polyglot() -> bytes:
    """A file that is a valid PNG and a valid PDF: the PDF sits in a private PNG chunk right after the header."""
    png = png_bytes()
    signature_and_header = png[:33]  # the PNG signature and the IHDR chunk
    prefix = len(signature_and_header) + 8  # the private chunk's length and type come before its data
    return signature_and_header + chunk(b"pdFt", pdf_document(prefix)) + png[33:]


def is_a_pdf(data: bytes, tmp_path) -> bool:
    path = tmp_path / "probe.pdf"
    path.write_bytes(data)
    return "Pay the invoice" in subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout


def upload(client, data: bytes, name: str):
    logo = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    return client.post(reverse("organizations:new"), {"name": "Genocide Alert", "logo": logo})


def served(client):
    organization = Organization.objects.get(name="Genocide Alert")
    response = client.get(reverse("organizations:logo", args=[organization.slug]))
    return organization, response, b"".join(response.streaming_content)


def test_a_png_pdf_polyglot_uploaded_as_a_pdf_is_stored_and_served_as_a_png_only(as_, people, tmp_path):
    polyglot = png_pdf_polyglot()
    assert is_a_pdf(polyglot, tmp_path) and Image.open(io.BytesIO(polyglot)).format == "PNG"

    upload(as_("owner"), polyglot, "invoice.pdf")
    organization, response, body = served(as_(None))

    assert organization.logo.name.endswith(".png")
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert Image.open(io.BytesIO(body)).format == "PNG"
    assert b"%PDF" not in body and not is_a_pdf(body, tmp_path)


def test_a_jpeg_named_png_is_stored_and_served_as_a_jpeg(as_, people):
    buffer = io.BytesIO()
    Image.new("RGB", (80, 40), "teal").save(buffer, "JPEG")

    upload(as_("owner"), buffer.getvalue(), "logo.png")
    organization, response, body = served(as_(None))

    assert organization.logo.name.endswith(".jpg")
    assert response["Content-Type"] == "image/jpeg"
    assert Image.open(io.BytesIO(body)).size == (80, 40)


def test_a_logo_claiming_one_pixel_per_metre_is_stored_without_that_claim(as_, people):
    claims = png_bytes(dpi=(0.0254, 0.0254))
    assert b"pHYs" in claims

    upload(as_("owner"), claims, "logo.png")
    _organization, _response, body = served(as_(None))

    assert b"pHYs" not in body
    assert Image.open(io.BytesIO(body)).size == (120, 60)


def test_a_transparent_logo_keeps_its_transparency(as_, people):
    buffer = io.BytesIO()
    Image.new("RGBA", (60, 30), (200, 0, 0, 0)).save(buffer, "PNG")

    upload(as_("owner"), buffer.getvalue(), "logo.png")
    _organization, _response, body = served(as_(None))

    assert Image.open(io.BytesIO(body)).convert("RGBA").getpixel((5, 5))[3] == 0


def test_a_logo_stored_before_under_a_wrong_name_is_served_as_what_it_is(as_, ngo):
    ngo.logo.save("logo.pdf", SimpleUploadedFile("logo.pdf", png_pdf_polyglot()))

    response = as_(None).get(reverse("organizations:logo", args=[ngo.slug]))

    assert response["Content-Type"] == "image/png"


def test_a_logo_uploaded_in_the_admin_is_re_encoded_too(staff_client):
    data = {
        "name": "Genocide Alert",
        "slug": "genocide-alert",
        "letterhead": "",
        "logo": SimpleUploadedFile("invoice.pdf", png_pdf_polyglot()),
        "memberships-TOTAL_FORMS": 0,
        "memberships-INITIAL_FORMS": 0,
    }

    response = staff_client.post(reverse("admin:organizations_organization_add"), data)

    assert response.status_code == 302
    _organization, response, body = served(staff_client)
    assert response["Content-Type"] == "image/png" and b"%PDF" not in body
