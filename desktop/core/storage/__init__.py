"""The local store: SQLite through sqlite-utils, and the only package with SQL in it.

- `database.py`: `open_database()` (pragmas, migrations) and nesting `transaction()`;
- `migrations.py`: the schema; `exchange_tables.py`: keys and import log (province);
- `codec.py`: exact Decimal ⇄ scaled-integer conversion of figures;
- `repository.py`: `SubmissionRepository` (revisions, audit, receiving, queries);
- `errors.py`: sqlite3 failures → `StorageError` with Vietnamese messages.
"""
