"""Staff forms of the self-check. They validate input; the services change state."""

from __future__ import annotations

from django import forms

from gongkai.core.forms import StaffForm

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RectificationForm(StaffForm):
    measure = forms.CharField(label="整改措施", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    responsible = forms.CharField(label="责任人", max_length=60, required=False)
    due_on = forms.DateField(label="完成时限", required=False, widget=DATE)
    done_on = forms.DateField(label="完成日期", required=False, widget=DATE, help_text="整改完成后填写")
