"""Proofreading a case's letters as the case would print them now (shared by the cases and demo tests)."""

from gongkai.cases.models import Case
from gongkai.cases.services.letters import available_letters, letter_context
from gongkai.letters.services import proofread_letter


def letters_of(case: Case) -> list[tuple[str, object]]:
    """(kind, consultation) of every letter the case can print now."""
    return [(kind, consultation) for kind, _, consultation in available_letters(case)]


def marked_findings(case: Case, kind: str, consultation=None) -> list:
    """Proofreading findings in the letter, rendered from the case's facts with every value marked."""
    context = letter_context(case, kind, consultation)
    return proofread_letter(agency=case.agency, kind=kind, context=context, reference=case.number)


def describe(case: Case, kind: str, findings) -> list[str]:
    return [f"{case.number} {kind}: {f.message}（{f.excerpt}）" for f in findings]
