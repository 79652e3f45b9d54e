"""The template tags every page shares."""

import pytest
from django.template import Context, Template

from tests.factories import ExecutiveFactory, ManagerFactory


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


@pytest.mark.parametrize(
    ("stage", "badge"),
    [
        (1, '<span class="badge text-bg-warning">Stage I</span>'),
        (2, '<span class="badge text-bg-primary">Stage II</span>'),
        (3, '<span class="badge text-bg-success">Stage III</span>'),
        (None, '<span class="badge text-bg-secondary">Not assessed</span>'),
    ],
)
def test_stage_badge_colours_each_stage_the_same_everywhere(stage, badge):
    """Stage I is amber, II blue, III green; no stage reads "Not assessed" in grey."""
    assert render("{% load stages %}{% stage_badge stage %}", stage=stage) == badge


def test_stage_badge_can_carry_the_stage_name_escaped():
    """The optional name follows the numeral, escaped like any text."""
    html = render("{% load stages %}{% stage_badge 2 name %}", name="Strategic <b>")
    assert html == '<span class="badge text-bg-primary">Stage II · Strategic &lt;b&gt;</span>'


def test_stage_colour_names_the_bootstrap_colour():
    """The filter gives the colour name for other elements, and "secondary" for no stage."""
    assert render("{% load stages %}{{ 1|stage_colour }} {{ 3|stage_colour }} {{ x|stage_colour }}") == (
        "warning success secondary"
    )


@pytest.mark.django_db
def test_role_filters_tell_managers_from_executives():
    """`is_manager` and `is_executive` read the user's groups."""
    source = "{% load roles %}{{ u|is_manager }} {{ u|is_executive }}"
    assert render(source, u=ManagerFactory()) == "True False"
    assert render(source, u=ExecutiveFactory()) == "False True"


def test_phrase_picks_an_answers_sentence_from_those_composed_for_the_page():
    """`{{ now|phrase:value }}` reads the sentence composed for that answer, "don't know" included."""
    template = Template("{% load answers %}{{ now|phrase:4 }} / {{ now|phrase:None }}")
    now = {4: "now: “Agree”", None: "now: not known"}
    assert template.render(Context({"now": now})) == "now: “Agree” / now: not known"
