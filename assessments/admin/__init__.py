"""The Django admin, by area: the criteria, questionnaire versions, alliances and assessments, rounds, sign-ins."""

from . import alliances, criteria, questionnaires, rounds, sign_ins

__all__ = ["alliances", "criteria", "questionnaires", "rounds", "sign_ins"]
