"""Database helpers that keep one model and one migration for SQLite and PostgreSQL."""

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField
from django.db.models import F, Func

POSTGRESQL = "postgresql"


class UtcRangeWithMargins(Func):
    """``tsrange`` of [start - before minutes, end + after minutes), in UTC.

    ``timestamptz ± interval`` is not IMMUTABLE in PostgreSQL (it depends on
    the session's time zone), so it can't go into a constraint; the same
    arithmetic on ``timezone('UTC', …)`` timestamps is (DESIGN.md, concurrency
    facts).
    """

    output_field = DateTimeRangeField()

    def __init__(self, start: str, end: str, before: str, after: str):
        super().__init__(F(start), F(end), F(before), F(after))

    def as_sql(self, compiler, connection, **extra_context):
        parts, params = [], []
        for expression in self.get_source_expressions():
            sql, expression_params = compiler.compile(expression)
            parts.append(sql)
            params.extend(expression_params)
        start, end, before, after = parts
        sql = (
            f"tsrange(timezone('UTC', {start}) - make_interval(mins => {before}), "
            f"timezone('UTC', {end}) + make_interval(mins => {after}), '[)')"
        )
        return sql, params


class PostgresExclusionConstraint(ExclusionConstraint):
    """An ``ExclusionConstraint`` on PostgreSQL, nothing elsewhere.

    On SQLite the services enforce the same rule themselves, checking and
    writing in one ``BEGIN IMMEDIATE`` transaction. Model validation doesn't
    run it: the services check with the matching engine first, and the
    constraint is the database's last word (an ``IntegrityError``).
    """

    def constraint_sql(self, model, schema_editor):
        if schema_editor.connection.vendor != POSTGRESQL:
            return None
        return super().constraint_sql(model, schema_editor)

    def create_sql(self, model, schema_editor):
        if schema_editor.connection.vendor != POSTGRESQL:
            return None
        return super().create_sql(model, schema_editor)

    def remove_sql(self, model, schema_editor):
        if schema_editor.connection.vendor != POSTGRESQL:
            return None
        return super().remove_sql(model, schema_editor)

    def validate(self, model, instance, exclude=None, using=None):
        return None
