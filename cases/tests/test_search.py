"""What the search boxes read as a case number (cases/search.py)."""

import sys

from cases.search import case_number

NUMERIC = [chr(code) for code in range(sys.maxunicode + 1) if chr(code).isnumeric()]


class TestCaseNumber:
    def test_ascii_digits_around_spaces_are_a_case_number(self):
        assert case_number(" 10000139 ") == 10000139
        assert case_number("007") == 7
        assert case_number("9" * 40) == int("9" * 40)  # too large for a case: finds nothing

    def test_no_other_digit_or_number_character_is_one(self):
        """Digits of other scripts and number signs are words to search, never a number:
        "²" (isdigit() is true, int() fails), "١٢٣" and "𝟠" (int() reads them), "½"..."""
        numbers = {char: case_number(f"1{char}2") for char in NUMERIC if not char.isascii()}

        assert {char for char, number in numbers.items() if number is not None} == set()
        assert len(numbers) > 1000

    def test_words_and_signs_are_not_a_case_number(self):
        for text in ["", " ", "-1", "+1", "1.5", "1e3", "1 2", "#123", "0x1f", "1_000"]:
            assert case_number(text) is None, text
