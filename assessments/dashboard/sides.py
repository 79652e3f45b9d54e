"""Where the two sides of an alliance see it at different stages: its latest result is a survey whose two
sides both reached the privacy minimum, at different stages (one query, whatever the portfolio)."""

from dataclasses import dataclass

from django.db.models import F, QuerySet

from ..models import Assessment, Round

OURS_HIGHER = "ours_higher"
PARTNER_HIGHER = "partner_higher"


@dataclass(frozen=True)
class SidesApart:
    alliance_id: int
    name: str
    partner: str
    ours: int
    partner_stage: int

    @property
    def direction(self) -> str:
        return OURS_HIGHER if self.ours > self.partner_stage else PARTNER_HIGHER


def sides_apart(alliances: QuerySet) -> list[SidesApart]:
    """The alliances (of those given, with their standing) whose two sides' stages differ, by name."""
    rows = (
        Assessment.objects.filter(pk__in=alliances.values(latest=F("latest_id")), round__kind=Round.Kind.SURVEY)
        .values_list(
            "alliance_id",
            "alliance__name",
            "alliance__partner",
            "round__result__sides__0__result__stage",
            "round__result__sides__1__result__stage",
        )
        .order_by("alliance__name", "alliance__partner")
    )
    return [
        SidesApart(pk, name, partner, ours, theirs)
        for pk, name, partner, ours, theirs in rows
        if ours is not None and theirs is not None and ours != theirs
    ]


def directions(apart: list[SidesApart]) -> dict[str, int]:
    """How many alliances each side places higher."""
    return {way: sum(1 for row in apart if row.direction == way) for way in (OURS_HIGHER, PARTNER_HIGHER)}
