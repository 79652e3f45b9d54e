"""The agreement scale's words."""

from assessments import scale


def test_answer_phrases_put_each_answers_words_in_the_sentence():
    """One sentence, composed for the five answers and "don't know" at once."""
    assert scale.phrases("answered “{answer}”") == {
        None: "answered “Don't know / not applicable”",
        1: "answered “Strongly disagree”",
        2: "answered “Disagree”",
        3: "answered “Neither agree nor disagree”",
        4: "answered “Agree”",
        5: "answered “Strongly agree”",
    }
