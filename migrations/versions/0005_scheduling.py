"""Calendar: schedules, rooms, appointment types, appointments, series, waitlist

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Calendar settings on the practice row: existing practices get the defaults.
    with op.batch_alter_table('practice', schema=None) as batch_op:
        batch_op.add_column(sa.Column('slot_minutes', sa.Integer(), server_default=sa.text('15'), nullable=False))
        batch_op.add_column(sa.Column('time_zone', sa.String(length=64), server_default='America/New_York',
                                      nullable=False))

    op.create_table('appointment_type',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('default_minutes', sa.Integer(), nullable=False),
    sa.Column('colour', sa.String(length=7), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appointment_type')),
    sa.UniqueConstraint('name', name=op.f('uq_appointment_type_name'))
    )
    op.create_table('exam_room',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exam_room')),
    sa.UniqueConstraint('name', name=op.f('uq_exam_room_name'))
    )
    op.create_table('holiday',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_holiday')),
    sa.UniqueConstraint('day', name=op.f('uq_holiday_day'))
    )
    op.create_table('appointment_series',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('every_weeks', sa.Integer(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by'], ['app_user.id'], name=op.f('fk_appointment_series_created_by_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appointment_series'))
    )
    op.create_table('appointment_type_provider',
    sa.Column('type_id', sa.Integer(), nullable=False),
    sa.Column('provider_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['provider_id'], ['provider.id'], name=op.f('fk_appointment_type_provider_provider_id_provider'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['type_id'], ['appointment_type.id'], name=op.f('fk_appointment_type_provider_type_id_appointment_type'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('type_id', 'provider_id', name=op.f('pk_appointment_type_provider'))
    )
    op.create_table('blockout',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('provider_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('weekday', sa.Integer(), nullable=True),
    sa.Column('on_date', sa.Date(), nullable=True),
    sa.Column('first_day', sa.Date(), nullable=True),
    sa.Column('last_day', sa.Date(), nullable=True),
    sa.Column('start_time', sa.Time(), nullable=False),
    sa.Column('end_time', sa.Time(), nullable=False),
    sa.CheckConstraint('(weekday IS NULL) <> (on_date IS NULL)', name=op.f('ck_blockout_weekly_or_once')),
    sa.ForeignKeyConstraint(['provider_id'], ['provider.id'], name=op.f('fk_blockout_provider_id_provider')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_blockout'))
    )
    with op.batch_alter_table('blockout', schema=None) as batch_op:
        batch_op.create_index('ix_blockout_provider_id', ['provider_id'], unique=False)

    op.create_table('schedule_exception',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('provider_id', sa.Integer(), nullable=False),
    sa.Column('first_day', sa.Date(), nullable=False),
    sa.Column('last_day', sa.Date(), nullable=False),
    sa.Column('start_time', sa.Time(), nullable=True),
    sa.Column('end_time', sa.Time(), nullable=True),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['provider_id'], ['provider.id'], name=op.f('fk_schedule_exception_provider_id_provider')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_schedule_exception'))
    )
    with op.batch_alter_table('schedule_exception', schema=None) as batch_op:
        batch_op.create_index('ix_schedule_exception_provider_id_last_day', ['provider_id', 'last_day'], unique=False)

    op.create_table('working_hours',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('provider_id', sa.Integer(), nullable=False),
    sa.Column('weekday', sa.Integer(), nullable=False),
    sa.Column('start_time', sa.Time(), nullable=False),
    sa.Column('end_time', sa.Time(), nullable=False),
    sa.ForeignKeyConstraint(['provider_id'], ['provider.id'], name=op.f('fk_working_hours_provider_id_provider')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_working_hours'))
    )
    with op.batch_alter_table('working_hours', schema=None) as batch_op:
        batch_op.create_index('ix_working_hours_provider_id_weekday', ['provider_id', 'weekday'], unique=False)

    op.create_table('appointment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('provider_id', sa.Integer(), nullable=False),
    sa.Column('room_id', sa.Integer(), nullable=True),
    sa.Column('type_id', sa.Integer(), nullable=False),
    sa.Column('start_utc', sa.DateTime(), nullable=False),
    sa.Column('end_utc', sa.DateTime(), nullable=False),
    sa.Column('length_minutes', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('status_at', sa.DateTime(), nullable=False),
    sa.Column('status_by', sa.Integer(), nullable=True),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('notes', sa.String(length=1000), nullable=False),
    sa.Column('series_id', sa.Integer(), nullable=True),
    sa.Column('cancel_reason', sa.String(length=200), nullable=False),
    sa.Column('late_cancel', sa.Boolean(), nullable=False),
    sa.Column('override_rules', sa.String(length=200), nullable=False),
    sa.Column('override_reason', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['app_user.id'], name=op.f('fk_appointment_created_by_app_user')),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], name=op.f('fk_appointment_patient_id_patient')),
    sa.ForeignKeyConstraint(['provider_id'], ['provider.id'], name=op.f('fk_appointment_provider_id_provider')),
    sa.ForeignKeyConstraint(['room_id'], ['exam_room.id'], name=op.f('fk_appointment_room_id_exam_room')),
    sa.ForeignKeyConstraint(['series_id'], ['appointment_series.id'], name=op.f('fk_appointment_series_id_appointment_series')),
    sa.ForeignKeyConstraint(['status_by'], ['app_user.id'], name=op.f('fk_appointment_status_by_app_user')),
    sa.ForeignKeyConstraint(['type_id'], ['appointment_type.id'], name=op.f('fk_appointment_type_id_appointment_type')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appointment'))
    )
    with op.batch_alter_table('appointment', schema=None) as batch_op:
        batch_op.create_index('ix_appointment_patient_id_start_utc', ['patient_id', 'start_utc'], unique=False)
        batch_op.create_index('ix_appointment_provider_id_start_utc', ['provider_id', 'start_utc'], unique=False)
        batch_op.create_index('ix_appointment_room_id_start_utc', ['room_id', 'start_utc'], unique=False)
        batch_op.create_index('ix_appointment_series_id_start_utc', ['series_id', 'start_utc'], unique=False)
        batch_op.create_index('ix_appointment_start_utc', ['start_utc'], unique=False)

    op.create_table('appointment_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('appointment_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('from_start_utc', sa.DateTime(), nullable=True),
    sa.Column('from_end_utc', sa.DateTime(), nullable=True),
    sa.Column('from_provider_id', sa.Integer(), nullable=True),
    sa.Column('from_room_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['appointment_id'], ['appointment.id'], name=op.f('fk_appointment_event_appointment_id_appointment')),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], name=op.f('fk_appointment_event_user_id_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appointment_event'))
    )
    with op.batch_alter_table('appointment_event', schema=None) as batch_op:
        batch_op.create_index('ix_appointment_event_appointment_id', ['appointment_id'], unique=False)

    op.create_table('waitlist_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('type_id', sa.Integer(), nullable=True),
    sa.Column('length_minutes', sa.Integer(), nullable=False),
    sa.Column('weekdays', sa.Integer(), nullable=False),
    sa.Column('earliest_time', sa.Time(), nullable=True),
    sa.Column('latest_time', sa.Time(), nullable=True),
    sa.Column('until_day', sa.Date(), nullable=True),
    sa.Column('appointment_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('closed_reason', sa.String(length=40), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['appointment_id'], ['appointment.id'], name=op.f('fk_waitlist_entry_appointment_id_appointment')),
    sa.ForeignKeyConstraint(['created_by'], ['app_user.id'], name=op.f('fk_waitlist_entry_created_by_app_user')),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], name=op.f('fk_waitlist_entry_patient_id_patient')),
    sa.ForeignKeyConstraint(['type_id'], ['appointment_type.id'], name=op.f('fk_waitlist_entry_type_id_appointment_type')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_waitlist_entry'))
    )
    with op.batch_alter_table('waitlist_entry', schema=None) as batch_op:
        batch_op.create_index('ix_waitlist_entry_active', ['active'], unique=False)

    op.create_table('waitlist_provider',
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('provider_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['waitlist_entry.id'], name=op.f('fk_waitlist_provider_entry_id_waitlist_entry'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['provider_id'], ['provider.id'], name=op.f('fk_waitlist_provider_provider_id_provider'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('entry_id', 'provider_id', name=op.f('pk_waitlist_provider'))
    )


def downgrade() -> None:
    op.drop_table('waitlist_provider')
    with op.batch_alter_table('waitlist_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_waitlist_entry_active')

    op.drop_table('waitlist_entry')
    with op.batch_alter_table('appointment_event', schema=None) as batch_op:
        batch_op.drop_index('ix_appointment_event_appointment_id')

    op.drop_table('appointment_event')
    with op.batch_alter_table('appointment', schema=None) as batch_op:
        batch_op.drop_index('ix_appointment_start_utc')
        batch_op.drop_index('ix_appointment_series_id_start_utc')
        batch_op.drop_index('ix_appointment_room_id_start_utc')
        batch_op.drop_index('ix_appointment_provider_id_start_utc')
        batch_op.drop_index('ix_appointment_patient_id_start_utc')

    op.drop_table('appointment')
    with op.batch_alter_table('working_hours', schema=None) as batch_op:
        batch_op.drop_index('ix_working_hours_provider_id_weekday')

    op.drop_table('working_hours')
    with op.batch_alter_table('schedule_exception', schema=None) as batch_op:
        batch_op.drop_index('ix_schedule_exception_provider_id_last_day')

    op.drop_table('schedule_exception')
    with op.batch_alter_table('blockout', schema=None) as batch_op:
        batch_op.drop_index('ix_blockout_provider_id')

    op.drop_table('blockout')
    op.drop_table('appointment_type_provider')
    op.drop_table('appointment_series')
    op.drop_table('holiday')
    op.drop_table('exam_room')
    op.drop_table('appointment_type')

    with op.batch_alter_table('practice', schema=None) as batch_op:
        batch_op.drop_column('time_zone')
        batch_op.drop_column('slot_minutes')
