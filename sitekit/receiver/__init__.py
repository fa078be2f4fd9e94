"""The questionnaire's own form receiver: a small Starlette app over SQLite.

A submission is validated against the same questionnaire definition the build used,
stored (SQLite, WAL, synchronous) before the visitor hears "ok", and mailed to the
owner from an outbox that survives restarts and SMTP outages. See ``app.create_app``.
"""
