"""A text → text function, kept by the text's digest for the texts seen last.

Pilot texts are up to 20,000 characters each. An `lru_cache` keyed by the
text itself holds every kept text twice over (key and result), up to a few
dozen megabytes per worker for a register full of long texts; a 16-byte
digest of the text keeps only the results. Hashing costs a fraction of what
is kept (Markdown parsing, sanitising).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable


class TextMemo:
    def __init__(self, function: Callable[[str], str], keep: int) -> None:
        self._function = function
        self._keep = keep
        self._kept: OrderedDict[bytes, str] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, text: str) -> str:
        key = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        with self._lock:
            found = self._kept.get(key)
            if found is not None:
                self._kept.move_to_end(key)
                return found
        result = self._function(text)
        with self._lock:
            self._kept[key] = result
            if len(self._kept) > self._keep:
                self._kept.popitem(last=False)
        return result


def kept_per_text(keep: int) -> Callable[[Callable[[str], str]], TextMemo]:
    """Decorator: `function(text)`, kept for the last `keep` distinct texts."""
    return lambda function: TextMemo(function, keep)
