"""Patient documents on a practice server: moved in from a single PC they still open there (sealed values are
bound to their row ids, which the copy keeps), and the copier reads tables of files a few rows at a time."""

from __future__ import annotations

from doc_testlib import MARKER, image_bytes, new_document, pdf_bytes
from single_pc_support import bare_server_db, single_pc  # noqa: F401 (fixtures)
from sqlalchemy import MetaData

from frontdesk.models import Patient
from frontdesk.services.patients import documents
from frontdesk.services.session import ServiceContext
from frontdesk.storage.engine import Database
from frontdesk.storage.keys import KeyFile
from frontdesk.storage.move_in import copy_into_server
from frontdesk.storage.pg_engine import PostgresDatabase
from frontdesk.storage.table_copy import COPY_BATCH, FILE_BATCH, batch_size


def test_documents_moved_into_a_server_open_there(single_pc, template_practice, bare_server_db) -> None:  # type: ignore[no-untyped-def]
    key, actor = template_practice.db_key, template_practice.result.actor
    source = Database(single_pc.database, key)
    try:
        ctx = ServiceContext(source, actor)
        with source.session(write=False) as session:
            patient_id = session.query(Patient.id).order_by(Patient.id).first()[0]
        pdf = documents.attach_document(ctx, patient_id, new_document("echo.pdf", pdf_bytes(2)))
        png = documents.attach_document(ctx, patient_id, new_document("id.png", image_bytes("PNG"), "photo_id"))
        server = PostgresDatabase(bare_server_db, key)
        try:
            copy_into_server(source, server, KeyFile.load(single_pc.key_file), lambda _session: None, batch=3)
            on_server = ServiceContext(server, actor)
            listed = documents.list_documents(on_server, patient_id)
            assert [d.id for d in listed] == [png.id, pdf.id] and listed[0].thumbnail == png.thumbnail
            assert MARKER in documents.open_document(on_server, pdf.id).data
        finally:
            server.close()
    finally:
        source.close()


def test_tables_of_files_are_copied_a_few_rows_at_a_time(template_practice) -> None:  # type: ignore[no-untyped-def]
    db = Database(template_practice.paths.database, template_practice.db_key)
    try:
        tables = MetaData()
        with db.engine.connect() as conn:
            tables.reflect(conn)
    finally:
        db.close()
    assert batch_size(tables.tables["patient_document_content"], COPY_BATCH) == FILE_BATCH
    assert batch_size(tables.tables["insurance_card_image"], COPY_BATCH) == FILE_BATCH
    assert batch_size(tables.tables["patient"], COPY_BATCH) == COPY_BATCH
