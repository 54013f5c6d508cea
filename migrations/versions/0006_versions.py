"""versions: every answered version of a question, each answer's version and shape, regrades

Existing answers are back-filled to version 1 of their question: a version row per answered
question, with the question's content hash and no data yet (the next catalog sync fills it from
the files, which are what those students were asked unless the files changed since the last sync).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('question_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.String(length=80), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('data', sa.JSON(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['questions.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('question_id', 'number')
    )
    with op.batch_alter_table('question_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_question_versions_question_id'), ['question_id'], unique=False)

    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('answer_format', sa.Integer(), server_default='1', nullable=False))
        batch_op.create_index(batch_op.f('ix_responses_version_id'), ['version_id'], unique=False)
        batch_op.create_foreign_key('fk_responses_version_id', 'question_versions', ['version_id'], ['id'])

    op.create_table('regrades',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('response_id', sa.Integer(), nullable=False),
    sa.Column('from_version_id', sa.Integer(), nullable=False),
    sa.Column('to_version_id', sa.Integer(), nullable=False),
    sa.Column('old_points', sa.Double(), nullable=False),
    sa.Column('new_points', sa.Double(), nullable=False),
    sa.Column('reason', sa.String(length=80), nullable=False),
    sa.Column('regraded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['from_version_id'], ['question_versions.id'], ),
    sa.ForeignKeyConstraint(['response_id'], ['responses.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['to_version_id'], ['question_versions.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('regrades', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_regrades_response_id'), ['response_id'], unique=False)

    op.execute(
        "INSERT INTO question_versions (question_id, number, content_hash, created_at) "
        "SELECT q.id, 1, q.content_hash, CURRENT_TIMESTAMP FROM questions q "
        "WHERE EXISTS (SELECT 1 FROM responses r WHERE r.question_id = q.id)")
    op.execute(
        "UPDATE responses SET version_id = (SELECT v.id FROM question_versions v "
        "WHERE v.question_id = responses.question_id AND v.number = 1)")


def downgrade():
    with op.batch_alter_table('regrades', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_regrades_response_id'))
    op.drop_table('regrades')

    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.drop_constraint('fk_responses_version_id', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_responses_version_id'))
        batch_op.drop_column('answer_format')
        batch_op.drop_column('version_id')

    with op.batch_alter_table('question_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_question_versions_question_id'))
    op.drop_table('question_versions')
