"""The staff workspace: what a signed-in person needs to see first."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .desk import build_desk


@login_required
def home(request):
    return render(request, "staff/home.html", {"desk": build_desk(request.user)})
