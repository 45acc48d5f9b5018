"""The static files' storage in production: whitenoise's, with each URL worked out once.

Every page asks for the URLs of the same dozen assets (`{% static %}` in the
base template). The manifest that maps a name to its fingerprinted file is
read once, when the storage is made, and does not change while the process
runs, yet each lookup quoted the path again (urllib's `quote`, about 5 % of a
simple page's time). The URL of a name is therefore kept per storage
instance; Django makes a new instance when STATIC_URL or STORAGES change.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        try:
            return self._urls[name]
        except KeyError:
            # A name missing from the manifest raises here and is not kept.
            url = self._urls[name] = super().url(name)
            return url
