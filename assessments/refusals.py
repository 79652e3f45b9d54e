"""Every refusal the app gives, in one shape: a message people read and details a program reads.

No Django imports here, so the pure scoring module can raise these too. The message may be a
lazy translation (any str-like object): whoever raises it chooses the sentence, and
`views/refusals.py` turns each kind into a response, once, for pages and the API alike.
"""

from collections.abc import Mapping


class Refusal(Exception):
    """Something asked for was refused and nothing changed; `message` says why, `details` in figures."""

    code = "refused"

    def __init__(self, message: object, details: Mapping[str, object] | None = None):
        self.message = message
        self.details = dict(details or {})
        super().__init__(message)

    def __str__(self) -> str:
        return str(self.message)


class NoPublishedQuestionnaire(Refusal):
    """An assessment cannot start: no questionnaire version is published."""

    code = "no_published_questionnaire"


class SurveyRefused(Refusal):
    """A change to a survey round that cannot be made: closed already, a deadline past, an address invited twice."""

    code = "survey_refused"


class SurveyUnderWay(Refusal):
    """A self-assessment cannot start: a survey round of the alliance is open (details: `round`)."""

    code = "survey_under_way"


class RoundClosed(Refusal):
    """A survey response handed in after its round closed (details: `round`)."""

    code = "round_closed"


class AnswersRefused(Refusal):
    """Answers that cannot be saved; none of those sent was saved."""

    code = "answers_refused"


class AssessmentSubmitted(AnswersRefused):
    """The assessment is submitted, so its answers can no longer change."""

    code = "assessment_submitted"


class StaleAnswers(AnswersRefused):
    """Answers changed elsewhere (another tab) after the page that sent them was loaded.

    details: `answers`, by item code, each as stored now: `answered`, `value`, `comment`, `revision`.
    """

    code = "stale_answers"


class ItemNotInQuestionnaire(AnswersRefused):
    """A statement sent is not part of the assessment's questionnaire (details: `item`)."""

    code = "item_not_in_questionnaire"


class ValueOffScale(AnswersRefused):
    """An answer is not one of the five options nor "don't know" (details: `item`, `value`)."""

    code = "value_off_scale"


class CommentTooLong(AnswersRefused):
    """A comment is longer than allowed (details: `item`, `length`, `max_length`)."""

    code = "comment_too_long"


class NotEnoughAnswers(Refusal):
    """Submitting was refused: some stage has too few real answers (`sections.shortfalls` says which)."""

    code = "not_enough_answers"


class InvalidAnswers(Refusal, ValueError):
    """Answers that do not fit the questionnaire (the scoring service's check); a ValueError too."""

    code = "invalid_answers"


class FrozenVersion(Refusal):
    """A change to a questionnaire version that an assessment already uses."""

    code = "frozen_version"


class PublishRefused(Refusal):
    """A draft that cannot be published; `problems` lists every reason, each a sentence."""

    code = "publish_refused"

    def __init__(self, problems: list):
        super().__init__(" ".join(str(problem) for problem in problems), {"problems": problems})

    @property
    def problems(self) -> list:
        return self.details["problems"]


class _Joined:
    """Sentences read as one, each composed when read (they may be lazy translations)."""

    def __init__(self, sentences: list, separator: str):
        self.sentences, self.separator = sentences, separator

    def __str__(self) -> str:
        return self.separator.join(str(sentence) for sentence in self.sentences)


class CriteriaFileRefused(Refusal, ValueError):
    """A criteria file that cannot be loaded; `errors` lists every problem with its place."""

    code = "criteria_file_refused"

    def __init__(self, errors: list):
        super().__init__(_Joined(errors, "; "), {"errors": errors})

    @property
    def errors(self) -> list:
        return self.details["errors"]


class DownloadExpired(Refusal):
    """A prepared file's day is over: it was deleted, and must be asked for again."""

    code = "download_expired"
