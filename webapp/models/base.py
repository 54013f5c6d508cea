from datetime import datetime, timezone


def utcnow() -> datetime:
    """Timestamps are stored in UTC without tzinfo, the same on SQLite and PostgreSQL."""
    return datetime.now(timezone.utc).replace(tzinfo=None)
