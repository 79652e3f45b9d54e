"""Read, check, load and write the criteria file format (YAML, or JSON, which YAML reads too).

One format serves the default criteria shipped in `criteria/default.yaml`, the
`export_criteria` / `import_criteria` commands and the admin's import and export.
"""

from collections import Counter
from decimal import Decimal
from pathlib import Path

import jsonschema
import yaml
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.functional import Promise, lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy, pgettext_lazy
from simple_history.utils import bulk_create_with_history

from . import history_reasons, scoring, untrusted_files
from .models import Audience, Commitment, Item, Pattern, Principle, Questionnaire, Stage
from .refusals import CriteriaFileRefused
from .versions import publish_questionnaire

DEFAULT_FILE = Path(__file__).parent / "criteria" / "default.yaml"
# Questionnaire version 2: neutral sections, warning signs among the practices, scoring rules 2.
VERSION_TWO_FILE = Path(__file__).parent / "criteria" / "version2.yaml"
THRESHOLD_FIELDS = {
    "stage_two": "stage_two_threshold",
    "stage_three": "stage_three_threshold",
    "symptom_ceiling": "symptom_ceiling",
    "min_coverage": "min_coverage",
}

_text = {"type": "string", "minLength": 1}
_texts = {"type": "array", "items": _text}
_percent = {"type": "number", "minimum": 0, "maximum": 100}
SCHEMA = {
    "type": "object",
    "required": ["stages", "principles", "questionnaire"],
    "additionalProperties": False,
    "properties": {
        "stages": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["number", "name", "title", "patterns"],
                "additionalProperties": False,
                "properties": {
                    "number": {"type": "integer", "minimum": 1, "maximum": 3},
                    "name": _text,
                    "title": _text,
                    "symptomatic": {"type": "boolean"},
                    "summary": {"type": "string"},
                    "overview": _texts,
                    "patterns": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "type": "object",
                            "required": ["number", "name", "short_name"],
                            "additionalProperties": False,
                            "properties": {
                                "number": {"type": "integer", "minimum": 1},
                                "name": _text,
                                "short_name": {"type": "string", "minLength": 1, "maxLength": 60},
                                "topic": {"type": "string", "maxLength": 100},
                                "description": _texts,
                            },
                        },
                    },
                },
            },
        },
        "principles": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["number", "name"],
                "additionalProperties": False,
                "properties": {
                    "number": {"type": "integer", "minimum": 1, "maximum": 10},
                    "name": _text,
                    "statement": {"type": "string"},
                    "commitments": _texts,
                },
            },
        },
        "questionnaire": {
            "type": "object",
            "required": ["title", "items"],
            "additionalProperties": False,
            "properties": {
                "version": {"type": "integer", "minimum": 1},
                "title": _text,
                "rules": {"enum": [1, 2]},
                "thresholds": {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": dict.fromkeys(THRESHOLD_FIELDS, _percent),
                },
                "items": {
                    "type": "array",
                    "minItems": 1,
                    "items": {
                        "type": "object",
                        "required": ["code", "statement"],
                        "additionalProperties": False,
                        "properties": {
                            "code": {"type": "string", "pattern": r"^[A-Za-z0-9_-]{1,20}$"},
                            "statement": _text,
                            "help": {"type": "string"},
                            "weight": {"type": "number", "exclusiveMinimum": 0, "maximum": 99},
                            "pattern": {"type": "string"},
                            "principle": {"type": "integer"},
                            "commitment": {"type": "integer", "minimum": 1},
                            "audience": {"enum": ["both", "ours"]},
                            "section": {"type": "string", "minLength": 1, "maxLength": 100},
                            "contradicts": {"type": "array", "items": {"type": "string"}, "uniqueItems": True},
                        },
                    },
                },
            },
        },
    },
}


def _put_in(sentence, values: dict) -> str:
    return sentence % {name: str(value) if isinstance(value, Promise) else value for name, value in values.items()}


# A problem or a rename is kept as its sentence and values, and composed when it is read: in the admin's
# language on the page, in LANGUAGE_CODE on the command line, with the same words in both.
compose = lazy(_put_in, str)

