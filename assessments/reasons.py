"""A result's reasons in words, composed when a page is drawn from the codes and figures stored.

Scoring stores why the alliance stands where it does as reason codes with their figures, and why a
stage does not hold as its `blocked_by` code (assessments/results.py reads them). This is the one
place that words them, each sentence marked for translation and composed in the language of the
page. Pattern and principle names come from the result, as they were at submission. Version 2
rules (assessments/scoring_v2.py) add reasons of their own, and store what keeps the stage at risk
and what is weakest as codes too; `verdict_sentences` words those.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import results, scoring, scoring_v2
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
    if code in _VERSION_TWO:
        return _VERSION_TWO[code](figures, result)
    raise ValueError(f"no sentence for the reason code {code!r}")


def verdict_sentences(result: Result) -> list[str]:
    """What version 2 rules found besides the reasons: what holds the alliance back or keeps its
    stage at risk, the weakest pattern and principle, and once, when so, that no warning sign shows.
    None for a result scored by version 1 rules."""
    verdict = result.verdict
    if verdict is None:
        return []
    said = [sentence(reason, result) for reason in (*verdict.at_risk, *verdict.weakest)]
    if verdict.no_warning_signs:
        said.append(_("No warning sign shows in the answers."))
    return said


def _unreliable(figures, result: Result) -> str:
    problems = []
    if figures["straight_lined"] is not None:
        problems.append(
            _("the same answer was given to all {answered} statements answered").format(answered=figures["answered"])
        )
    if count := len(figures["contradictions"]):
        problems.append(
            ngettext(
                "{count} warning sign was agreed with together with the practice it contradicts",
                "{count} warning signs were agreed with together with the practices they contradict",
                count,
            ).format(count=count)
        )
    return _(
        "The answers cannot be read reliably: {problems}. So no pattern is named; the stage still follows the rules."
    ).format(problems=_and(problems))


def _pattern_at_ceiling(figures, result: Result) -> str:
    return _(
        "The {pattern} pattern stands at {evidence}, at or above the ceiling of {ceiling}, "
        "so it holds the alliance at Stage I whatever else holds."
    ).format(
        pattern=_pattern_names([figures["pattern"]], result)[0],
        evidence=_number(figures["evidence"]),
        ceiling=_number(figures["ceiling"]),
    )


def _warning_signs_at_ceiling(figures, result: Result) -> str:
    return _(
        "The warning signs of one pattern stand at {evidence}, at or above the ceiling of {ceiling}, "
        "so the alliance stays at Stage I whatever else holds."
    ).format(evidence=_number(figures["evidence"]), ceiling=_number(figures["ceiling"]))


def _warning_signs_below(figures, result: Result) -> str:
    return _("Every Stage I pattern stays below the ceiling of {ceiling}; the highest stands at {evidence}.").format(
        evidence=_number(figures["evidence"]), ceiling=_number(figures["ceiling"])
    )


def _stage_undetermined(figures, result: Result) -> str:
    missing = [
        ngettext(
            "{needed} more statement on {pattern} ({answered} of {total} answered)",
            "{needed} more statements on {pattern} ({answered} of {total} answered)",
            m["needed"],
        ).format(
            needed=m["needed"],
            pattern=_pattern_names([m["pattern"]], result)[0],
            answered=m["answered"],
            total=m["total"],
        )
        for m in figures["missing"]
    ]
    return _("Stage {stage} cannot be judged yet: it needs a real answer to {missing}.").format(
        stage=_numeral(figures["stage"]), missing=_and(missing)
    )


def _not_yet_strategic(figures, result: Result) -> str:
    count = len(figures["missing"])
    stage_two = result.stage_evidence(2)
    return ngettext(
        "No warning sign shows: the alliance is not yet {stage}, with {count} Stage II practice still missing.",
        "No warning sign shows: the alliance is not yet {stage}, with {count} Stage II practices still missing.",
        count,
    ).format(stage=stage_two.name if stage_two else _numeral(2), count=count)


def _strong_pattern(figures, result: Result) -> str:
    return _("The {pattern} pattern shows strongly, at {evidence}, and holds the alliance back.").format(
        pattern=_pattern_names([figures["pattern"]], result)[0], evidence=_number(figures["evidence"])
    )


def _pattern_below(figures, result: Result) -> str:
    return _(
        "The {pattern} pattern stands at {evidence}, below the Stage {stage} threshold of {threshold}, "
        "which keeps the stage at risk."
    ).format(
        pattern=_pattern_names([figures["pattern"]], result)[0],
        evidence=_number(figures["evidence"]),
        stage=_numeral(figures["stage"]),
        threshold=_number(figures["threshold"]),
    )


def _low_principle(figures, result: Result) -> str:
    return _("The principle “{principle}” scores {score}, below {below}, which keeps the stage at risk.").format(
        principle=_principle_name(figures["principle"], result),
        score=_number(figures["score"]),
        below=_number(figures["below"]),
    )


def _weakest_pattern(figures, result: Result) -> str:
    return _("The weakest pattern of practice is {pattern}, at {evidence}.").format(
        pattern=_pattern_names([figures["pattern"]], result)[0], evidence=_number(figures["evidence"])
    )


def _weakest_principle(figures, result: Result) -> str:
    return _("The weakest principle is “{principle}”, at {score}.").format(
        principle=_principle_name(figures["principle"], result), score=_number(figures["score"])
    )


_HELD_BY_A_PATTERN = (scoring_v2.PATTERN_AT_CEILING, scoring_v2.WARNING_SIGNS_AT_CEILING)
_VERSION_TWO = {
    scoring_v2.UNRELIABLE_ANSWERS: _unreliable,
    scoring_v2.PATTERN_AT_CEILING: _pattern_at_ceiling,
    scoring_v2.WARNING_SIGNS_AT_CEILING: _warning_signs_at_ceiling,
    scoring_v2.WARNING_SIGNS_BELOW: _warning_signs_below,
    scoring_v2.STAGE_UNDETERMINED: _stage_undetermined,
    scoring_v2.NOT_YET_STRATEGIC: _not_yet_strategic,
    scoring_v2.STRONG_PATTERN: _strong_pattern,
    scoring_v2.PATTERN_BELOW: _pattern_below,
    scoring_v2.LOW_PRINCIPLE: _low_principle,
    scoring_v2.WEAKEST_PATTERN: _weakest_pattern,
    scoring_v2.WEAKEST_PRINCIPLE: _weakest_principle,
}


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
    if stage.blocked_by == scoring_v2.UNDETERMINED:
        return _("some of its patterns have too few real answers to be judged")
    if stage.blocked_by == scoring.BELOW_THRESHOLD:
        if stage.evidence is None:
            return _("none of its statements has a real answer")
        return _("its evidence, {evidence}, is below the threshold of {threshold}").format(
            evidence=_number(stage.evidence), threshold=_number(stage.threshold)
        )
    if stage.blocked_by == scoring.SYMPTOMS and result.verdict is not None:
        # Version 2 rules: one pattern at the ceiling holds it, whatever the mean of all warning signs.
        held = next(r for r in result.reasons if r.code in _HELD_BY_A_PATTERN)
        return _("a Stage I pattern stands at {evidence}, at or above the ceiling of {ceiling}").format(
            evidence=_number(held.figures["evidence"]), ceiling=_number(held.figures["ceiling"])
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


def _principle_name(number, result: Result) -> str:
    return next((p.name for p in result.principles if p.number == number), str(number))


def _and(words: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(words) < 2:
        return "".join(words)
    return _("{first} and {last}").format(first=", ".join(words[:-1]), last=words[-1])


def _numeral(number) -> str:
    return ROMAN_NUMERALS.get(number, str(number))


def _number(value) -> str:
    return f"{value:g}"
