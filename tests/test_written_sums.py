"""Sums typed or printed in other forms are brought to the one form news prose uses ("$4.3 billion")."""
import pytest

from assistant.answer import spans
from assistant.answer.written_sums import one_form


@pytest.mark.parametrize("text,expected", [
    ("pay 4.3 billion dollars to the doj", "pay $4.3 billion to the doj"),
    ("pay $4.3bn", "pay $4.3 billion"),
    ("pay 4.3bn", "pay 4.3 billion"),
    ("a $65M round", "a $65 million round"),
    ("9.99 euros a month", "€9.99 a month"),
    ("1.5 million US dollars", "$1.5 million"),
    ("$US612.1 million and US$240 million", "$612.1 million and $240 million"),
    ("5 million pounds", "£5 million"),
    ("$20,000 USD and about 4 Bitcoin", "$20,000 and about 4 Bitcoin"),  # the symbol is already there
    ("$1.2T", "$1.2 trillion"),
    # not sums: a weight, a distance, a count
    ("he weighs 200 pounds", "he weighs 200 pounds"),
    ("a 5k run past the 4m mark", "a 5k run past the 4m mark"),
    ("2.5m people", "2.5m people"),
    ("the cost in 2023 dollars", "the cost in 2023 dollars"),  # a year's dollars
    ("Route 169 MN", "Route 169 MN"),  # "MN" in capitals is no scale
    ("€9.99/month", "€9.99/month"),
])
def test_a_sum_is_written_in_one_form(text, expected):
    assert one_form(text) == expected


def test_a_sum_written_with_a_currency_word_has_that_currency():
    assert spans.amount_values("it costs 9.99 euros") == spans.amount_values("it costs €9.99") == {(9.99, "€")}
    assert spans.amount_values("4.3 billion dollars") == {(4.3e9, "$")}