NOT_YAML = _("not valid YAML or JSON (%(problem)s)")
NOT_YAML_AT = _("line %(line)d: not valid YAML or JSON (%(problem)s)")
# The place of a problem about the file as a whole, before its colon.
WHOLE_FILE = pgettext_lazy("the place of a problem in a criteria file", "file")
ITEM = _("Item %(number)d")
ITEM_WITH_CODE = _("Item %(number)d (%(code)s)")
PROBLEM = _("%(place)s: %(problem)s")
# Our sentences for what the schema checks, in jsonschema's words (so that they translate).
REQUIRED = _("%(name)s is a required property")
UNEXPECTED = ngettext_lazy(
    "Additional properties are not allowed (%(names)s was unexpected)",
    "Additional properties are not allowed (%(names)s were unexpected)",
    "count",
)
EMPTY = _("%(value)s should be non-empty")
TOO_LONG = _("%(value)s is too long")
WRONG_TYPE = _("%(value)s is not of type %(types)s")
NOT_ONE_OF = _("%(value)s is not one of %(choices)s")
NO_MATCH = _("%(value)s does not match %(pattern)s")
NOT_UNIQUE = _("%(value)s has non-unique elements")
# The limits people meet: an item's field is named in the sentence ("the weight must be more than 0").
ITEM_LIMITS = {
    "exclusiveMinimum": _("the %(field)s must be more than %(limit)s"),
    "minimum": _("the %(field)s must be at least %(limit)s"),
    "maximum": _("the %(field)s must be at most %(limit)s"),
}
LIMITS = {"minimum": _("must be at least %(limit)s"), "maximum": _("must be at most %(limit)s")}
NO_PATTERN_NOR_PRINCIPLE = _("%(place)s: needs a pattern or a principle")
UNKNOWN_PATTERN = _("%(place)s: the pattern %(pattern)s is not in this file")
UNKNOWN_PRINCIPLE = _("%(place)s: the principle %(principle)s is not in this file")
COMMITMENT_WITHOUT_PRINCIPLE = _("%(place)s: a commitment needs a principle")
TOO_FEW_COMMITMENTS = ngettext_lazy(
    "%(place)s: principle %(principle)s has %(count)d commitment, not %(commitment)s",
    "%(place)s: principle %(principle)s has %(count)d commitments, not %(commitment)s",
    "count",
)
CONTRADICTS_NOT_A_SIGN = _("%(place)s: only a warning sign (a symptomatic stage's item) contradicts practices")
CONTRADICTS_NO_PRACTICE = _(
    "%(place)s: it contradicts %(code)s, which is not a practice (an item that is no warning sign) in this file"
)
NUMBER_TWICE = _("%(place)s: number %(value)s appears more than once")
CODE_TWICE = _("%(place)s: code %(value)s appears more than once")
STAGE_RENAMED = _("Stage %(number)s: “%(old)s” → “%(new)s”")
PATTERN_RENAMED = _("Pattern %(code)s: “%(old)s” → “%(new)s”")
PATTERN_SHORT_NAME_CHANGED = _("Pattern %(code)s, short name: “%(old)s” → “%(new)s”")
PRINCIPLE_RENAMED = _("Principle %(number)s: “%(old)s” → “%(new)s”")


def parse(text: str) -> dict:
    """Read a criteria file's text and check it, raising CriteriaFileRefused with every problem."""
    try:
        data = untrusted_files.load_yaml(text)
    except untrusted_files.UnreadableFile as error:
        raise CriteriaFileRefused([error.message]) from error  # the whole file, in one sentence
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = {"problem": getattr(error, "problem", error)}
        refusal = compose(NOT_YAML_AT, {"line": mark.line + 1, **problem}) if mark else compose(NOT_YAML, problem)
        raise CriteriaFileRefused([refusal]) from None
    errors = check(data)
    if errors:
        raise CriteriaFileRefused(errors)
    return data


def check(data) -> list[str]:
    """Every problem in the parsed data, each as 'place: problem' (lazy: composed when read); an item's place
    is its number from 1 and its code, as people count them ("Item 1 (S1-P1-01): the weight must be more than 0")."""
    validator = jsonschema.Draft202012Validator(SCHEMA)
    required_seen = Counter()  # jsonschema reports each missing property of an object in the schema's order
    errors = []
    for error in validator.iter_errors(data):
        place = _place(list(error.absolute_path), data)
        if error.validator == "required":
            missing = [name for name in error.validator_value if name not in error.instance]
            key = tuple(error.absolute_path)
            errors.append(
                compose(
                    PROBLEM, {"place": place, "problem": compose(REQUIRED, {"name": repr(missing[required_seen[key]])})}
                )
            )
            required_seen[key] += 1
        else:
            errors.append(_problem(error, data))
    return errors or _check_references(data)


def refused(count: int) -> str:
    """The sentence before a refused file's problems, the same in the admin and from `import_criteria`."""
    return ngettext(
        "Nothing was loaded: the file has %(count)d problem.",
        "Nothing was loaded: the file has %(count)d problems.",
        count,
    ) % {"count": count}


