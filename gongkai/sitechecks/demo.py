"""Demo: one self-check of the seed agency's portal, so the 网站自查 page shows a real report."""

from __future__ import annotations

from django.utils import timezone

from gongkai.organizations.models import Agency

from .models import SiteCheck
from .services import run_sitecheck


def load_demo_sitecheck(agency: Agency) -> SiteCheck | None:
    """Check the demo portal as it stands today (once; later runs of the demo add nothing)."""
    if SiteCheck.objects.filter(agency=agency).exists():
        return None
    return run_sitecheck(agency=agency, on=timezone.localdate(), actor_label="演示数据")
