"""Model rules that are not constraints."""

from assessments import access, scoring
from assessments.models import Pattern, Questionnaire, Stage

from .factories import AllianceFactory


def test_managers_see_only_their_own_alliances(manager, other_manager, executive, admin_user):
    """alliances_visible_to: a manager sees what they own; executives and admins see every alliance."""
    mine, theirs = AllianceFactory(owner=manager), AllianceFactory(owner=other_manager)
    assert list(access.alliances_visible_to(manager)) == [mine]
    assert set(access.alliances_visible_to(executive)) == {mine, theirs}
    assert set(access.alliances_visible_to(admin_user)) == {mine, theirs}


def test_a_new_version_holds_alliances_to_the_scoring_defaults():
    """A questionnaire version made without thresholds gets 60/60/50/50, the values scoring defines."""
    assert Questionnaire().thresholds == scoring.DEFAULT_THRESHOLDS == scoring.Thresholds(60, 60, 50, 50)


def test_a_stage_and_a_pattern_are_named_the_one_way():
    """Stage 2 reads "Stage II: Strategic"; its fourth pattern is S2-P4."""
    stage = Stage(number=2, name="Strategic")
    assert str(stage) == "Stage II: Strategic"
    assert Pattern(stage=stage, number=4).code == scoring.pattern_code(2, 4) == "S2-P4"
