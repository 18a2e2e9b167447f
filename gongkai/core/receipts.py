"""The receipt of a public submission (an application, a 意见箱 message), shown once.

After a submission the next page shows its number and query code. The code travels in the
session, never in a URL, and is emptied the first time it is shown. Submitting the same form
twice (Back, then submit again) creates nothing new and keeps the first receipt's code if it has
not been shown yet.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Receipt:
    pk: int
    code: str  # empty once shown
    repeat: bool


def remember(request, key: str, *, agency_code: str, pk: int, code: str, created: bool) -> None:
    previous = request.session.get(key) or {}
    if not created and previous.get("pk") == pk:
        code = previous.get("code", "")  # a repeat: keep the first one's code if it was not shown yet
    request.session[key] = {"agency": agency_code, "pk": pk, "code": code, "repeat": not created}


def take(request, key: str, *, agency_code: str) -> Receipt | None:
    """The receipt remembered for this agency's form, its code emptied for any later look."""
    receipt = request.session.get(key) or {}
    if receipt.get("agency") != agency_code or receipt.get("pk") is None:
        return None
    if receipt.get("code"):
        request.session[key] = {**receipt, "code": ""}
    return Receipt(pk=receipt["pk"], code=receipt.get("code", ""), repeat=receipt.get("repeat", False))
