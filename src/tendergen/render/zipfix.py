"""Make a zip (DOCX) reproducible: fixed entry timestamps, fixed order, fixed attributes."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

_FIRST = "[Content_Types].xml"


def normalize_zip(data: bytes, when: dt.datetime) -> bytes:
    """Rewrite a zip with every entry dated ``when``, ``[Content_Types].xml`` first and the rest by name."""
    # A zip entry can only hold the years 1980 to 2107; the spec bounds its dates, this keeps any date writable.
    stamp = (min(max(when.year, 1980), 2107), when.month, when.day, 0, 0, 0)
    source = zipfile.ZipFile(io.BytesIO(data))
    names = sorted(source.namelist(), key=lambda n: (n != _FIRST, n))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            target.writestr(info, source.read(name), compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return out.getvalue()
