"""Integration tokens and webhook secrets: random, shown once, stored as SHA-256 hashes.

A token is 256 random bits, so a plain (unsalted) SHA-256 is enough to keep a leaked
table from giving tokens away, and it lets a request find its integration by an indexed
equality on the hash. A webhook secret must sign every webhook, so it is kept in clear.
"""

import hashlib
import secrets

TOKEN_PREFIX = "scm_"


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_prefix(token: str) -> str:
    return token[: len(TOKEN_PREFIX) + 6]


def new_webhook_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)
