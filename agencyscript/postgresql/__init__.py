"""Django's PostgreSQL backend, with every wait on the server marked for the request's wait limit."""
