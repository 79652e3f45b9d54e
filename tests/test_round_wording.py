"""The sentences a round's result is read in."""

from dataclasses import asdict

from django.utils.functional import Promise

from assessments import combining, round_wording


def test_sides_differ_reads_both_stages_and_both_evidences():
    """The stored record becomes the issue's sentence, with stages in Roman numerals."""
    record = asdict(combining.SidesDiffer(ours=2, partner=1, stage=2, evidence_ours=71.0, evidence_partner=48.0))
    assert round_wording.sides_differ_sentence(record) == (
        "Our side sees Stage II; the partner's people see Stage I: Stage II evidence 71 against 48."
    )


def test_sides_differ_without_partner_evidence_says_none():
    """A partner side that answered no statement of the stage has no evidence for it."""
    record = asdict(combining.SidesDiffer(ours=3, partner=1, stage=2, evidence_ours=74.3, evidence_partner=None))
    assert round_wording.sides_differ_sentence(record) == (
        "Our side sees Stage III; the partner's people see Stage I: Stage II evidence 74.3 against none."
    )


def test_a_round_says_when_it_measures_one_side_or_nothing():
    """One qualifying side and no qualifying side each have a sentence; both sides need none."""
    assert round_wording.scope_sentence(combining.ONE_SIDE) == (
        "This round measures one side only: too few people responded on the other."
    )
    assert round_wording.scope_sentence(combining.NO_SIDE) == (
        "Too few people responded on either side, so this round has no result."
    )
    assert round_wording.scope_sentence(combining.BOTH_SIDES) is None


def test_the_sentences_are_marked_for_translation():
    """Every sentence is a lazy translation, looked up in the language active when it is composed."""
    sentences = [round_wording.SIDES_DIFFER, round_wording.NO_EVIDENCE, *round_wording.SCOPES.values()]
    assert all(isinstance(sentence, Promise) for sentence in sentences)
