"""Cutting a questionnaire into sections, counting progress and what blocks submitting."""

import pytest

from assessments.questionnaire import sectioned_items
from assessments.sections import SectionProgress, Statement, plan_sections, progress, shortfalls


def stage_statements(stage: int, sizes: list[int], prefix: str = "") -> list[Statement]:
    """`sizes[i]` statements for pattern i+1 of a stage."""
    return [
        Statement(f"{prefix}S{stage}-P{p}-{n:02}", f"Pattern {stage}.{p}", stage, f"S{stage}-P{p}")
        for p, size in enumerate(sizes, start=1)
        for n in range(1, size + 1)
    ]


def principle_statements(sizes: dict[int, int], prefix: str = "") -> list[Statement]:
    return [
        Statement(f"{prefix}C{principle:02}-{n:02}", f"Principle name {principle}", principle=principle)
        for principle, size in sizes.items()
        for n in range(1, size + 1)
    ]


def default_shape(prefix: str = "") -> list[Statement]:
    """The shape of the default questionnaire: 18 Stage I, 17 Stage II, 14 Stage III, 25 principle-only."""
    return (
        stage_statements(1, [6, 4, 3, 5], prefix)
        + stage_statements(2, [3, 3, 3, 4, 4], prefix)
        + stage_statements(3, [2, 3, 4, 5], prefix)
        + principle_statements({1: 4, 2: 4, 3: 3, 4: 2, 5: 2, 6: 2, 7: 2, 8: 2, 9: 2, 10: 2}, prefix)
    )


def test_default_questionnaire_is_cut_into_eight_sections_by_pattern_and_principle(published):
    """The real 74 statements make eight pages of 8-12, cut where patterns and principles end, titled by
    the patterns' neutral topics: no page names a stage or a pattern, and the old addresses still work."""
    sections = sectioned_items(published).sections
    assert [(s.slug, s.aliases, s.title, len(s)) for s in sections] == [
        ("who-carries-the-alliance", ("s1-p1",), "Who carries the alliance, what the relationship is", 10),
        ("contracts-and-negotiation", ("s1-p3",), "Contracts and negotiation, why and how the deal was made", 8),
        (
            "place-in-our-strategy",
            ("s2-p1",),
            "Place in our strategy, innovation and results, our standing with partners",
            9,
        ),
        (
            "leadership-and-the-team",
            ("s2-p4",),
            "Leadership and the team, company support and processes, working across boundaries",
            10,
        ),
        ("culture", ("s3-p2",), "Culture, integration and speed, the value chain", 12),
        ("principle-1", (), "Principles 1–2", 8),
        ("principle-3", (), "Principles 3–6", 9),
        ("principle-7", (), "Principles 7–10", 8),
    ]
    assert [s.subtitle for s in sections[:5]] == [""] * 5
    assert sections[5].subtitle == "Clear Responsibilities and Expectations · Robust Communication"
    assert sections[0].topics == ("Who carries the alliance", "What the relationship is")
    assert sum(len(s) for s in sections) == 74
    assert len({code for s in sections for code in s.codes}) == 74


def test_a_stored_address_of_a_version_one_page_still_finds_it(published):
    """A draft's `last_section` stored before the titles were neutral ("s2-p4") opens the same page."""
    sectioned = sectioned_items(published)
    assert sectioned.get("s2-p4") is sectioned.get("leadership-and-the-team") is sectioned.sections[3]


def test_patterns_without_a_topic_keep_the_stage_titles():
    """Statements whose patterns have no neutral topic are titled by stage and pattern, as before."""
    (section,) = plan_sections(stage_statements(1, [5, 5]))
    assert (section.slug, section.title, section.aliases) == ("s1-p1", "Stage I · Pattern 1.1, pattern 1.2", ())


def test_version_two_is_paged_by_its_own_neutral_sections(version_two):
    """Version 2's 81 statements come in the nine sections its file names, in order, warning signs among practices."""
    sections = sectioned_items(version_two).sections
    assert [(s.slug, s.title, len(s)) for s in sections] == [
        ("why-we-have-this-alliance", "Why we have this alliance", 8),
        ("what-the-relationship-is", "What the relationship is", 9),
        ("senior-management", "Senior management", 7),
        ("how-the-alliance-is-run", "How the alliance is run", 10),
        ("contracts-and-negotiation", "Contracts and negotiation", 10),
        ("the-alliance-team", "The alliance team", 10),
        ("working-together", "Working together", 10),
        ("our-standing-with-partners", "Our standing with partners", 6),
        ("across-our-company-and-network", "Across our company and network", 11),
    ]
    assert sections[2].codes == ("SEN-01", "SEN-02", "SEN-03", "SEN-04", "SEN-05", "SEN-06", "SEN-07")


def test_statements_with_sections_make_one_page_per_run_of_the_same_section():
    """Consecutive statements of one section are a page; a section met again later is its part 2."""
    statements = [
        Statement("A-1", "t", 1, "S1-P1", section="Senior management"),
        Statement("A-2", "t", 2, "S2-P4", section="Senior management"),
        Statement("B-1", "t", principle=3, section="How the alliance is run"),
        Statement("A-3", "t", 2, "S2-P4", section="Senior management"),
    ]
    assert [(s.slug, s.title, s.codes) for s in plan_sections(statements)] == [
        ("senior-management", "Senior management", ("A-1", "A-2")),
        ("how-the-alliance-is-run", "How the alliance is run", ("B-1",)),
        ("senior-management-part-2", "Senior management (part 2)", ("A-3",)),
    ]


def test_sections_are_the_same_every_time():
    """The same statements always give the same sections, so a stored slug finds its page again."""
    assert plan_sections(default_shape()) == plan_sections(default_shape())


