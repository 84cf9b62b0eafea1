"""Case numbers: 8 digits, unique, never reused, allocated without races.

On PostgreSQL a sequence hands them out (concurrent transactions never get the same one,
and a rolled-back number is never given again). SQLite, used only for local runs, has no
sequences; it serialises writers, so the next number after the highest is safe there.
"""

from django.db import connection

FIRST_CASE_NUMBER = 10_000_001
SEQUENCE = "cases_case_number_seq"


def allocate_case_number() -> int:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval(%s)", [SEQUENCE])
        else:
            cursor.execute(
                "SELECT COALESCE(MAX(number) + 1, %s) FROM cases_case", [FIRST_CASE_NUMBER]
            )
        return cursor.fetchone()[0]


def create_sequence_sql() -> str:
    return (
        f"CREATE SEQUENCE IF NOT EXISTS {SEQUENCE} START WITH {FIRST_CASE_NUMBER} "
        f"MINVALUE 10000000 MAXVALUE 99999999 NO CYCLE"
    )
