"""How a text is read before it is weighed: the same for training and for suggesting."""

import re
import unicodedata

_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower case, without accents ("Devolución" → "devolucion": sellers type both);
    every number is one token ("0"): an order number says nothing about the cause."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", _DIGITS.sub("0", plain.lower())).strip()
