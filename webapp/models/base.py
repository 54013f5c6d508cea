from datetime import UTC, datetime


def utcnow() -> datetime:
    """Timestamps are stored in UTC without tzinfo, the same on SQLite and PostgreSQL."""
    return datetime.now(UTC).replace(tzinfo=None)
