"""One spelling per business unit or region: pure rules, no database."""

from assessments import spellings


def test_key_ignores_case_and_spaces_around_and_between_words():
    """The labels " Consumer  goods " and "CONSUMER GOODS" are the same."""
    assert spellings.key(" Consumer  goods ") == spellings.key("CONSUMER GOODS") == "consumer goods"


def test_key_folds_letters_beyond_ascii():
    """The labels "RÉGION NORD" and "région nord" are the same (casefold, not SQLite's ASCII lower())."""
    assert spellings.key("RÉGION NORD") == spellings.key("région nord")


def test_the_most_used_spelling_is_kept():
    """With 3 "Consumer" and 1 "consumer", "Consumer" is the spelling for both."""
    assert spellings.preferred({"Consumer": 3, "consumer": 1, "EMEA": 2}) == {"consumer": "Consumer", "emea": "EMEA"}


def test_spellings_that_differ_only_in_spaces_count_together():
    """Three "consumer" lose to two "Consumer" and two " Consumer " (which are "Consumer" four times)."""
    assert spellings.preferred({"consumer": 3, "Consumer": 2, " Consumer ": 2}) == {"consumer": "Consumer"}


def test_a_tie_keeps_the_first_spelling_alphabetically():
    """One "consumer" and one "Consumer": "Consumer" sorts first (capitals before small letters)."""
    assert spellings.preferred({"consumer": 1, "Consumer": 1}) == {"consumer": "Consumer"}


def test_a_typed_label_takes_the_spelling_in_use():
    """Typing " consumer " where "Consumer" is in use stores "Consumer"."""
    assert spellings.spelling_of(" consumer ", {"Consumer": 2, "Industrial": 1}) == "Consumer"


def test_a_new_label_is_stored_as_typed_but_tidied():
    """A label not in use yet is kept in its own capitals, without stray spaces."""
    assert spellings.spelling_of("  Food   service ", {"Consumer": 2}) == "Food service"


def test_suggestions_offer_each_label_once_in_alphabetical_order():
    """Suggestions list one spelling per label, sorted regardless of case."""
    counts = {"industrial": 1, "Consumer": 2, "consumer": 1, "apac": 1}
    assert spellings.suggestions(counts) == ["apac", "Consumer", "industrial"]


def test_suggestions_among_some_labels_keep_the_spelling_of_all():
    """Only the labels also in `among` are offered, each in the spelling all the counts prefer."""
    counts = {"industrial": 1, "Consumer": 2, "consumer": 1, "apac": 1}
    assert spellings.suggestions(counts, among={"consumer": 1, "Retail": 1}) == ["Consumer"]
