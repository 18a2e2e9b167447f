"""Demo: one self-check of the seed agency's portal, so the 网站自查 page shows a real report."""

from __future__ import annotations

from django.utils import timezone

from gongkai.catalog.models import NoInformationDeclaration
from gongkai.catalog.selectors import public_documents
from gongkai.catalog.services import declare_no_information
from gongkai.organizations.models import Agency, Membership, Role

from .models import SiteCheck
from .services import run_sitecheck

# A column a township honestly has nothing for, declared so the portal shows 暂无 with the reason.
DEMO_NO_INFORMATION = ("21-township-7", "本镇2025年以来未开展村民一事一议筹资筹劳事项")


def declare_demo_no_information(agency: Agency) -> NoInformationDeclaration | None:
    item, reason = DEMO_NO_INFORMATION
    head = Membership.objects.filter(agency=agency, role=Role.OFFICE_HEAD).select_related("user").first()
    if head is None or public_documents(agency).filter(item=item).exists():
        return None
    if NoInformationDeclaration.objects.filter(agency=agency, item=item).exists():
        return None
    return declare_no_information(actor=head.user, agency=agency, item=item, reason=reason)


def load_demo_sitecheck(agency: Agency) -> SiteCheck | None:
    """Check the demo portal as it stands today (once; later runs of the demo add nothing)."""
    if SiteCheck.objects.filter(agency=agency).exists():
        return None
    declare_demo_no_information(agency)
    return run_sitecheck(agency=agency, on=timezone.localdate(), actor_label="演示数据")
