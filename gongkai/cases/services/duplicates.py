"""Suggesting 重复申请: the same applicant asking again for what they asked before."""

from __future__ import annotations

from gongkai.statute.text import similarity

from ..models import Case

# Bigram Jaccard similarity from which two descriptions are shown as probably the same request.
SIMILAR_FROM = 0.5


def similar_cases(case: Case, *, limit: int = 5) -> list[tuple[Case, float]]:
    """Earlier cases of the same applicant (same ID number, else same name) in the agency whose
    description is close; the clerk decides whether Art. 36(6) applies."""
    applicant = case.applicant
    earlier = Case.objects.filter(agency=case.agency, received_on__lte=case.received_on).exclude(pk=case.pk)
    if applicant.id_number:
        earlier = earlier.filter(applicant__id_number=applicant.id_number)
    else:
        earlier = earlier.filter(applicant_name=case.applicant_name)
    scored = [
        (other, similarity(case.description, other.description)) for other in earlier.order_by("-received_on")[:200]
    ]
    return sorted([x for x in scored if x[1] >= SIMILAR_FROM], key=lambda x: -x[1])[:limit]
