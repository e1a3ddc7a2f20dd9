"""A visitor's answers as one short code, carried in the address and never stored.

Each answer is three characters: the question's id in base 36 (two characters) and the answer
(1 "Strongly dislike" to 5 "Strongly like"), in order of question id, so one set of answers
has one code. Two check characters follow, so that a code cut short or mistyped is noticed
rather than read as fewer answers.
"""

import zlib

ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"
ID_WIDTH = 2
LARGEST_ID = len(ALPHABET) ** ID_WIDTH - 1
PAIR = ID_WIDTH + 1
CHECK_WIDTH = 2

SCALE = (
    (1, "Strongly dislike"),
    (2, "Dislike"),
    (3, "Not sure"),
    (4, "Like"),
    (5, "Strongly like"),
)
VALUES = {value for value, _ in SCALE}
NEUTRAL = 3

# Far more than any quiz asks: a longer code is refused before it is read.
LONGEST = 200 * PAIR + CHECK_WIDTH


class CodeError(ValueError):
    """A code that cannot be read. `too_long` tells a flood from a slip."""

    def __init__(self, message, *, too_long=False):
        super().__init__(message)
        self.too_long = too_long


def _base36(number, width):
    digits = []
    for _ in range(width):
        number, digit = divmod(number, len(ALPHABET))
        digits.append(ALPHABET[digit])
    return "".join(reversed(digits))


def _check(body):
    return _base36(zlib.crc32(body.encode()) % len(ALPHABET) ** CHECK_WIDTH, CHECK_WIDTH)


def encode(answers):
    """{question id: answer} as a code; "" for no answers."""
    for question_id, answer in answers.items():
        if not 0 < question_id <= LARGEST_ID or answer not in VALUES:
            raise ValueError(f"cannot encode question {question_id} answered {answer!r}")
    body = "".join(f"{_base36(qid, ID_WIDTH)}{answer}" for qid, answer in sorted(answers.items()))
    return body + _check(body) if body else ""


def decode(code):
    """A code back into {question id: answer}; CodeError if it is not one we wrote."""
    if not code:
        return {}
    if len(code) > LONGEST:
        raise CodeError("The answers in this link are far too long to be ours.", too_long=True)
    unreadable = CodeError("The answers in this link are incomplete or have been changed.")
    body, check = code[:-CHECK_WIDTH], code[-CHECK_WIDTH:]
    if not set(code) <= _LETTERS or not body or len(body) % PAIR or _check(body) != check:
        raise unreadable
    answers = {}
    for start in range(0, len(body), PAIR):
        pair = body[start : start + PAIR]
        question_id, answer = int(pair[:ID_WIDTH], 36), int(pair[ID_WIDTH], 36)
        # The check makes a slip unlikely to get this far; a code made by hand still might.
        if answer not in VALUES or question_id in answers or question_id == 0:
            raise unreadable
        answers[question_id] = answer
    return answers


_LETTERS = set(ALPHABET)
