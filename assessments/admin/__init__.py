"""The Django admin, by area: the criteria, questionnaire versions, alliances and their assessments, sign-ins, users."""

from . import alliances, criteria, questionnaires, sign_ins, users

__all__ = ["alliances", "criteria", "questionnaires", "sign_ins", "users"]
