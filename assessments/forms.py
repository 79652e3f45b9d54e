"""Forms people fill in. Messages are constants the tests reuse."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS

from .models import Alliance

ALLIANCE_EXISTS = "An alliance with this name and partner organisation already exists."


class AllianceForm(forms.ModelForm):
    """An alliance's details. The owner is never a field: it is whoever creates the alliance."""

    class Meta:
        model = Alliance
        fields = ["name", "partner", "alliance_type", "business_unit", "region", "start_date"]
        widgets = {"start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        labels = {"alliance_type": "Type"}
        error_messages = {NON_FIELD_ERRORS: {"unique_together": ALLIANCE_EXISTS}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(Column("name"), Column("partner")),
            Row(Column("alliance_type"), Column("business_unit"), Column("region")),
            Row(Column("start_date", css_class="col-md-4")),
        )
