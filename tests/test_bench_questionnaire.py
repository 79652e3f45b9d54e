"""The questionnaire benchmark runs end to end, prints its figures and leaves nothing behind."""

import io

import pytest
from django.core.management import call_command

from assessments.models import Alliance, Answer, Assessment, Questionnaire

pytestmark = pytest.mark.django_db


def test_benchmark_prints_every_page_for_both_sizes_and_rolls_back(published):
    """Eleven figures (closing a survey of 50, the round page and a link holder's pages among them) for the real and
    the doubled questionnaire, query counts equal, no data left."""
    out = io.StringIO()
    call_command("bench_questionnaire", runs=2, copies=2, stdout=out)
    text = out.getvalue()
    assert "Questionnaire of 74 statements in 8 sections" in text
    assert "Questionnaire of 148 statements in" in text
    pages = ("open a section", "save one answer", "save a section", "review page", "submit", "round page")
    for page in (*pages, "a section by link", "an answer by link"):
        assert text.count(page) == 2
    assert text.count("result page") == 4  # the assessment's and the survey's
    assert text.count("close a survey of 50") == 3  # both sizes, and the note on its count
    assert "Query counts are the same for both sizes." in text
    assert text.count("floor: 60 radio groups") == 1
    assert "Opening a section takes " in text and "x the floor's CPU time" in text
    assert (Alliance.objects.count(), Assessment.objects.count(), Answer.objects.count()) == (0, 0, 0)
    assert Questionnaire.objects.count() == 1
