"""Privacy by brute force, end to end: a survey's result page and the portfolio's readers show nothing more of a
round than `combining.disclose` lets the viewer see, which tests/test_combining.py proves gives no rating away."""

import itertools
import json
from collections import defaultdict

from assessments import closing, combining, round_page, round_results, withholding
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

    An executive who responded reads the portfolio as an outside viewer does, which is safe because closing withholds
    their side unless the minimum responded besides them (tests/test_closing_portfolio_readers.py).
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


def two_rounds(staying: tuple, changed, *, joined: bool, rule: bool = True):
    """Two rounds of one statement in which `staying` people answer the same, and one more person answers `changed` in
    the second round only (`joined`) or the first only (they left); the partner's same three people answer 3 in both.
    Each round closes as closing.close_round does: `withholding` decides from person keys, the second round comparing
    with the first's shown sides (unless not `rule`, as before the rule across rounds)."""
    keys = [f"ours-{n}" for n in range(len(staying))]
    partner = ["partner-1", "partner-2", "partner-3"]
    people = (keys, [*keys, "changed"]) if joined else ([*keys, "changed"], keys)
    answers = (staying, (*staying, changed)) if joined else ((*staying, changed), staying)

    def closed(ours_people, ours_answers, earlier):
        withheld = withholding.withheld_sides(
            {OURS: ours_people, PARTNER: partner}, portfolio_readers={}, earlier=earlier, minimum=3
        )
        responses = {OURS: [{"S2-01": v} for v in ours_answers], PARTNER: [{"S2-01": 3}] * 3}
        return combining.combine_round(ONE_STATEMENT, responses, withheld=withheld)

    first = closed(people[0], answers[0], {})
    shown = {OURS: people[0], PARTNER: partner}
    earlier = {s.side: [withholding.EarlierSide(1, SURVEY_CLOSED, frozenset(shown[s.side]))] for s in first.sides}
    second = closed(
        people[1], answers[1], {s: e for s, e in earlier.items() if first.side(s).qualifies} if rule else {}
    )
    return first, second


def what_the_changed_persons_answer_can_be(rule: bool) -> dict:
    """Every group of two-round patterns that show a viewer the same (both rounds' disclosures, decisions and what the
    portfolio reads, and for a respondent who stayed their own answer) -> the answers the person who joined or left
    may have given."""
    multisets = {n: list(itertools.combinations_with_replacement(VALUES, n)) for n in range(2, 5)}
    possible = defaultdict(set)
    portfolios = {}

    def portfolio(result):
        key = tuple((s.respondents, tuple(s.combined.items()), id(s.result), s.band, s.withheld) for s in result.sides)
        if key not in portfolios:
            portfolios[key] = portfolio_shown(result)
        return portfolios[key]

    for joined in (True, False):
        for size, patterns in multisets.items():
            for staying in patterns:
                for changed in VALUES:
                    rounds = two_rounds(staying, changed, joined=joined, rule=rule)

                    def seen(viewer_side, rounds=rounds):
                        disclosures = [combining.disclose(r, viewer_side=viewer_side) for r in rounds]
                        return tuple((displayed(d), tuple(v.withheld for v in d.sides)) for d in disclosures)

                    possible[(joined, size, None, None, seen(None), *map(portfolio, rounds))].add(changed)
                    for own in set(staying):
                        possible[(joined, size, OURS, own, seen(OURS))].add(changed)
    return possible


def test_two_rounds_with_one_person_joining_or_leaving_give_no_answer_of_theirs_away(memoised_scoring):  # noqa: F811
    """Brute force across rounds: our side of 2-4 people answering one statement the same in two rounds, and one
    person more in the second (joined) or the first (left), so sides of 2-5; the partner's three the same. Whoever
    looks (an outside viewer, with what the portfolio reads of both rounds, or one of those who stayed, knowing their
    own answer) and knows who joined or left cannot pin down what that person answered from both rounds together.

    The one inference the single round leaves stays (a respondent whose side shows "don't know" on a statement they
    rated learns no one else rated it). Without the rule across rounds, the same brute force pins answers down: the
    newcomer to 1, 2, 2 who turns its combined 2 into 1 answered 1 (test_combining's known limit)."""
    for (_, _, viewer, own, *_), answers in what_the_changed_persons_answer_can_be(rule=True).items():
        assert len(answers) > 1 or (answers == {None} and viewer == OURS and own is not None), (viewer, own, answers)
    without_the_rule = what_the_changed_persons_answer_can_be(rule=False).values()
    assert any(len(answers) == 1 and answers != {None} for answers in without_the_rule)
