"""Phone messages, their notes, and tasks

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('phone_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('taken_by', sa.Integer(), nullable=True),
    sa.Column('caller_name', sa.String(length=120), nullable=False),
    sa.Column('caller_phone', sa.String(length=20), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.String(length=120), nullable=False),
    sa.Column('urgency', sa.String(length=8), nullable=False),
    sa.Column('body', sa.String(length=2000), nullable=False),
    sa.Column('call_back', sa.Boolean(), nullable=False),
    sa.Column('callback_phone', sa.String(length=20), nullable=False),
    sa.Column('to_user_id', sa.Integer(), nullable=True),
    sa.Column('to_role', sa.String(length=20), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('status_by', sa.Integer(), nullable=True),
    sa.Column('status_at', sa.DateTime(), nullable=True),
    sa.Column('due_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('(to_user_id IS NULL) <> (to_role IS NULL)', name=op.f('ck_phone_message_one_recipient')),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], name=op.f('fk_phone_message_patient_id_patient')),
    sa.ForeignKeyConstraint(['status_by'], ['app_user.id'], name=op.f('fk_phone_message_status_by_app_user')),
    sa.ForeignKeyConstraint(['taken_by'], ['app_user.id'], name=op.f('fk_phone_message_taken_by_app_user')),
    sa.ForeignKeyConstraint(['to_user_id'], ['app_user.id'], name=op.f('fk_phone_message_to_user_id_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_phone_message'))
    )
    with op.batch_alter_table('phone_message', schema=None) as batch_op:
        batch_op.create_index('ix_phone_message_patient_id', ['patient_id'], unique=False)
        batch_op.create_index('ix_phone_message_status_created_at', ['status', 'created_at'], unique=False)
        batch_op.create_index('ix_phone_message_taken_by_status_created_at', ['taken_by', 'status', 'created_at'],
                              unique=False)
        batch_op.create_index('ix_phone_message_to_role_status_created_at', ['to_role', 'status', 'created_at'],
                              unique=False)
        batch_op.create_index('ix_phone_message_to_user_id_status_created_at', ['to_user_id', 'status', 'created_at'],
                              unique=False)

    op.create_table('message_read',
    sa.Column('message_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('read_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['message_id'], ['phone_message.id'], name=op.f('fk_message_read_message_id_phone_message')),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], name=op.f('fk_message_read_user_id_app_user')),
    sa.PrimaryKeyConstraint('message_id', 'user_id', name=op.f('pk_message_read'))
    )
    op.create_table('message_note',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.String(length=2000), nullable=False),
    sa.ForeignKeyConstraint(['message_id'], ['phone_message.id'], name=op.f('fk_message_note_message_id_phone_message')),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], name=op.f('fk_message_note_user_id_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_message_note'))
    )
    with op.batch_alter_table('message_note', schema=None) as batch_op:
        batch_op.create_index('ix_message_note_message_id_id', ['message_id', 'id'], unique=False)

    op.create_table('staff_task',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('detail', sa.String(length=2000), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=True),
    sa.Column('to_user_id', sa.Integer(), nullable=True),
    sa.Column('to_role', sa.String(length=20), nullable=True),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('status_by', sa.Integer(), nullable=True),
    sa.Column('status_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint('(to_user_id IS NULL) <> (to_role IS NULL)', name=op.f('ck_staff_task_one_assignee')),
    sa.ForeignKeyConstraint(['created_by'], ['app_user.id'], name=op.f('fk_staff_task_created_by_app_user')),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], name=op.f('fk_staff_task_patient_id_patient')),
    sa.ForeignKeyConstraint(['status_by'], ['app_user.id'], name=op.f('fk_staff_task_status_by_app_user')),
    sa.ForeignKeyConstraint(['to_user_id'], ['app_user.id'], name=op.f('fk_staff_task_to_user_id_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_task'))
    )
    with op.batch_alter_table('staff_task', schema=None) as batch_op:
        batch_op.create_index('ix_staff_task_created_by_due_date', ['created_by', 'due_date'], unique=False)
        batch_op.create_index('ix_staff_task_patient_id', ['patient_id'], unique=False)
        batch_op.create_index('ix_staff_task_status_due_date', ['status', 'due_date'], unique=False)
        batch_op.create_index('ix_staff_task_to_role_status_due_date', ['to_role', 'status', 'due_date'], unique=False)
        batch_op.create_index('ix_staff_task_to_user_id_status_due_date', ['to_user_id', 'status', 'due_date'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('staff_task', schema=None) as batch_op:
        for name in ('ix_staff_task_to_user_id_status_due_date', 'ix_staff_task_to_role_status_due_date',
                     'ix_staff_task_status_due_date', 'ix_staff_task_patient_id', 'ix_staff_task_created_by_due_date'):
            batch_op.drop_index(name)
    op.drop_table('staff_task')
    with op.batch_alter_table('message_note', schema=None) as batch_op:
        batch_op.drop_index('ix_message_note_message_id_id')
    op.drop_table('message_note')
    op.drop_table('message_read')
    with op.batch_alter_table('phone_message', schema=None) as batch_op:
        for name in ('ix_phone_message_to_user_id_status_created_at', 'ix_phone_message_to_role_status_created_at',
                     'ix_phone_message_taken_by_status_created_at', 'ix_phone_message_status_created_at',
                     'ix_phone_message_patient_id'):
            batch_op.drop_index(name)
    op.drop_table('phone_message')
