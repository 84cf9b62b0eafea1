"""Odd values for every query-string parameter of every list (the fuzz tests of the trays,
cases/tests/test_tray_fuzz.py, and of the admin lists, supportcenter/tests/test_admin_fuzz.py).

Each is something a person, a pasted link or a careless script can send: digits that are
not ASCII, dates at the edges of the calendar, numbers too large for any column, text too
long for any field, the operators of the search syntaxes (tsquery, LIKE, SQL), NUL and
other control characters, invisible ones, emoji, and bytes that are not UTF-8 at all.
"""

from urllib.parse import quote

HOSTILE_VALUES: list[str] = [
    # Characters for which str.isdigit() is true and int() fails, or which int() reads
    # as digits although they are not ASCII.
    "²",
    "³¹",
    "①",
    "½",
    "١٢٣",  # Arabic-Indic
    "𝟠",  # mathematical bold eight
    "۱۲",  # Persian
    "٣٢٧٦٨",
    # Dates: the calendar's edges, impossible ones, other formats.
    "9999-12-31",
    "0001-01-01",
    "0000-00-00",
    "10000-01-01",
    "2026-02-30",
    "2026-13-01",
    "31-12-9999",
    "01/01/0001",
    "9999",
    # Numbers: negative, huge, not numbers at all.
    "-1",
    "0",
    str(10**30),
    str(2**63),
    "-" + str(2**63),
    "1e309",
    "NaN",
    "inf",
    "1.5",
    # Very long text.
    "x" * 5000,
    "9" * 5000,
    # The search syntaxes and what quotes them.
    '"',
    "'",
    "&",
    "|",
    "!",
    ":*",
    "<->",
    "OR",
    "%",
    "_",
    "\\",
    "(",
    "!(a & b)",
    "' OR 1=1 --",
    "etiqueta & | ! :* <-> ()",
    "<script>alert(1)</script>",
    # NUL and other control characters, invisible and direction-changing characters.
    "\x00",
    "a\x00b",
    "\x1b[31m",
    "\r\n",
    "\u200b",
    "\u202eetiqueta",
    "\ufeff",
    # Emoji, astral characters.
    "😀",
    "👨‍👩‍👧",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    " ",
    "",
]

# One or two of each kind above (the values of the issue that found these errors): for
# lists with many parameters, where every value of every kind would take minutes.
HOSTILE_SAMPLE: list[str] = [
    "²",
    "١٢٣",
    "𝟠",
    "9999-12-31",
    "0001-01-01",
    "9999",
    "-1",
    str(10**30),
    "x" * 5000,
    '"',
    "'",
    "&",
    "|",
    "!",
    ":*",
    "<->",
    "OR",
    "%",
    "\x00",
    "\u202eetiqueta",
    "😀",
]

# Query strings already percent-encoded: bytes a client can send that are not UTF-8
# (a lone surrogate encoded as UTF-8 would be, a stray byte, a cut sequence), and
# repeated or empty keys. `{name}` is the parameter.
RAW_QUERY_STRINGS: list[str] = [
    "{name}=%ED%A0%80",  # U+D800, a lone surrogate
    "{name}=%ED%BF%BF",  # U+DFFF
    "{name}=%FF%FE",
    "{name}=%C3",
    "{name}=%00",
    "{name}=%E2%80%AE%F0%9F%98%80",
    "{name}=1&{name}=2",
    "{name}",
    "{name}=%",
]


def raw_query_strings(name: str, *, sample: bool = False) -> list[str]:
    raws = RAW_QUERY_STRINGS[::3] if sample else RAW_QUERY_STRINGS
    return [raw.format(name=quote(name)) for raw in raws]
