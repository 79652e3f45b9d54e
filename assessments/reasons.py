"""A result's reasons in words, composed when a page is drawn from the codes and figures stored.

Scoring stores why the alliance stands where it does as reason codes with their figures, and why a
stage does not hold as its `blocked_by` code (assessments/results.py reads them). This is the one
place that words them, each sentence marked for translation and composed in the language of the
page. Pattern names come from the result, as they were at submission.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import results, scoring
from .scoring import ROMAN_NUMERALS, Reason, Result, StageEvidence


def sentences(result: Result) -> list[str]:
    """Why the alliance stands where it does, one sentence a reason, in their stored order."""
    return [sentence(reason, result) for reason in result.reasons]


def sentence(reason: Reason, result: Result) -> str:
    """One reason in words."""
    figures = reason.figures
    code = reason.code
    if code == results.AS_STORED:
        return str(figures["text"])
    if code in (scoring.SYMPTOMS_DOMINATE, results.SYMPTOMS_DOMINATE_QUOTED, scoring.SYMPTOMS_BELOW):
        return _symptoms(reason, result)
    if code == scoring.TOO_FEW_ANSWERS:
        return _(
            "Too few Stage {stage} statements have a real answer ({answered} of {total}; {min_coverage}% needed) "
            "to trust it, so it cannot count yet."
        ).format(
            stage=_numeral(figures["stage"]),
            answered=figures["answered"],
            total=figures["total"],
            min_coverage=_number(figures["min_coverage"]),
        )
    if code == scoring.NO_ANSWERS:
        return _("No Stage {stage} statement has been answered.").format(stage=_numeral(figures["stage"]))
    if code in (scoring.REACHING_THRESHOLD, scoring.BELOW_THRESHOLD):
        text = (
            _("Stage {stage} evidence is {evidence}, reaching the threshold of {threshold}.")
            if code == scoring.REACHING_THRESHOLD
            else _("Stage {stage} evidence is {evidence}, below the threshold of {threshold}.")
        )
        return text.format(
            stage=_numeral(figures["stage"]),
            evidence=_number(figures["evidence"]),
            threshold=_number(figures["threshold"]),
        )
    if code == scoring.LOWER_STAGE:
        stage = figures["stage"]
        return _(
            "Stage {stage} practices show, but stages build on each other: they count once Stage {lower} holds."
        ).format(stage=_numeral(stage), lower=_numeral(stage - 1))
    if code == scoring.FITS_BEST:
        names = _pattern_names(figures["patterns"], result)
        return ngettext(
            "Of the Stage I patterns, the {patterns} pattern fits best.",
            "Of the Stage I patterns, the {patterns} patterns fit best.",
            len(names),
        ).format(patterns=_and(names))
    if code == results.FITS_BEST_QUOTED:
        names = _pattern_names(figures["patterns"], result)
        return _("Of the Stage I patterns, '{patterns}' fits best.").format(patterns=", ".join(names))
    if code == scoring.PLACED:
        return _("So the alliance is at Stage {stage}.").format(stage=_numeral(figures["stage"]))
    raise ValueError(f"no sentence for the reason code {code!r}")


def _symptoms(reason: Reason, result: Result) -> str:
    figures = reason.figures
    words = {"symptoms": _number(figures["symptoms"]), "ceiling": _number(figures["ceiling"])}
    if reason.code == scoring.SYMPTOMS_BELOW:
        return _("Stage I symptoms stand at {symptoms}, below the ceiling of {ceiling}.").format(**words)
    names = _pattern_names(figures["patterns"], result)
    if not names:
        return _(
            "Stage I symptoms stand at {symptoms}, at or above the ceiling of {ceiling}, "
            "so the alliance stays Opportunistic whatever else holds."
        ).format(**words)
    if reason.code == results.SYMPTOMS_DOMINATE_QUOTED:
        return _(
            "Stage I symptoms stand at {symptoms}, at or above the ceiling of {ceiling}, "
            "so the alliance stays Opportunistic whatever else holds; it looks most like the '{patterns}' pattern."
        ).format(**words, patterns=", ".join(names))
    return ngettext(
        "Stage I symptoms stand at {symptoms}, at or above the ceiling of {ceiling}, "
        "so the alliance stays Opportunistic whatever else holds; it looks most like the {patterns} pattern.",
        "Stage I symptoms stand at {symptoms}, at or above the ceiling of {ceiling}, "
        "so the alliance stays Opportunistic whatever else holds; it looks most like the {patterns} patterns.",
        len(names),
    ).format(**words, patterns=_and(names))


def why_not_held(stage: StageEvidence, result: Result) -> str:
    """Why a stage does not hold, as a clause ("its evidence, 55, is below the threshold of 60").

    Empty when the stage holds, for Stage I (it has a ceiling, not a threshold), and when the
    stored result does not say (results stored before scoring said it).
    """
    thresholds = result.thresholds
    if stage.blocked_by == scoring.TOO_FEW_ANSWERS:
        # xgettext:no-python-format
        return _("{min_coverage}% of its statements need a real answer").format(
            min_coverage=_number(thresholds.min_coverage)
        )
    if stage.blocked_by == scoring.BELOW_THRESHOLD:
        if stage.evidence is None:
            return _("none of its statements has a real answer")
        return _("its evidence, {evidence}, is below the threshold of {threshold}").format(
            evidence=_number(stage.evidence), threshold=_number(stage.threshold)
        )
    if stage.blocked_by == scoring.SYMPTOMS:
        symptoms = next(s.evidence for s in result.stages if s.number == 1)  # at or above the ceiling: a figure
        return _("Stage I symptoms stand at {symptoms}, at or above their ceiling of {ceiling}").format(
            symptoms=_number(symptoms), ceiling=_number(thresholds.symptom_ceiling)
        )
    if stage.blocked_by == scoring.LOWER_STAGE:
        return _("Stage {lower} does not hold, and the stages build on each other").format(
            lower=_numeral(stage.number - 1)
        )
    return ""


def _pattern_names(codes, result: Result) -> list[str]:
    """The patterns' short names in lower case, as they read inside a sentence."""
    names = {p.code: p.short_name.lower() for p in result.patterns}
    return [names.get(code, code) for code in codes]


def _and(words: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(words) < 2:
        return "".join(words)
    return _("{first} and {last}").format(first=", ".join(words[:-1]), last=words[-1])


def _numeral(number) -> str:
    return ROMAN_NUMERALS.get(number, str(number))


def _number(value) -> str:
    return f"{value:g}"
