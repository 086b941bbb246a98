"""What the council tests share."""

import io
import zipfile

from r2p_letters.council.services import members_in


def formset_data(**entries) -> dict:
    """The pack page's form as the browser posts it, with ``entries`` by country code."""
    members = members_in(2026)
    data = {"form-TOTAL_FORMS": str(len(members)), "form-INITIAL_FORMS": str(len(members))}
    for i, member in enumerate(members):
        values = entries.get(member.country.code, {})
        data[f"form-{i}-country"] = member.country.code
        for field in ("name", "title", "salutation"):
            data[f"form-{i}-{field}"] = values.get(field, "")
    return data


def unzip(body: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}
