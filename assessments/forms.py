"""Forms people fill in. Messages are constants the tests reuse; the rules about what may be
stored live in answering."""

from dataclasses import dataclass
from typing import NamedTuple

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.utils import dateformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import answering, scale, spellings
from .models import LABEL_FIELDS, Alliance

ANSWER_CHOICES = [(str(value), label) for value, label in scale.CHOICES] + [(scale.DONT_KNOW, scale.DONT_KNOW_LABEL)]
ITEM_NOT_IN_SECTION = _("A statement sent is not on this page. Nothing was saved.")
PAGE_NOT_SAVED = _("Nothing on this page was saved: see the marked statements below.")
CHOOSE_BETWEEN_TABS = _(
    "Changed in another tab or window after this page was loaded, to “{theirs}”, shown now; this page had"
    " “{mine}”. Nothing on the page was saved: choose the answer to keep, then save again."
)
START_IN_FUTURE = _("The start date cannot be later than today: give the day the alliance began.")
START_AFTER_FIRST_ASSESSMENT = _(
    "The start date cannot be later than the alliance's first assessment, submitted on {day}."
)


def suggestions_id(field: str) -> str:
    """The id of the datalist that suggests values for a label field."""
    return f"{field.replace('_', '-')}-suggestions"


class AllianceForm(forms.ModelForm):
    """An alliance's details. The owner is never a field: it is whoever creates the alliance.

    `today` is the latest start date allowed. Business unit and region stay free text, with the
    ones in use among `suggested_from` (the alliances the user may see) offered as suggestions, in
    the spelling the whole portfolio uses (the page renders them as a datalist per field).
    """

    class Meta:
        model = Alliance
        fields = ["name", "partner", "alliance_type", "business_unit", "region", "start_date"]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            **{field: forms.TextInput(attrs={"list": suggestions_id(field)}) for field in LABEL_FIELDS},
        }
        labels = {"alliance_type": _("Type")}

    def __init__(self, *args, today, suggested_from, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["start_date"].widget.attrs["max"] = today.isoformat()
        if self.instance.pk is None:
            self.fields["name"].widget.attrs["autofocus"] = True  # a new alliance: the cursor starts in its name
        self.suggestions = {
            suggestions_id(field): spellings.suggestions(
                Alliance.objects.label_counts(field), among=suggested_from.label_counts(field)
            )
            for field in LABEL_FIELDS
        }
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(Column("name"), Column("partner")),
            Row(Column("alliance_type"), Column("business_unit"), Column("region")),
            Row(Column("start_date", css_class="col-md-4")),
        )

    def clean_start_date(self):
        return started_by(self.cleaned_data["start_date"], self.today, self.instance)


def started_by(start_date, today, alliance):
    """The start date, unless it lies after `today` or after the alliance's first submitted assessment.

    Every form that edits alliances asks this: an alliance that started after it was assessed
    would drop out of the dashboard's past quarters that hold its assessments.
    """
    if start_date > today:
        raise forms.ValidationError(START_IN_FUTURE)
    first = alliance.first_assessed_on() if alliance.pk else None
    if first and start_date > first:
        raise forms.ValidationError(START_AFTER_FIRST_ASSESSMENT.format(day=dateformat.format(first, "j F Y")))
    return start_date


def answer_field(code: str) -> str:
    return f"answer-{code}"


def comment_field(code: str) -> str:
    return f"comment-{code}"


def revision_field(code: str) -> str:
    return f"revision-{code}"


def shared_field(code: str) -> str:
    return f"shared-{code}"


def parse_value(raw: str) -> int | None:
    """A checked option as stored: 1-5, or None for "don't know" (the form has already vetted it)."""
    return None if raw == scale.DONT_KNOW else int(raw)


def field_value(value: int | None) -> str:
    return scale.DONT_KNOW if value is None else str(value)


class Choice(NamedTuple):
    """One option of a statement's scale, as its radio input and label are drawn."""

    value: str
    id: str
    label: str
    checked: bool
    dont_know: bool


@dataclass(frozen=True)
class Drawn:
    """One field of a statement as the page draws it, read once from its bound field."""

    name: str
    id: str
    label: str
    value: str  # as the field shows it: the chosen option, the comment, the revision ("" when none)
    loaded: str  # the value the page was loaded with, sent back in its hidden "initial-" input
    errors: tuple[str, ...]


@dataclass(frozen=True)
class Statement:
    """One statement of a section page, every name, id and value its template draws already read from the form.

    The template engine looks through a bound field slowly, and a page draws some forty fields and sixty
    radio inputs: reading them here once costs a fraction. Every field of a form is disabled alike.
    """

    code: str
    help_text: str
    answer: Drawn
    choices: tuple[Choice, ...]
    comment: Drawn
    comment_max_length: str
    revision: Drawn
    shared: Drawn | None  # a survey response's choice to show the comment anonymously
    shared_checked: bool
    disabled: bool


