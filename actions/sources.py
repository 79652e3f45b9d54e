"""Where on a result an action is made from: the statement it starts from, its code, principle and kind.

Pure: a result read by assessments/results.py in, plain data out. The result page offers an action
on each gap, warning sign, strength at risk and answered statement; the action's targets are filled
in from what the stored result says about that statement, never from what the browser sends.
"""

from __future__ import annotations

from dataclasses import dataclass

from assessments import scoring, scoring_v2
from assessments.scoring import Result

# The kinds, as the Action model's Source values name them.
GAP, WARNING_SIGN, AT_RISK, STATEMENT = "gap", "warning_sign", "at_risk", "statement"
GAP_KINDS = {scoring.SYMPTOM: WARNING_SIGN, scoring.NEXT_STAGE: GAP, scoring_v2.AT_RISK: AT_RISK}


@dataclass(frozen=True)
class Target:
    kind: str
    code: str
    statement: str
    principle: int | None


def target_in(result: Result, code: str) -> Target | None:
    """The statement with this code as the result shows it: a gap first, else a finding; None if it shows nowhere."""
    for gap in result.gaps:
        if gap.code == code:
            return Target(GAP_KINDS[gap.kind], gap.code, gap.statement, gap.principle)
    findings = (*result.lifts, *result.holds_back, *(result.verdict.findings if result.verdict else ()))
    for finding in findings:
        if finding.code == code:
            return Target(STATEMENT, finding.code, finding.statement, finding.principle)
    return None
