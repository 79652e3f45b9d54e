"""Privacy by brute force, end to end: a survey's result page and the portfolio's readers show nothing more of a
round than `combining.disclose` lets the viewer see, which tests/test_combining.py proves gives no rating away."""

import itertools
import json
from collections import defaultdict

from assessments import closing, combining, round_page, round_results
from assessments.combining import OURS, PARTNER
from assessments.models import Round

from .factories import SURVEY_CLOSED, AllianceFactory, answers_at, respond, survey
from .test_combining import ONE_STATEMENT, SIDE_SIZES, VALUES, displayed, memoised_scoring  # noqa: F401

STATEMENTS = {"S2-01": "The alliance has a joint plan."}


def page_shown(result: combining.RoundResult, viewer: str | None) -> tuple:
    """Everything the round's result page draws for this viewer, from the result as a round stores it."""
    held = Round(kind=Round.Kind.SURVEY, result=round_results.to_stored(result))
    page = round_page.build(held, viewer_side=viewer, invited={}, statements=STATEMENTS, shared=())
    return (
        page.sides,
        page.overall_shown,
        page.stage,
        page.stage_name,
        page.stage_reasons,
        page.scope_sentence,
        page.verdict_sentence,
        page.disagreements,
        json.dumps(page.radar, sort_keys=True),
        page.radar_table,
    )


def portfolio_shown(result: combining.RoundResult) -> tuple:
    """What the alliance's history, the dashboard, the answers export and the threshold preview read: the combined
    assessment's stage, result and answers (the pooled values), and each qualifying side's stored stage figures."""
    verdict = round_results.verdict_result(result)
    stored = round_results.to_stored(result)
    return (
        None if verdict is None else json.dumps(verdict.to_dict(), sort_keys=True),
        tuple(sorted(combining.pooled_answers([s for s in result.sides if s.qualifies]).items())),
        json.dumps([s["result"] for s in stored["sides"]], sort_keys=True),
    )


def test_the_result_page_and_portfolio_show_nothing_beyond_the_disclosure(memoised_scoring):  # noqa: F811
    """Every pattern of answers to one statement by sides of 2-5 people (8 at most together): two rounds a viewer
    is disclosed the same (an outside viewer, or a respondent of either side with the same own answer) draw the
    same result page; to an outside viewer (an executive who did not answer), the combined assessment, its answers
    and the sides' stored figures are the same too. So the page, the exports, the dashboard and the history give
    away no rating the disclosure does not, and the brute force in test_combining finds the disclosure gives none.

    The known limit (README): an executive who responded reads the portfolio as an outside viewer does.
    """
    multisets = {n: list(itertools.combinations_with_replacement(VALUES, n)) for n in range(2, 6)}
    drawn = defaultdict(set)
    # Drawing is a function of the round's result, whose sides decide it all (scoring memoised: one result object
    # per set of combined answers), so each distinct result is drawn once per viewer.
    pages, portfolios = {}, {}

    def page(result, viewer):
        key = (viewer, tuple((s.respondents, tuple(s.combined.items()), id(s.result), s.band) for s in result.sides))
        if key not in pages:
            pages[key] = page_shown(result, viewer)
        return pages[key]

    def portfolio(result):
        key = tuple((s.respondents, tuple(s.combined.items()), id(s.result), s.band) for s in result.sides)
        if key not in portfolios:
            portfolios[key] = portfolio_shown(result)
        return portfolios[key]

    for ours_size, partner_size in SIDE_SIZES:
        for ours in multisets[ours_size]:
            for partner in multisets[partner_size]:
                result = combining.combine_round(
                    ONE_STATEMENT, {OURS: [{"S2-01": v} for v in ours], PARTNER: [{"S2-01": v} for v in partner]}
                )
                outside = displayed(combining.disclose(result))
                drawn[(None, None, outside)].add((page(result, None), portfolio(result)))
                for viewer, own_side in ((OURS, ours), (PARTNER, partner)):
                    seen = displayed(combining.disclose(result, viewer_side=viewer))
                    shown = page(result, viewer)
                    for own in set(own_side):
                        drawn[(viewer, own, seen)].add(shown)
    assert all(len(pages) == 1 for pages in drawn.values())


def test_closing_stores_what_the_pure_combining_gives(published):
    """The round closing writes is the pure rule's, read back whole: the brute force above covers what it stores."""
    held = survey(AllianceFactory(), opened_at=SURVEY_CLOSED)
    ours = [answers_at(2), answers_at(3), answers_at(1)]
    partner = [answers_at(1), answers_at(2), answers_at(2)]
    for answers in ours:
        respond(held, OURS, answers)
    for answers in partner:
        respond(held, PARTNER, answers)
    closed = closing.close_round(held, now=SURVEY_CLOSED)
    pure = combining.combine_round(held.questionnaire.scoring_criteria(), {OURS: ours, PARTNER: partner})
    assert round_results.read(closed.round.result) == pure
    assert closed.round.result == round_results.to_stored(pure)
