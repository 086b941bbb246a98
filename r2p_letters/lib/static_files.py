"""Static files under names that say their content, compressed, so browsers keep them for a year."""

from django.contrib.staticfiles.storage import staticfiles_storage
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFiles(CompressedManifestStaticFilesStorage):
    """``collectstatic`` writes each file under a hashed name ("css/app.0123456789ab.css"), with .gz and .br copies,
    and a manifest; pages then link to the hashed names, which WhiteNoise and nginx let browsers cache for a year.

    Where ``collectstatic`` has not run (tests, ``make run``, a server relying on WHITENOISE_USE_FINDERS), there is
    no manifest: pages link to the plain names, which WhiteNoise's finders serve. A file newer than the manifest
    is linked by its plain name too (collected originals stay beside the hashed copies) rather than failing the
    page; the next ``collectstatic`` hashes it.
    """

    def stored_name(self, name):
        if not self.hashed_files:
            return name
        try:
            return super().stored_name(name)
        except ValueError:  # not in the manifest
            return name


def source_name(name: str) -> str:
    """The name in the static folders of a collected file's hashed ``name`` ("css/app.0123456789ab.css" ->
    "css/app.css"); any other name as it is. For readers that look files up with the finders (PDF layout)."""
    hashed_files = getattr(staticfiles_storage, "hashed_files", None) or {}
    for original, hashed in hashed_files.items():
        if hashed == name:
            return original
    return name
