"""The database from outside the application: a connection of our own, to cut everyone else's."""

import psycopg
from django.db import connection

from r2p_letters.lib.database_outage import discard_broken_pooled_connections


def superuser_connection() -> psycopg.Connection:
    """A connection of our own to the test database, outside Django and its pool."""
    db = connection.settings_dict
    return psycopg.connect(
        dbname=db["NAME"],
        user=db["USER"],
        password=db["PASSWORD"] or None,
        host=db["HOST"] or None,
        port=db["PORT"] or None,
    )


def terminate_every_other_connection(admin: psycopg.Connection) -> int:
    """End every session of the test database but ``admin``'s, as a server restart does; how many."""
    return len(
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchall()
    )


def cut_every_connection() -> int:
    """End every session of the test database (this process's too, which is then dropped); how many."""
    with superuser_connection() as admin:
        ended = terminate_every_other_connection(admin)
    # This process's own connection was cut too: closed first, so the pool discards it instead of lending it.
    if connection.connection is not None:
        connection.connection.close()
    connection.close()
    discard_broken_pooled_connections()  # the pool's idle ones were cut too
    return ended
