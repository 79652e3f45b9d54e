"""The Django admin, by area: criteria, questionnaire versions, alliances and assessments, rounds, sign-ins, users."""

from . import alliances, criteria, questionnaires, rounds, sign_ins, users

__all__ = ["alliances", "criteria", "questionnaires", "rounds", "sign_ins", "users"]
