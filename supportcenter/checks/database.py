"""`python -m supportcenter.checks.database`: exit 0 if DATABASE_URL's server answers.

Used by `make test` to stop early with a clear message instead of a wall of errors.
"""

import os
import sys

import environ


def main() -> int:
    url = os.environ.get("DATABASE_URL", "")
    config = environ.Env.db_url_config(url)
    if "postgresql" not in config["ENGINE"]:
        print(f"The tests need PostgreSQL; DATABASE_URL is {url!r}.", file=sys.stderr)
        return 1
    import psycopg2

    try:
        # The maintenance database: the test database is created by pytest-django.
        psycopg2.connect(
            dbname="postgres",
            user=config.get("USER") or None,
            password=config.get("PASSWORD") or None,
            host=config.get("HOST") or None,
            port=config.get("PORT") or None,
            connect_timeout=5,
        ).close()
    except psycopg2.OperationalError as exc:
        print(f"Cannot connect to PostgreSQL at {url}: {exc}".strip(), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
