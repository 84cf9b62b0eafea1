"""Text as people type it, without the characters nobody sees.

Format characters (Unicode category Cf: zero-width spaces and joiners U+200B–U+200D, the
marks and overrides that change the direction of text U+200E–U+200F, U+202A–U+202E,
U+2066–U+2069, the byte order mark U+FEFF, the word joiner U+2060...) and control
characters (Cc: NUL, which PostgreSQL refuses in text, terminal escapes...) are invisible
or rearrange the text around them: "U+202E fdp.exe" reads "exe.pdf" to an agent, a
zero-width space makes two subjects that look the same differ, or hides a word from the
search. Surrogates (Cs) only come from broken encodings. So they are removed from what is
typed, in one place: the form fields below, used by every form that takes text.

Single-line text (a subject, a name, a short answer) keeps none of them; a line break in
it becomes a space. Multi-line text (a description, a message) keeps its line breaks and
tabs, which are its layout and which anyone sees, and loses the rest like single-line
text: an override or a zero-width character hides as well in a paragraph as in a line.

Removing every Cf character has a price: an emoji made of several joined by U+200D
(a family) shows as its separate people. Flags and coloured hearts are not Cf and stay.
"""

import unicodedata

from django import forms

# Control, format and surrogate characters; and the line and paragraph separators
# (U+2028, U+2029), line breaks by another name.
REMOVED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
KEPT_IN_MULTI_LINE = frozenset("\n\r\t")
# Letters and symbols by category that show nothing on their own: the Hangul fillers
# and the blank braille pattern, favourites for names that look empty.
BLANK_CHARACTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
# The other characters that end a line (those of str.splitlines).
OTHER_LINE_BREAKS = frozenset("\v\f\x1c\x1d\x1e\x85\u2028\u2029")


def _clean(text: str, *, multi_line: bool) -> str:
    # The usual case first: str.isprintable() is False for any Cc, Cf, Cs, Zl, Zp.
    if text.isprintable() and BLANK_CHARACTERS.isdisjoint(text):
        return text
    kept = []
    for char in text:
        if multi_line and char in KEPT_IN_MULTI_LINE:
            kept.append(char)
        elif char in BLANK_CHARACTERS:
            continue
        elif unicodedata.category(char) not in REMOVED_CATEGORIES:
            kept.append(char)
        elif char.isspace():
            # A line break, a tab...: the words on each side stay apart.
            kept.append("\n" if multi_line and char in OTHER_LINE_BREAKS else " ")
    return "".join(kept)


def single_line(text: str) -> str:
    """`text` without invisible, direction-changing or control characters, on one line."""
    return _clean(text, multi_line=False)


def multi_line(text: str) -> str:
    """`text` without invisible, direction-changing or control characters; its line
    breaks and tabs stay."""
    return _clean(text, multi_line=True)


class SingleLineField(forms.CharField):
    """A CharField for text on one line: a subject, a name, a short answer."""

    def to_python(self, value):
        return super().to_python(single_line(value) if isinstance(value, str) else value)


class MultiLineField(forms.CharField):
    """A CharField for paragraphs: a description, a message."""

    widget = forms.Textarea

    def to_python(self, value):
        return super().to_python(multi_line(value) if isinstance(value, str) else value)
