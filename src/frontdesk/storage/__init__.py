"""Storage layer: encrypted engine, keys, migrations, integrity and backup copies."""
