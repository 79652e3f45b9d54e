"""The Django admin, by area: the criteria, questionnaire versions, alliances and their assessments, sign-ins."""

from . import alliances, criteria, questionnaires, sign_ins

__all__ = ["alliances", "criteria", "questionnaires", "sign_ins"]
