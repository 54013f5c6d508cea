"""rosters: students' roster-system ids, and new passphrases held for one view

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-30 07:20:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sourced_id', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('student_number', sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_users_sourced_id'), ['sourced_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_users_student_number'), ['student_number'], unique=False)

    op.create_table('login_sheets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('classroom_id', sa.Integer(), nullable=False),
    sa.Column('sealed', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['classroom_id'], ['classrooms.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('login_sheets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_sheets_classroom_id'), ['classroom_id'], unique=False)


def downgrade():
    with op.batch_alter_table('login_sheets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_sheets_classroom_id'))
    op.drop_table('login_sheets')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_users_student_number'))
        batch_op.drop_index(batch_op.f('ix_users_sourced_id'))
        batch_op.drop_column('student_number')
        batch_op.drop_column('sourced_id')
