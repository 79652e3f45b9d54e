"""Results built part by part, typed as assessments/results.py reads them, for tests that need no database."""

from assessments import scoring
from assessments.scoring import Gap, PatternEvidence, Result, StageEvidence, Thresholds

THRESHOLDS = Thresholds(stage_two=60.0, stage_three=70.0, symptom_ceiling=50.0, min_coverage=50.0)
STAGE_THRESHOLDS = {1: 50.0, 2: 60.0, 3: 70.0}


def stage(number: int, evidence: float | None, blocked_by: str | None = None, holds: bool = False) -> StageEvidence:
    return StageEvidence(
        number=number,
        name=f"Stage {number} name",
        evidence=evidence,
        threshold=STAGE_THRESHOLDS[number],
        answered=1,
        total=1,
        coverage=100.0,
        thin=blocked_by == scoring.TOO_FEW_ANSWERS,
        holds=holds,
        blocked_by=blocked_by,
    )


def pattern(code: str, evidence: float | None, name: str = "", short_name: str = "") -> PatternEvidence:
    return PatternEvidence(code, int(code[1]), name or f"Pattern {code}", short_name or code, evidence, 1, 1)


def gap(code: str, pattern: str, kind: str = scoring.NEXT_STAGE) -> Gap:
    return Gap(kind, code, f"Statement {code}", 2, pattern, None, None, ())


def result(stages, patterns=(), gaps=(), placed: int = 1, best_fit=(), reasons=()) -> Result:
    return Result(
        stage=placed,
        stage_name=f"Stage {placed} name",
        stages=tuple(stages),
        patterns=tuple(patterns),
        principles=(),
        answered=1,
        total=1,
        coverage=100.0,
        too_thin=False,
        best_fit=tuple(best_fit),
        lifts=(),
        holds_back=(),
        gaps=tuple(gaps),
        reasons=tuple(reasons),
        thresholds=THRESHOLDS,
    )
