"""Who is signing in: the one spelling of an email address that the users are stored by,
that login looks them up by, and that the login throttle counts failures against."""

import unicodedata


def normalize_email(value: str) -> str:
    """The canonical spelling of an email address.

    People type their address with capitals, stray spaces or compatibility forms of
    characters that the email validator accepts (fullwidth letters in the domain, the
    Kelvin sign, the long s); all of them mean the same person. Login matches this
    spelling exactly, so every variant that can sign in as someone is also counted as
    them by the throttle (settings AXES_USERNAME_CALLABLE), on any database.
    """
    return unicodedata.normalize("NFKC", value).strip().lower()