def _problem(error, data):
    path = list(error.absolute_path)
    limit = {"limit": error.validator_value}
    if error.validator in ITEM_LIMITS and _is_item(path[:-1]) and isinstance(path[-1], str):
        problem = compose(ITEM_LIMITS[error.validator], {"field": path[-1].replace("_", " "), **limit})
        return compose(PROBLEM, {"place": _place(path[:-1], data), "problem": problem})
    if error.validator in LIMITS:
        return compose(PROBLEM, {"place": _place(path, data), "problem": compose(LIMITS[error.validator], limit)})
    return compose(PROBLEM, {"place": _place(path, data), "problem": _schema_problem(error)})


def _schema_problem(error):
    """What the schema's check found, in our sentence; a check the schema does not use keeps jsonschema's."""
    value, instance = error.validator_value, repr(error.instance)
    if error.validator == "additionalProperties":
        extras = sorted(set(error.instance) - set(error.schema.get("properties", {})), key=str)
        return compose(UNEXPECTED, {"count": len(extras), "names": ", ".join(repr(extra) for extra in extras)})
    if error.validator in ("minLength", "minItems") and value == 1:
        return compose(EMPTY, {"value": instance})
    if error.validator == "maxLength":
        return compose(TOO_LONG, {"value": instance})
    if error.validator == "type":
        return compose(WRONG_TYPE, {"value": instance, "types": repr(value)})
    if error.validator == "enum":
        return compose(NOT_ONE_OF, {"value": instance, "choices": repr(value)})
    if error.validator == "pattern":
        return compose(NO_MATCH, {"value": instance, "pattern": repr(value)})
    if error.validator == "uniqueItems":
        return compose(NOT_UNIQUE, {"value": instance})
    return error.message


def _is_item(path) -> bool:
    return len(path) == 3 and path[:2] == ["questionnaire", "items"] and isinstance(path[2], int)


def _place(path, data=None):
    if len(path) >= 3 and path[:2] == ["questionnaire", "items"] and isinstance(path[2], int):
        rest = "".join(f".{part}" for part in path[3:])
        return format_lazy("{}{}", _item_place(path[2], data), rest) if rest else _item_place(path[2], data)
    place = ""
    for part in path:
        place += f"[{part}]" if isinstance(part, int) else (f".{part}" if place else part)
    return place or WHOLE_FILE


def _item_place(index: int, data):
    """ "Item 3 (S1-P1-03)": the item's number counted from 1, and its code when it has one."""
    try:
        code = data["questionnaire"]["items"][index].get("code")
    except (KeyError, IndexError, TypeError, AttributeError):
        code = None
    if isinstance(code, str) and code:
        return compose(ITEM_WITH_CODE, {"number": index + 1, "code": code})
    return compose(ITEM, {"number": index + 1})


def _check_references(data) -> list[str]:
    errors = []
    _unique(errors, "stages", [s["number"] for s in data["stages"]], NUMBER_TWICE)
    for i, stage in enumerate(data["stages"]):
        _unique(errors, f"stages[{i}].patterns", [p["number"] for p in stage["patterns"]], NUMBER_TWICE)
    _unique(errors, "principles", [p["number"] for p in data["principles"]], NUMBER_TWICE)
    patterns = {scoring.pattern_code(s["number"], p["number"]) for s in data["stages"] for p in s["patterns"]}
    commitments = {p["number"]: len(p.get("commitments", [])) for p in data["principles"]}
    items = data["questionnaire"]["items"]
    _unique(errors, "questionnaire.items", [item["code"] for item in items], CODE_TWICE)
    symptomatic = {
        scoring.pattern_code(s["number"], p["number"])
        for s in data["stages"]
        if s.get("symptomatic")
        for p in s["patterns"]
    }
    practices = {item["code"] for item in items if item.get("pattern") not in symptomatic}
    for i, item in enumerate(items):
        place = {"place": _item_place(i, data)}
        if "pattern" not in item and "principle" not in item:
            errors.append(compose(NO_PATTERN_NOR_PRINCIPLE, place))
        if "pattern" in item and item["pattern"] not in patterns:
            errors.append(compose(UNKNOWN_PATTERN, {**place, "pattern": repr(item["pattern"])}))
        if "principle" in item and item["principle"] not in commitments:
            errors.append(compose(UNKNOWN_PRINCIPLE, {**place, "principle": item["principle"]}))
        if "commitment" in item:
            if "principle" not in item:
                errors.append(compose(COMMITMENT_WITHOUT_PRINCIPLE, place))
            elif item["principle"] in commitments and item["commitment"] > commitments[item["principle"]]:
                counted = {"principle": item["principle"], "count": commitments[item["principle"]]}
                errors.append(compose(TOO_FEW_COMMITMENTS, {**place, **counted, "commitment": item["commitment"]}))
        if item.get("contradicts") and item.get("pattern") not in symptomatic:
            errors.append(compose(CONTRADICTS_NOT_A_SIGN, place))
        errors += [
            compose(CONTRADICTS_NO_PRACTICE, {**place, "code": repr(code)})
            for code in item.get("contradicts", [])
            if code not in practices
        ]
    return errors


