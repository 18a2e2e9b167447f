"""Random registers (登记簿) for tests, shared by the cases and the reports tests."""

import datetime as dt
import random

from gongkai.statute.outcomes import OUTCOMES, ApplicantType

OUTCOME_LABELS = [o.label for o in OUTCOMES]
KINDS = list(ApplicantType)


def random_register(seed: int, n: int = 120):
    """n rows (number, applicant type, received, replied or None, outcome label or "") received
    2023–2025: every applicant type and outcome, cases carried over a year end, open cases."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        received = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(0, 3 * 365 - 40))
        kind = rng.choice(KINDS)
        replied = received + dt.timedelta(days=rng.randrange(1, 60)) if rng.random() < 0.8 else None
        if replied and replied > dt.date(2025, 11, 1):
            replied = None
        outcome = rng.choice(OUTCOME_LABELS) if replied else ""
        rows.append((f"R-{i}", kind, received, replied, outcome))
    return rows
