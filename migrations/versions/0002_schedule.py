"""schedule: time zones for teachers and classes, and per-student assignment exceptions

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("time_zone", sa.String(length=64), nullable=True))
    with op.batch_alter_table("classrooms", schema=None) as batch_op:
        batch_op.add_column(sa.Column("time_zone", sa.String(length=64), nullable=True))
    op.create_table(
        "assignment_exceptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=True),
        sa.Column("extra_attempts", sa.Integer(), nullable=False),
        sa.Column("answers_released", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["assignment_id"], ["assignments.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["student_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("assignment_id", "student_id"),
    )
    with op.batch_alter_table("assignment_exceptions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assignment_exceptions_assignment_id"), ["assignment_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_assignment_exceptions_student_id"), ["student_id"], unique=False)


def downgrade():
    with op.batch_alter_table("assignment_exceptions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assignment_exceptions_student_id"))
        batch_op.drop_index(batch_op.f("ix_assignment_exceptions_assignment_id"))
    op.drop_table("assignment_exceptions")
    with op.batch_alter_table("classrooms", schema=None) as batch_op:
        batch_op.drop_column("time_zone")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("time_zone")
