"""The result an assessment stores at submission, read back into scoring's frozen dataclasses.

The stored JSON is a contract with a version, its "schema". Every reader (the result page, advice,
the charts, the alliance page, the threshold preview, the admin, the principle scores the dashboard
aggregates) reads a stored result through `read`, which knows every shape ever stored:

- Schema 2 (`scoring.SCHEMA`, written since migration 0011): reasons are codes with their figures
  (`{"code": "below_threshold", "stage": 3, "evidence": 54.1, "threshold": 60.0}`); their sentences
  are composed when a page is drawn (assessments/reasons.py). Names and statements stay as stored.
- Schema 1 (no "schema" key): reasons are English sentences. The first results, scored before the
  scoring said why a stage does not hold, also lack "blocked_by" and gap "kind". Read as stored:
  each sentence as it is (code `AS_STORED`), no reason a stage does not hold, every gap one of the
  next stage.

A result scored by version 2 rules (assessments/scoring_v2.py) is schema 2 as well, with two optional
keys more: "verdict" (the response style, the patterns named, the undetermined stages, every finding,
the strengths, what keeps the stage at risk, the weakest patterns and principles, the diagnosis) and
each gap's "diagnosis". A result without them reads as version 1 scored it, with `verdict` None.

`upgrade` turns schema 1 into schema 2, deriving the codes from the stored figures. It is what
migration 0011 runs, so it keeps to the rules the sentences were written by, whatever scoring
says later. Pure: nothing from Django.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from . import scoring
from .scoring import (
    BELOW_THRESHOLD,
    FITS_BEST,
    LOWER_STAGE,
    NEXT_STAGE,
    NO_ANSWERS,
    PLACED,
    REACHING_THRESHOLD,
    SYMPTOMS_BELOW,
    SYMPTOMS_DOMINATE,
    TOO_FEW_ANSWERS,
    Contradiction,
    Finding,
    Gap,
    PatternEvidence,
    PrincipleScore,
    Reason,
    Result,
    Shortfall,
    StageEvidence,
    Thresholds,
    Undetermined,
    Verdict,
)

# A sentence kept as it was stored: `{"code": "as_stored", "text": "…"}`.
AS_STORED = "as_stored"
# The first results quoted the best-fitting patterns' names, joined by commas: "the 'a, b' pattern".
SYMPTOMS_DOMINATE_QUOTED = "symptoms_dominate_quoted"  # symptoms, ceiling, patterns
FITS_BEST_QUOTED = "fits_best_quoted"  # patterns


class UnknownSchema(ValueError):
    """A stored result of a shape this code does not know (a newer one, or no result at all)."""


def read(stored: Mapping) -> Result:
    """A stored result, of any schema, as scoring's dataclasses."""
    schema = stored.get("schema", 1)
    if schema == 1:
        stored = _with_defaults(stored) | {"reasons": as_stored(stored["reasons"])}
    elif schema != scoring.SCHEMA:
        raise UnknownSchema(f"a stored result of schema {schema!r}; this code reads 1 to {scoring.SCHEMA}")
    return Result(
        stage=stored["stage"],
        stage_name=stored["stage_name"],
        stages=read_stages(stored["stages"]),
        patterns=tuple(PatternEvidence(**p) for p in stored["patterns"]),
        principles=tuple(PrincipleScore(**p) for p in stored["principles"]),
        answered=stored["answered"],
        total=stored["total"],
        coverage=stored["coverage"],
        too_thin=stored["too_thin"],
        best_fit=tuple(stored["best_fit"]),
        lifts=tuple(Finding(**f) for f in stored["lifts"]),
        holds_back=tuple(Finding(**f) for f in stored["holds_back"]),
        gaps=tuple(Gap(**(g | {"commitments": tuple(g["commitments"])})) for g in stored["gaps"]),
        reasons=tuple(_reason(r) for r in stored["reasons"]),
        thresholds=Thresholds(**stored["thresholds"]),
        verdict=read_verdict(stored["verdict"]) if stored.get("verdict") else None,
    )


def read_verdict(stored: Mapping) -> Verdict:
    """What version 2 rules stored besides the stage, as scoring's dataclasses."""
    return Verdict(
        rules=stored["rules"],
        reliable=stored["reliable"],
        straight_lined=stored["straight_lined"],
        contradictions=tuple(Contradiction(**c) for c in stored["contradictions"]),
        named=tuple(stored["named"]),
        undetermined=tuple(
            Undetermined(u["stage"], tuple(Shortfall(**m) for m in u["missing"])) for u in stored["undetermined"]
        ),
        findings=tuple(Finding(**f) for f in stored["findings"]),
        strengths=tuple(stored["strengths"]),
        no_warning_signs=stored["no_warning_signs"],
        at_risk=tuple(_reason(r) for r in stored["at_risk"]),
        weakest=tuple(_reason(r) for r in stored["weakest"]),
        diagnosis=stored["diagnosis"],
    )