def test_statements_are_grouped_by_stage_then_principles_whatever_their_order():
    """Principle statements listed first still come after the stages; each topic's own order is kept."""
    statements = default_shape()
    shuffled = statements[49:] + statements[:49][::-1]
    codes = [code for s in plan_sections(shuffled) for code in s.codes]
    assert codes[0] == "S1-P1-06"  # Stage I pattern 1, in the (reversed) order given
    assert codes[49] == "C01-01"
    assert [c[:5] for c in codes[:18]] == ["S1-P1"] * 6 + ["S1-P2"] * 4 + ["S1-P3"] * 3 + ["S1-P4"] * 5


def test_a_larger_questionnaire_keeps_every_section_within_8_to_12():
    """Four times the statements (296) still make sections of 8-12 with distinct slugs."""
    statements = [s for copy in "abcd" for s in default_shape(prefix=copy)]
    sections = plan_sections(statements)
    assert all(8 <= len(s) <= 12 for s in sections)
    assert len({s.slug for s in sections}) == len(sections)
    assert sum(len(s) for s in sections) == 296


def test_a_topic_too_long_for_one_page_goes_on_over_numbered_slugs_and_titles():
    """A pattern of 20 statements is split in two pages, s1-p1 and s1-p1-2, the second titled "(part 2)"."""
    sections = plan_sections(stage_statements(1, [20]))
    assert [(s.slug, s.title, len(s)) for s in sections] == [
        ("s1-p1", "Stage I · Pattern 1.1", 10),
        ("s1-p1-2", "Stage I · Pattern 1.1 (part 2)", 10),
    ]


def test_every_section_of_a_larger_questionnaire_has_its_own_title():
    """Four copies of the default shape (30 sections) still give 30 different titles."""
    sections = plan_sections([s for copy in "abcd" for s in default_shape(prefix=copy)])
    assert len({s.title for s in sections}) == len(sections) == 30


def test_pattern_names_after_the_first_read_on_in_lower_case_but_abbreviations_keep_theirs():
    """ "Fragmented", "Window dressing" and "CRM first" make "Fragmented, window dressing, CRM first"."""
    statements = [
        Statement(f"S1-P{p}-{n:02}", topic, 1, f"S1-P{p}")
        for p, topic in enumerate(["Fragmented", "Window dressing", "CRM first"], start=1)
        for n in range(1, 4)
    ]
    (section,) = plan_sections(statements)
    assert section.title == "Stage I · Fragmented, window dressing, CRM first"


@pytest.mark.parametrize("size", [1, 7, 13, 15])
def test_a_questionnaire_that_cannot_be_cut_within_the_limits_is_one_page(size):
    """Fewer than 8, or 13-15, statements cannot make pages of 8-12: they make one page."""
    sections = plan_sections(stage_statements(2, [size]))
    assert [len(s) for s in sections] == [size]


def test_an_empty_questionnaire_has_no_sections():
    """No statements, no sections."""
    assert plan_sections([]) == ()


def test_a_section_with_one_principle_is_titled_in_the_singular_with_its_name():
    """Twelve statements of principle 4 make one page titled "Principle 4 · " and its name, with no subtitle."""
    (section,) = plan_sections(principle_statements({4: 12}))
    assert (section.slug, section.title, section.subtitle) == ("principle-4", "Principle 4 · Principle name 4", "")


def test_a_section_of_several_principles_lists_their_names_under_its_title():
    """Principles 1 and 2 on one page: "Principles 1–2", their names in the subtitle."""
    (section,) = plan_sections(principle_statements({1: 5, 2: 5}))
    assert (section.title, section.subtitle) == ("Principles 1–2", "Principle name 1 · Principle name 2")


def test_progress_counts_answers_per_section():
    """Each section counts its answered statements ("don't know" included) and is complete when all are."""
    sections = plan_sections(default_shape())
    answered = list(sections[0].codes) + list(sections[1].codes[:3])
    found = progress(sections, answered)
    assert found[0] == SectionProgress(sections[0], 10)
    assert found[0].complete
    assert (found[1].answered, found[1].total, found[1].complete) == (3, 8, False)
    assert all(p.answered == 0 for p in found[2:])


def test_shortfalls_say_how_many_real_answers_a_thin_stage_needs_and_where():
    """Stage II with 6 of 17 real answers needs 3 more (9 of 17 is 52.9% >= 50%): its first section has
    1 unanswered and 2 "don't know", which count as open, so it is asked for all 3."""
    sections = plan_sections(default_shape())
    stage_of = {s.code: s.stage for s in default_shape() if s.stage}
    stage_two = [s.code for s in default_shape() if s.stage == 2]
    others = [s.code for s in default_shape() if s.stage in (1, 3)]  # 18 and 14, all answered
    answers = (
        dict.fromkeys(others, 3) | dict.fromkeys(stage_two[:6], 4) | dict.fromkeys(stage_two[6:8])
    )  # 2 "don't know"
    (shortfall,) = shortfalls(sections, stage_of, answers, 50.0)
    assert (shortfall.section.slug, shortfall.needed) == ("s2-p1", 3)


def test_shortfalls_by_pattern_sum_what_each_section_is_asked():
    """Grouped by pattern (version 2), two thin patterns open in one section ask it for the sum of their needs."""
    sections = plan_sections(default_shape())
    pattern_of = {s.code: s.pattern for s in default_shape() if s.stage}
    answers = {code: 3 for code, pattern in pattern_of.items() if pattern not in ("S1-P1", "S1-P2")}
    (shortfall,) = shortfalls(sections, pattern_of, answers, 50.0)
    # S1-P1 (6 statements) needs 3 and S1-P2 (4) needs 2, all open in the first section.
    assert (shortfall.section.slug, shortfall.needed) == ("s1-p1", 5)
