"""Rate limit for failed status lookups, so query codes cannot be guessed by trying.

A query code has 31^8 (about 8.5 × 10^11) values; five tries per quarter hour per address and per
case number makes guessing hopeless, while an applicant who mistypes a few times is not stuck.

Counters live in Django's cache (LocMemCache by default, per process: good enough for one server;
point CACHES at a shared cache when running several). Each key counts failures in a fixed window
that starts at the first failure; reaching the limit blocks that key for ``BLOCK_SECONDS``.

Interface: ``blocked(keys)`` before trying, ``record_failure(keys)`` after a miss. Build the keys
with ``lookup_keys``. A success resets nothing: the counters are about attempts, and resetting on
success would let someone who knows one code keep guessing others from the same address.
"""

from __future__ import annotations

import re
import unicodedata

from django.core.cache import cache

MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60
BLOCK_SECONDS = 15 * 60

_PREFIX = "portal:lookup"


def _number_key(number: str) -> str:
    """The case number as ``lookup_case`` reads it (year and sequence), so retyping it another way
    ("2024-12", "2024年第12号") still counts against the same case."""
    text = unicodedata.normalize("NFKC", number or "")
    match = re.search(r"(\d{4})\D+(\d+)", text)
    if match:
        return f"{int(match[1])}-{int(match[2])}"
    return re.sub(r"\s+", "", text)[:60] or "-"


def lookup_keys(*, agency_code: str, client_ip: str, number: str) -> list[str]:
    """The counters one lookup attempt touches: the client's address and the case it names."""
    return [f"ip:{client_ip or '-'}", f"case:{agency_code}:{_number_key(number)}"]


def blocked(keys: list[str]) -> bool:
    return any(cache.get(f"{_PREFIX}:block:{key}") for key in keys)


def record_failure(keys: list[str]) -> None:
    for key in keys:
        count_key = f"{_PREFIX}:count:{key}"
        # add() only creates the counter (with its window); incr() is atomic in every cache backend.
        cache.add(count_key, 0, timeout=WINDOW_SECONDS)
        try:
            count = cache.incr(count_key)
        except ValueError:  # the window expired between add() and incr()
            cache.add(count_key, 1, timeout=WINDOW_SECONDS)
            count = 1
        if count >= MAX_FAILURES:
            cache.set(f"{_PREFIX}:block:{key}", True, timeout=BLOCK_SECONDS)
            cache.delete(count_key)


def client_ip(request) -> str:
    """REMOTE_ADDR only: X-Forwarded-For is set by the client unless a trusted proxy rewrites it,
    and trusting it would let anyone escape the limit by sending a new header each time. Behind a
    reverse proxy the deployment must make REMOTE_ADDR the client's address, not this code."""
    return request.META.get("REMOTE_ADDR", "")
