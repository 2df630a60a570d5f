"""A function of a text, its result kept by the text's digest for the texts seen last.

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
from typing import Generic, TypeVar

T = TypeVar("T")


class TextMemo(Generic[T]):
    def __init__(self, function: Callable[[str], T], keep: int) -> None:
        self._function = function
        self._keep = keep
        self._kept: OrderedDict[bytes, T] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, text: str) -> T:
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


def kept_per_text(keep: int) -> Callable[[Callable[[str], T]], TextMemo[T]]:
    """Decorator: `function(text)`, kept for the last `keep` distinct texts (the result
    is shared: a kept value must not be changed by its callers)."""
    return lambda function: TextMemo(function, keep)
