"""The answer code: every set of answers has one code, and anything else is refused."""

import pytest

from discover import answers as codes


def test_answers_come_back_as_they_went_in():
    answers = {1: 5, 2: 1, 30: 3, 1295: 4}
    code = codes.encode(answers)
    assert codes.decode(code) == answers
    assert code.isalnum() and code == code.lower()


def test_one_set_of_answers_has_one_code_whatever_the_order_they_were_given_in():
    assert codes.encode({3: 1, 1: 2}) == codes.encode({1: 2, 3: 1})


def test_no_answers_is_the_empty_code():
    assert codes.encode({}) == ""
    assert codes.decode("") == {}


def test_thirty_answers_make_a_short_code():
    assert len(codes.encode(dict.fromkeys(range(1, 31), 3))) == 30 * 3 + 2


@pytest.mark.parametrize(
    "change",
    [
        lambda code: code[:-1],  # cut short by one character
        lambda code: code[:-3],  # cut short by a whole answer
        lambda code: code[:3],  # only the first answer left
        lambda code: code[:4] + ("1" if code[4] != "1" else "2") + code[5:],  # an answer changed
        lambda code: code.upper(),
        lambda code: code + "x",
        lambda code: code[:5] + "!" + code[6:],
        lambda code: code.replace(code[0], "é", 1),
    ],
)
def test_a_code_cut_short_or_changed_is_refused(change):
    code = codes.encode({1: 5, 2: 1, 3: 3, 4: 4})
    with pytest.raises(codes.CodeError) as refused:
        codes.decode(change(code))
    assert not refused.value.too_long


def test_a_code_made_by_hand_with_a_valid_check_is_still_refused_when_it_says_nonsense():
    for body in ("016", "010", "00" + "3", "011011"):  # answer 6, answer 0, question 0, twice
        with pytest.raises(codes.CodeError):
            codes.decode(body + codes._check(body))


def test_a_flood_is_refused_before_it_is_read():
    with pytest.raises(codes.CodeError) as refused:
        codes.decode("0" * (codes.LONGEST + 1))
    assert refused.value.too_long


def test_only_questions_and_answers_it_can_hold_are_encoded():
    for impossible in ({0: 3}, {1296: 3}, {1: 6}, {1: 0}):
        with pytest.raises(ValueError):
            codes.encode(impossible)
