"""The only way WeasyPrint reaches files: templates and assets from the template folders, nothing else.

Relative references in templates and CSS (``house.css``, ``fonts/DejaVuSans.ttf``, a logo, an ``@import``)
resolve against a virtual base URL and are served from the template folders, project overrides first, after
resolving links. Anything else — http(s) (no connection is ever opened), ftp, a ``file://`` path outside the
template folders, a link inside a template folder that leads out of it — stops the render with a
:class:`RenderError` naming the URL.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from tendergen.errors import RenderError
from tendergen.render.templates import TemplateRefused, TemplateSet

BASE_URL = "file:///__tendergen_templates__/"
_BASE_PATH = "/__tendergen_templates__/"


class RefusedURL(FatalURLFetchingError):  # type: ignore[misc]
    """A document referred to something outside the template folders."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"refused to fetch `{url}`: {reason}")
        self.url = url


class TemplateFetcher(URLFetcher):  # type: ignore[misc]
    """Serve ``file:`` URLs inside the template folders; refuse everything else."""

    def __init__(self, templates: TemplateSet) -> None:
        super().__init__(allowed_protocols={"file", "data"}, fail_on_errors=True)
        self.templates = templates

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        """Return the file for ``url`` or raise :class:`RefusedURL`."""
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme != "file":
            raise RefusedURL(url, "documents may only use files from the template folders, not the network")
        path = self.resolve(unquote(parts.path))
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})

    def resolve(self, raw: str) -> Path:
        """The file a ``file:`` URL path stands for, if it lies inside a template folder."""
        if raw.startswith(_BASE_PATH):
            name = raw[len(_BASE_PATH) :]
            try:
                return self.templates.find(name)
            except TemplateRefused as exc:
                raise RefusedURL(f"file://{raw}", exc.reason) from None
            except RenderError:
                raise RefusedURL(f"file://{raw}", f"no file `{name}` in the template folders") from None
        candidate = Path(raw)
        for folder in self.templates.dirs:
            if candidate.is_absolute() and candidate.is_relative_to(folder):
                return self.resolve(_BASE_PATH + candidate.relative_to(folder).as_posix())
        raise RefusedURL(f"file://{raw}", "only files inside the template folders may be used")