def _unique(errors, place, values, sentence):
    seen = set()
    for value in values:
        if value in seen:
            errors.append(compose(sentence, {"place": place, "value": repr(value)}))
        seen.add(value)


def name_changes(data: dict) -> list[str]:
    """The stage, pattern and principle names the file would change, as "old → new" lines (lazy: composed
    when read): they are shared by every version, so loading the file renames them at once on every page."""
    stages = {stage.number: stage for stage in Stage.objects.all()}
    patterns = {(p.stage.number, p.number): p for p in Pattern.objects.select_related("stage")}
    principles = {principle.number: principle for principle in Principle.objects.all()}
    changes = []
    for s in data["stages"]:
        stage = stages.get(s["number"])
        if stage and stage.name != s["name"]:
            changes.append(compose(STAGE_RENAMED, {"number": s["number"], "old": stage.name, "new": s["name"]}))
        for p in s["patterns"]:
            pattern = patterns.get((s["number"], p["number"]))
            code = scoring.pattern_code(s["number"], p["number"])
            if pattern and pattern.name != p["name"]:
                changes.append(compose(PATTERN_RENAMED, {"code": code, "old": pattern.name, "new": p["name"]}))
            if pattern and pattern.short_name != p["short_name"]:
                old, new = pattern.short_name, p["short_name"]
                changes.append(compose(PATTERN_SHORT_NAME_CHANGED, {"code": code, "old": old, "new": new}))
    for p in data["principles"]:
        principle = principles.get(p["number"])
        if principle and principle.name != p["name"]:
            changes.append(compose(PRINCIPLE_RENAMED, {"number": p["number"], "old": principle.name, "new": p["name"]}))
    return changes


@transaction.atomic
def load(data: dict, *, status: str = Questionnaire.Status.DRAFT) -> Questionnaire:
    """Bring stages, patterns and principles up to the file and add its questionnaire as a new version.

    `data` must come from `parse` (or pass `check`). All or nothing.
    """
    patterns = {}
    for s in data["stages"]:
        stage = _bring_up_to(
            Stage,
            number=s["number"],
            defaults={
                "name": s["name"],
                "title": s["title"],
                "symptomatic": s.get("symptomatic", False),
                "summary": s.get("summary", ""),
                "overview": s.get("overview", []),
            },
        )
        for p in s["patterns"]:
            pattern = _bring_up_to(
                Pattern,
                stage=stage,
                number=p["number"],
                # A file without topics (an older export) keeps the ones the database has.
                defaults={
                    "name": p["name"],
                    "short_name": p["short_name"],
                    "description": p.get("description", []),
                    **({"topic": p["topic"]} if "topic" in p else {}),
                },
            )
            patterns[pattern.code] = pattern
    principles, commitments = {}, {}
    for p in data["principles"]:
        principle = _bring_up_to(
            Principle, number=p["number"], defaults={"name": p["name"], "statement": p.get("statement", "")}
        )
        principles[principle.number] = principle
        for number, text in enumerate(p.get("commitments", []), start=1):
            commitments[principle.number, number] = _bring_up_to(
                Commitment, principle=principle, number=number, defaults={"text": text}
            )

    q = data["questionnaire"]
    latest = Questionnaire.objects.aggregate(latest=Max("version"))["latest"] or 0
    questionnaire = Questionnaire.objects.create(
        version=latest + 1,
        title=q["title"],
        status=status,
        rules=q.get("rules", 1),
        **{
            field: Decimal(str(value))
            for key, field in THRESHOLD_FIELDS.items()
            if (value := q.get("thresholds", {}).get(key)) is not None
        },
    )
    bulk_create_with_history(
        [
            Item(
                questionnaire=questionnaire,
                code=item["code"],
                statement=item["statement"],
                help_text=item.get("help", ""),
                weight=Decimal(str(item.get("weight", 1))),
                order=(position + 1) * 10,
                pattern=patterns.get(item.get("pattern")),
                principle=principles.get(item.get("principle")),
                commitment=commitments.get((item.get("principle"), item.get("commitment"))),
                audience=item.get("audience", Audience.BOTH),
                section=item.get("section", ""),
                contradicts=item.get("contradicts", []),
            )
            for position, item in enumerate(q["items"])
        ],
        Item,
        default_change_reason=history_reasons.kept(history_reasons.LOADED),
    )
    return questionnaire