def read_stages(stages: Iterable[Mapping]) -> tuple[StageEvidence, ...]:
    """The stored stages alone (a query may fetch just them), of any schema."""
    unsaid: dict[str, Any] = {"blocked_by": None}
    return tuple(StageEvidence(**(unsaid | dict(s))) for s in stages)


def as_stored(sentences: Iterable[str]) -> list[dict]:
    """Sentences kept word for word, as schema 2 reasons."""
    return [{"code": AS_STORED, "text": text} for text in sentences]


class PrincipleStanding(NamedTuple):
    principle: int
    score: float | None
    holds_back: bool  # one of the result's gaps to the next stage belongs to this principle


def principle_standings(result: Result) -> list[PrincipleStanding]:
    """Each principle's score in a result, and whether it holds the alliance back."""
    held_back_by = {gap.principle for gap in result.gaps if gap.principle is not None}
    return [PrincipleStanding(p.number, p.score, p.number in held_back_by) for p in result.principles]


def upgrade(stored: Mapping) -> dict:
    """A stored result in schema 2: the same figures, names and statements, its reasons as codes.

    The codes are derived from the stored figures by the rules that wrote the sentences; a result
    stored before "blocked_by" existed gets the quoted wording of its time.
    """
    if stored.get("schema") == scoring.SCHEMA:
        return dict(stored)
    quoted = any("blocked_by" not in s for s in stored["stages"])
    return {"schema": scoring.SCHEMA, **_with_defaults(stored), "reasons": _derived_reasons(stored, quoted)}


def _with_defaults(stored: Mapping) -> dict:
    """Schema 1 with what the first results lack: no reason a stage does not hold, gaps of the next stage."""
    return dict(stored) | {
        "stages": [{"blocked_by": None} | s for s in stored["stages"]],
        "gaps": [{"kind": NEXT_STAGE} | g for g in stored["gaps"]],
    }


def _reason(stored: Mapping) -> Reason:
    figures = {k: tuple(v) if isinstance(v, list) else v for k, v in stored.items() if k != "code"}
    return Reason(stored["code"], figures)


def _derived_reasons(stored: Mapping, quoted: bool) -> list[dict]:
    """The reasons schema 1 stored as sentences, as codes: `scoring._reasons` as it stood, over stored figures."""
    stages = {s["number"]: s for s in stored["stages"]}
    t = stored["thresholds"]
    symptoms = stages[1]["evidence"] if 1 in stages else None
    symptoms_dominate = symptoms is not None and symptoms >= t["symptom_ceiling"]
    fits = [p["code"] for p in stored["patterns"] if p["code"] in stored["best_fit"]]
    reasons: list[dict] = []
    if symptoms_dominate:
        code = SYMPTOMS_DOMINATE_QUOTED if quoted and fits else SYMPTOMS_DOMINATE
        reasons.append({"code": code, "symptoms": symptoms, "ceiling": t["symptom_ceiling"], "patterns": fits})
    elif symptoms is not None:
        reasons.append({"code": SYMPTOMS_BELOW, "symptoms": symptoms, "ceiling": t["symptom_ceiling"]})
    for number in (2, 3):
        s = stages[number]
        if s["thin"]:
            figures = {"answered": s["answered"], "total": s["total"], "min_coverage": t["min_coverage"]}
            reasons.append({"code": TOO_FEW_ANSWERS, "stage": number} | figures)
        elif s["evidence"] is None:
            reasons.append({"code": NO_ANSWERS, "stage": number})
        else:
            code = REACHING_THRESHOLD if s["evidence"] >= s["threshold"] else BELOW_THRESHOLD
            reasons.append({"code": code, "stage": number, "evidence": s["evidence"], "threshold": s["threshold"]})
    three = stages[3]["evidence"]
    if not stages[2]["holds"] and three is not None and three >= t["stage_three"]:
        reasons.append({"code": LOWER_STAGE, "stage": 3})
    if fits and not symptoms_dominate:
        reasons.append({"code": FITS_BEST_QUOTED if quoted else FITS_BEST, "patterns": fits})
    reasons.append({"code": PLACED, "stage": stored["stage"]})
    return reasons
