"""PostgreSQL bulk loading: COPY, ids from the tables' own sequences, and building the
indexes and foreign keys once after the load instead of row by row during it."""

import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

NULL = r"\N"


def copy_rows(cursor, table: str, columns: tuple[str, ...], lines: list[str]) -> None:
    """COPY tab-separated lines (PostgreSQL text format, values already escaped)."""
    if not lines:
        return
    buffer = io.StringIO("\n".join(lines) + "\n")
    cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)


def escape(value: str) -> str:
    """A string as COPY's text format reads it back."""
    return (
        value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    )


class SequenceBlock:
    """Values of a sequence, fetched a block at a time with nextval().

    Every value comes from the sequence itself, so rows inserted meanwhile by the
    application (or the next case number it allocates) can never collide with ours.
    """

    def __init__(self, cursor, sequence: str, block: int = 20_000):
        self.cursor, self.sequence, self.block = cursor, sequence, block
        self.values: list[int] = []
        self.position = 0

    @classmethod
    def for_identity(cls, cursor, table: str, **kwargs) -> "SequenceBlock":
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
        return cls(cursor, cursor.fetchone()[0], **kwargs)

    def take(self) -> int:
        if self.position == len(self.values):
            self.cursor.execute(
                "SELECT nextval(%s) FROM generate_series(1, %s)", [self.sequence, self.block]
            )
            self.values = sorted(row[0] for row in self.cursor.fetchall())
            self.position = 0
        value = self.values[self.position]
        self.position += 1
        return value


@dataclass(frozen=True)
class Deferred:
    table: str
    name: str
    create_sql: str


def _secondary_indexes(cursor, tables: list[str]) -> list[Deferred]:
    # Neither primary keys nor unique indexes: those check the data as it comes in.
    cursor.execute(
        """
        SELECT t.relname, i.relname, pg_get_indexdef(x.indexrelid)
        FROM pg_index x
        JOIN pg_class i ON i.oid = x.indexrelid
        JOIN pg_class t ON t.oid = x.indrelid
        WHERE t.relname = ANY(%s) AND NOT x.indisunique AND NOT x.indisprimary
          AND t.relnamespace = 'public'::regnamespace
        ORDER BY t.relname, i.relname
        """,
        [tables],
    )
    return [Deferred(table, name, sql) for table, name, sql in cursor.fetchall()]


def _foreign_keys(cursor, tables: list[str]) -> list[Deferred]:
    cursor.execute(
        """
        SELECT t.relname, c.conname, pg_get_constraintdef(c.oid)
        FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
        WHERE c.contype = 'f' AND t.relname = ANY(%s)
          AND t.relnamespace = 'public'::regnamespace
        ORDER BY t.relname, c.conname
        """,
        [tables],
    )
    return [
        Deferred(table, name, f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
        for table, name, definition in cursor.fetchall()
    ]


@contextmanager
def indexes_built_after(cursor, tables: list[str], *, log) -> Iterator[None]:
    """Drop the tables' secondary indexes and foreign keys, and create them again after.

    Must run inside a transaction: if the load fails, the rollback brings them back.
    Rebuilding an index once is far cheaper than updating it for each of millions of
    rows, and re-adding a foreign key checks every row with one join instead of one
    trigger call per row.
    """
    indexes, keys = _secondary_indexes(cursor, tables), _foreign_keys(cursor, tables)
    # Django's foreign keys are checked at commit; the rows inserted so far (users) must
    # be checked now, or their tables cannot be altered.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    for key in keys:
        cursor.execute(f'ALTER TABLE "{key.table}" DROP CONSTRAINT "{key.name}"')
    for index in indexes:
        cursor.execute(f'DROP INDEX "{index.name}"')
    yield
    # Sorting and GIN builds go much faster with memory; this transaction only.
    cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
    for index in indexes:
        with log.timed(f"index {index.name}"):
            cursor.execute(index.create_sql)
    with log.timed(f"{len(keys)} foreign keys checked"):
        for key in keys:
            cursor.execute(key.create_sql)
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
