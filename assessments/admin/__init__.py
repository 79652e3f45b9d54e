"""The Django admin, by area: the criteria, questionnaire versions, alliances and their assessments."""

from . import alliances, criteria, questionnaires

__all__ = ["alliances", "criteria", "questionnaires"]
