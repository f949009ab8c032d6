"""Persistence: SQLAlchemy tables, engine, repositories, unit of work and Alembic migrations."""