class SectionForm(forms.Form):
    """One page of statements: for each, a radio group of the scale and an optional comment.

    `items` are the section's Item objects; `answers` maps item codes to stored answers (anything with their
    value, comment, revision and shared).
    With `disabled`, the form only shows (a submitted assessment, or a preview). A survey response's
    form (`survey`) asks, beside each comment, whether it may be shown anonymously.

    The page carries each statement as it was loaded (hidden `initial-…` fields and the revision),
    so that saving it stores only what the respondent changed since: a statement changed meanwhile
    in another tab and left alone here stays as the other tab saved it.
    """

    def __init__(self, *args, items, answers=None, disabled=False, survey=False, **kwargs):
        answers = answers or {}
        initial = {}
        # The page's own statements: a questionnaire's other answers would be initial values of no field.
        for code in (item.code for item in items if item.code in answers):
            answer = answers[code]
            initial[answer_field(code)] = field_value(answer.value)
            initial[comment_field(code)] = answer.comment
            initial[revision_field(code)] = answer.revision
            initial[shared_field(code)] = answer.shared
        super().__init__(*args, initial=initial, **kwargs)
        self.items = items
        self.survey = survey
        for item in items:
            answer = self.fields[answer_field(item.code)] = forms.ChoiceField(
                label=item.statement,
                help_text=item.help_text,
                choices=ANSWER_CHOICES,
                widget=forms.RadioSelect,
                required=False,
                disabled=disabled,
                error_messages={"invalid_choice": answering.VALUE_OFF_SCALE},
            )
            comment = self.fields[comment_field(item.code)] = forms.CharField(
                label=_("Comment (optional)"),
                widget=forms.Textarea,
                required=False,
                disabled=disabled,
                max_length=answering.COMMENT_MAX_LENGTH,
                error_messages={"max_length": answering.COMMENT_TOO_LONG},
            )
            # The revision of the answer this page shows, sent back with it so that a change made
            # meanwhile in another tab is refused rather than overwritten (answering.save_answers).
            self.fields[revision_field(item.code)] = forms.IntegerField(
                widget=forms.HiddenInput,
                initial=0,
                min_value=0,
                required=False,
                disabled=disabled,
            )
            answer.item_code = comment.item_code = item.code  # the page's script finds a statement by it
            fields = [(answer_field(item.code), answer), (comment_field(item.code), comment)]
            if survey:
                shared = self.fields[shared_field(item.code)] = forms.BooleanField(
                    label=_("Share this comment anonymously"), required=False, disabled=disabled
                )
                shared.item_code = item.code
                fields.append((shared_field(item.code), shared))
            for name, field in fields:
                field.show_hidden_initial = True  # changed_data compares with the value the page was loaded with
                field.loaded = self._loaded(name)

    def statements(self) -> list[Statement]:
        """Each statement as the page draws it (its answer, comment, revision and, in a survey, sharing), in page
        order."""
        options = [(value, str(label)) for value, label in ANSWER_CHOICES]  # translated once a page, not per radio
        return [self._statement(item, options) for item in self.items]

    def _statement(self, item, options) -> Statement:
        answer, comment, revision = (self[name(item.code)] for name in (answer_field, comment_field, revision_field))
        chosen = answer.value()
        choices = tuple(
            Choice(value, f"{answer.auto_id}_{n}", label, value == str(chosen), value == scale.DONT_KNOW)
            for n, (value, label) in enumerate(options)
        )
        shared = self[shared_field(item.code)] if self.survey else None
        return Statement(
            code=item.code,
            help_text=answer.help_text,
            answer=_drawn(answer),
            choices=choices,
            comment=_drawn(comment),
            comment_max_length=str(comment.field.max_length),
            revision=_drawn(revision, none_as="0"),
            shared=_drawn(shared) if shared else None,
            shared_checked=bool(shared.value()) if shared else False,
            disabled=answer.field.disabled,
        )

    def _loaded(self, name: str) -> str:
        """The value the page showed when it was loaded: as it posted it back, or as stored now."""
        stored = self.initial.get(name, "")
        return self.data.get(self.add_initial_prefix(name), stored) if self.is_bound else stored

    def clean(self):
        expected = set(self.fields)
        sent = {key for key in self.data if key.startswith(("answer-", "comment-", "revision-", "shared-"))}
        if sent - expected:
            raise forms.ValidationError(ITEM_NOT_IN_SECTION)
        for item in self.items:
            if self.cleaned_data.get(comment_field(item.code)) and not self.cleaned_data.get(answer_field(item.code)):
                self.add_error(comment_field(item.code), answering.COMMENT_NEEDS_ANSWER)
        if self.errors:
            # Errors sit beside their statements, which may be far down the page: say so at the top.
            raise forms.ValidationError(PAGE_NOT_SAVED)
        return self.cleaned_data

    def replies(self) -> dict[str, answering.Reply]:
        """The statements answered on this page and changed since it was loaded (the others are left as stored)."""
        changed = set(self.changed_data)
        return {
            item.code: answering.Reply(
                parse_value(self.cleaned_data[answer_field(item.code)]),
                self.cleaned_data[comment_field(item.code)],
                bool(self.cleaned_data.get(shared_field(item.code))),
            )
            for item in self.items
            if self.cleaned_data.get(answer_field(item.code))
            and {answer_field(item.code), comment_field(item.code), shared_field(item.code)} & changed
        }

    def revisions(self) -> dict[str, int]:
        """The revision each statement's answer had when the page was loaded, where the page sent it."""
        return {
            item.code: self.cleaned_data[revision_field(item.code)]
            for item in self.items
            if self.cleaned_data.get(revision_field(item.code)) is not None
        }

    def showing_stored(self, stale: dict) -> "SectionForm":
        """This page again, with the answers `stale` lists (as StaleAnswers gives them) as stored now, and
        beside each what this page had chosen: the respondent picks the one to keep and saves again."""
        mine = {code: self.cleaned_data[answer_field(code)] for code in stale}
        data = self.data.copy()
        for code, answer in stale.items():
            data[answer_field(code)] = field_value(answer["value"]) if answer["answered"] else ""
            data[comment_field(code)] = answer["comment"]
            data[revision_field(code)] = answer["revision"]
            names = [answer_field(code), comment_field(code)]
            if self.survey:
                data[shared_field(code)] = "on" if answer["shared"] else ""
                names.append(shared_field(code))
            for name in names:
                data[self.add_initial_prefix(name)] = data[name]
        form = SectionForm(data, items=self.items, survey=self.survey)
        form.is_valid()
        for code, answer in stale.items():
            # A conflict is a stored answer changed since: the other tab's is always an answer.
            theirs = _answer_words(field_value(answer["value"]))
            form.add_error(
                answer_field(code), CHOOSE_BETWEEN_TABS.format(theirs=theirs, mine=_answer_words(mine[code]))
            )
        form.add_error(None, PAGE_NOT_SAVED)
        return form