def _bring_up_to(model, *, defaults: dict, **lookup):
    """The row with these lookups, created or changed to the defaults; saved only when something differs,
    so that loading a file that changes nothing writes no history."""
    row = model.objects.filter(**lookup).first()
    if row is None:
        return model.objects.create(**lookup, **defaults)
    if any(getattr(row, name) != value for name, value in defaults.items()):
        for name, value in defaults.items():
            setattr(row, name, value)
        row.save()
    return row


def dump(questionnaire: Questionnaire) -> str:
    """The criteria with this questionnaire version, in the file format."""
    return yaml.safe_dump(export(questionnaire), sort_keys=False, allow_unicode=True, width=100)


def export(questionnaire: Questionnaire) -> dict:
    stages = [
        {
            "number": stage.number,
            "name": stage.name,
            "title": stage.title,
            "symptomatic": stage.symptomatic,
            "summary": stage.summary,
            "overview": stage.overview,
            "patterns": [
                {
                    "number": p.number,
                    "name": p.name,
                    "short_name": p.short_name,
                    **({"topic": p.topic} if p.topic else {}),
                    "description": p.description,
                }
                for p in stage.patterns.all()
            ],
        }
        for stage in Stage.objects.prefetch_related("patterns")
    ]
    principles = [
        {
            "number": p.number,
            "name": p.name,
            "statement": p.statement,
            "commitments": [c.text for c in p.commitments.all()],
        }
        for p in Principle.objects.prefetch_related("commitments")
    ]
    items = []
    for item in questionnaire.items.select_related("pattern__stage", "principle", "commitment"):
        entry = {"code": item.code}
        if item.section:
            entry["section"] = item.section
        if item.pattern:
            entry["pattern"] = item.pattern.code
        if item.principle:
            entry["principle"] = item.principle.number
        if item.commitment:
            entry["commitment"] = item.commitment.number
        entry["statement"] = item.statement
        if item.help_text:
            entry["help"] = item.help_text
        entry["weight"] = float(item.weight) if item.weight % 1 else int(item.weight)
        if item.audience != Audience.BOTH:
            entry["audience"] = item.audience
        if item.contradicts:
            entry["contradicts"] = list(item.contradicts)
        items.append(entry)
    thresholds = {key: float(getattr(questionnaire, field)) for key, field in THRESHOLD_FIELDS.items()}
    return {
        "stages": stages,
        "principles": principles,
        "questionnaire": {
            "version": questionnaire.version,
            "title": questionnaire.title,
            "rules": questionnaire.rules,
            "thresholds": thresholds,
            "items": items,
        },
    }


def load_defaults_if_empty(**_) -> Questionnaire | None:
    """Give a fresh database the default criteria: version 1, then version 2 published (run after `migrate`)."""
    if Questionnaire.objects.exists() or Stage.objects.exists():
        return None
    now = timezone.now()
    first = load(parse(DEFAULT_FILE.read_text()), status=Questionnaire.Status.PUBLISHED)
    first.published_at = now
    first.save(update_fields=["published_at"])
    second = load(parse(VERSION_TWO_FILE.read_text()))
    return publish_questionnaire(questionnaire=second, now=now)


def scoring_criteria(data: dict) -> scoring.Criteria:
    """A checked criteria file as the plain data the scoring service reads, with no database."""
    q = data["questionnaire"]
    return scoring.Criteria(
        stages=tuple(scoring.Stage(s["number"], s["name"], s.get("symptomatic", False)) for s in data["stages"]),
        patterns=tuple(
            scoring.Pattern(scoring.pattern_code(s["number"], p["number"]), s["number"], p["name"], p["short_name"])
            for s in data["stages"]
            for p in s["patterns"]
        ),
        principles=tuple(
            scoring.Principle(p["number"], p["name"], tuple(p.get("commitments", []))) for p in data["principles"]
        ),
        items=tuple(
            scoring.Item(
                code=i["code"],
                statement=i["statement"],
                pattern=i.get("pattern"),
                principle=i.get("principle"),
                commitment=i.get("commitment"),
                weight=float(i.get("weight", 1)),
                contradicts=tuple(i.get("contradicts", ())),
                ours_only=i.get("audience") == Audience.OURS,
            )
            for i in q["items"]
        ),
        thresholds=scoring.Thresholds(**q.get("thresholds", {})),
        rules=q.get("rules", 1),
    )
