"""Django's PostgreSQL backend, with the waits that queries' ``execute_wrapper`` cannot see marked.

Connecting, the health check of a reused connection (a ``SELECT 1`` straight on
the driver), commit and rollback all wait on the server outside
``CursorWrapper.execute``. Marked with ``database_call``, they come under the
request's database-wait limit (``agencyscript.database_outage``) as queries do.
Outside a limited request the marks do nothing.
"""

from django.db.backends.postgresql import base

from agencyscript.database_outage import database_call


class DatabaseWrapper(base.DatabaseWrapper):
    def connect(self):
        with database_call(self, connecting=True):
            super().connect()

    def is_usable(self):
        with database_call(self):
            return super().is_usable()

    def _commit(self):
        with database_call(self):
            return super()._commit()

    def _rollback(self):
        with database_call(self):
            return super()._rollback()
