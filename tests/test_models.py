"""Model rules that are not constraints."""

from assessments import access

from .factories import AllianceFactory


def test_managers_see_only_their_own_alliances(manager, other_manager, executive, admin_user):
    """alliances_visible_to: a manager sees what they own; executives and admins see every alliance."""
    mine, theirs = AllianceFactory(owner=manager), AllianceFactory(owner=other_manager)
    assert list(access.alliances_visible_to(manager)) == [mine]
    assert set(access.alliances_visible_to(executive)) == {mine, theirs}
    assert set(access.alliances_visible_to(admin_user)) == {mine, theirs}
