"""Small hostile files for the tests: a "billion laughs" YAML and lists nested 10,000 deep."""

from itertools import pairwise

LAUGHS = "".join(
    [
        "# 1e9 lols\n",
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n',
        *(f"{name}: &{name} [{','.join([f'*{inner}'] * 9)}]\n" for inner, name in pairwise("abcdefghi")),
        "stages: *i\nprinciples: *i\nquestionnaire: *i\n",
    ]
)
DEEP = "[" * 10_000 + "]" * 10_000
DEEP_JSON = '{"C01-01": ' + DEEP + "}"
DEEP_YAML = "stages: " + DEEP + "\n"
