"""Who is who: roles are Django groups (created by migrations); admins are superusers."""

MANAGERS = "Alliance managers"
EXECUTIVES = "Executives"
ROLE_GROUPS = (MANAGERS, EXECUTIVES)
# Staff in this group edit the criteria in the admin; being staff alone gives them no view of alliances.
CRITERIA_EDITORS = "Criteria editors"
CRITERIA_MODELS = ("stage", "pattern", "principle", "commitment", "questionnaire", "item")


def _in_group(user, name: str) -> bool:
    # One query per request at most: the names are cached on the user object.
    if not hasattr(user, "_group_names"):
        user._group_names = set(user.groups.values_list("name", flat=True)) if user.is_authenticated else set()
    return name in user._group_names


def is_manager(user) -> bool:
    return _in_group(user, MANAGERS)


def is_executive(user) -> bool:
    return user.is_authenticated and (user.is_superuser or _in_group(user, EXECUTIVES))