def _drawn(bound: forms.BoundField, none_as: str = "") -> Drawn:
    value = bound.value()
    return Drawn(
        name=bound.html_name,
        id=bound.auto_id,
        label=str(bound.label),
        value=none_as if value is None else str(value),
        loaded=str(getattr(bound.field, "loaded", "")),
        errors=tuple(bound.errors),
    )


def _answer_words(field: str) -> str:
    return str(dict(ANSWER_CHOICES)[field])


def kept_from_another_tab(items, kept: list[str], section: str) -> str:
    """What a page-save says of the statements another tab changed and this page did not: theirs is kept."""
    numbers = [str(number) for number, item in enumerate(items, start=1) if item.code in kept]
    return ngettext(
        "Saved. Statement {numbers} of “{section}” was changed in another tab or window, and not on this page:"
        " the answer given there is kept.",
        "Saved. Statements {numbers} of “{section}” were changed in another tab or window, and not on this page:"
        " the answers given there are kept.",
        len(numbers),
    ).format(numbers=", ".join(numbers), section=section)


class AnswerForm(forms.Form):
    """One answer, sent as it is given (the page's script posts it on change)."""

    item = forms.CharField(max_length=20)
    value = forms.ChoiceField(
        choices=ANSWER_CHOICES, required=False, error_messages={"invalid_choice": answering.VALUE_OFF_SCALE}
    )
    comment = forms.CharField(
        required=False,
        max_length=answering.COMMENT_MAX_LENGTH,
        error_messages={"max_length": answering.COMMENT_TOO_LONG},
    )
    # The revision of the answer the page showed; left out, the answer is stored whatever came before.
    revision = forms.IntegerField(min_value=0, required=False)
    shared = forms.BooleanField(required=False)

    def clean(self):
        if self.cleaned_data.get("comment") and not self.cleaned_data.get("value"):
            raise forms.ValidationError(answering.COMMENT_NEEDS_ANSWER)
        return self.cleaned_data

    def reply(self) -> answering.Reply | None:
        """The answer to store, or None when nothing is chosen yet (then nothing needs saving)."""
        if not self.cleaned_data["value"]:
            return None
        return answering.Reply(
            parse_value(self.cleaned_data["value"]), self.cleaned_data["comment"], self.cleaned_data["shared"]
        )
