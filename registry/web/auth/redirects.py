"""Where a sign-in may send the user next: only to a page of this site."""

from __future__ import annotations

from urllib.parse import urlsplit


def safe_next(target: str | None) -> str | None:
    """`target` when it is a relative path on this site, else None.

    Browsers read `//host` and `/\\host` as another site and drop tabs and
    newlines anywhere in a URL, so those are refused before parsing.
    """
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(char) < 0x20 or ord(char) == 0x7F for char in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target
