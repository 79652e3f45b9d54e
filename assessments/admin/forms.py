"""The admin's own forms: thresholds previewed before saving, a quick item inline, the file upload."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .. import scoring, untrusted_files
from ..impact import threshold_impact
from ..models import THRESHOLD_FIELDS, Commitment, Item, Pattern, Principle, Questionnaire

PREVIEW_HEADING = _("These thresholds are not saved yet.")
PREVIEW_CONFIRM = _("Stored results stay as they are. Save again to apply the new thresholds.")
NOT_UTF8 = _("The file is not UTF-8 text; save it as UTF-8 YAML or JSON and try again.")


class QuestionnaireForm(forms.ModelForm):
    """Saving new thresholds takes two saves: the first shows which alliances would move stage, and saves nothing.

    That first save is not an error, so it leaves the form without errors and keeps the impact in
    `threshold_preview`; `is_valid` is False until the thresholds typed are the ones last previewed.
    """

    # The thresholds whose impact was last shown; a save applies them only if they are still the ones typed.
    previewed_thresholds = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Questionnaire
        fields = ["version", "title", *THRESHOLD_FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.threshold_preview = None

    def is_valid(self):
        return super().is_valid() and self.threshold_preview is None

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None or self.errors or not set(self.changed_data) & set(THRESHOLD_FIELDS):
            return cleaned
        thresholds = scoring.Thresholds(
            stage_two=float(cleaned["stage_two_threshold"]),
            stage_three=float(cleaned["stage_three_threshold"]),
            symptom_ceiling=float(cleaned["symptom_ceiling"]),
            min_coverage=float(cleaned["min_coverage"]),
        )
        signature = ",".join(f"{value:g}" for value in vars(thresholds).values())
        if cleaned.get("previewed_thresholds") != signature:
            self.data = self.data.copy()
            self.data[self.add_prefix("previewed_thresholds")] = signature
            self.threshold_preview = threshold_impact(thresholds)
        return cleaned


class ItemInlineFormSet(forms.BaseInlineFormSet):
    """Seventy rows of three dropdowns: load each dropdown's choices once, not once per row, with short labels."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        blank = [("", "---------")]
        self._choices = {
            "pattern": blank + [(p.pk, f"{p.code} {p.short_name}") for p in Pattern.objects.select_related("stage")],
            "principle": blank + [(p.pk, shorten(str(p), 32)) for p in Principle.objects.all()],
            "commitment": blank + [(c.pk, shorten(str(c), 40)) for c in Commitment.objects.select_related("principle")],
        }

    def _construct_form(self, i, **kwargs):
        return self._share_choices(super()._construct_form(i, **kwargs))

    @property
    def empty_form(self):
        # Rows added in the page go last unless the editor types another place.
        form = self._share_choices(super().empty_form)
        if "order" in form.fields:
            form.fields["order"].initial = max((f.instance.order for f in self.initial_forms), default=0) + 10
        return form

    def _share_choices(self, form):
        for name, choices in self._choices.items():
            if name in form.fields:
                form.fields[name].choices = choices
        return form


def shorten(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


class CodesField(forms.CharField):
    """Item codes typed as "WHY-01, WHY-05", stored as a list."""

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        return [code for code in (part.strip() for part in (value or "").split(",")) if code]

    def has_changed(self, initial, data):
        return (initial or []) != self.to_python(data)


class ItemInlineForm(forms.ModelForm):
    contradicts = CodesField(
        label=_("contradicts"),
        required=False,
        widget=forms.TextInput(attrs={"style": "width: 7em"}),
        help_text=_("For a warning sign: the codes of the practices it contradicts, separated by commas."),
    )

    class Meta:
        model = Item
        fields = [
            "order",
            "section",
            "code",
            "statement",
            "help_text",
            "weight",
            "pattern",
            "principle",
            "commitment",
            "contradicts",
            "audience",
        ]
        # Narrow inputs so a row, dropdowns included, fits a laptop screen beside the admin's menu.
        widgets = {
            "order": forms.NumberInput(attrs={"style": "width: 4em"}),
            "code": forms.TextInput(attrs={"style": "width: 6.5em"}),
            "statement": forms.Textarea(attrs={"rows": 3, "style": "width: 22em"}),
            "help_text": forms.Textarea(attrs={"rows": 3, "style": "width: 12em"}),
            "weight": forms.NumberInput(attrs={"style": "width: 4em", "step": "0.25"}),
            "pattern": forms.Select(attrs={"style": "width: 11em"}),
            "principle": forms.Select(attrs={"style": "width: 10em"}),
            "commitment": forms.Select(attrs={"style": "width: 10em"}),
            "section": forms.TextInput(attrs={"style": "width: 9em"}),
        }


class CriteriaFileForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("A criteria file in YAML or JSON, as a version's “Export YAML” or “Export JSON” button gives it."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            untrusted_files.check_size(upload.size)
            return upload.read().decode("utf-8")
        except untrusted_files.UnreadableFile as refusal:
            raise ValidationError(refusal.message) from None
        except UnicodeDecodeError:
            raise ValidationError(NOT_UTF8) from None
