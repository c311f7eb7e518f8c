namespace Gatehouse.Audit.Storage;

/// <summary>The audit.db tables. Query columns duplicate a few leaf fields so filters use indexes, not JSON parsing.</summary>
internal static class SqliteSchema
{
    public const int Version = 1;

    /// <summary>The size of the stored tree: its highest stored leaf index + 1 (0 when none).</summary>
    public const string TreeSizeQuery = "SELECT COALESCE(MAX(idx) + 1, 0) FROM tree_nodes WHERE level = 0";

    public const string Create = """
        CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS records (
            idx INTEGER PRIMARY KEY,
            leaf BLOB NOT NULL,
            kind TEXT NOT NULL,
            time_ms INTEGER NOT NULL,
            principal TEXT, tenant TEXT, model TEXT, decision TEXT);
        CREATE INDEX IF NOT EXISTS records_principal ON records(principal, idx);
        CREATE INDEX IF NOT EXISTS records_tenant ON records(tenant, idx);
        CREATE INDEX IF NOT EXISTS records_model ON records(model, idx);
        CREATE INDEX IF NOT EXISTS records_time ON records(time_ms);
        CREATE TABLE IF NOT EXISTS tree_nodes (level INTEGER NOT NULL, idx INTEGER NOT NULL, hash BLOB NOT NULL, PRIMARY KEY (level, idx)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS checkpoints (size INTEGER PRIMARY KEY, note TEXT NOT NULL, created_ms INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS subject_keys (
            id INTEGER PRIMARY KEY,
            subject TEXT NOT NULL, tenant TEXT NOT NULL, day INTEGER NOT NULL,
            key BLOB, destroyed_ms INTEGER);
        CREATE INDEX IF NOT EXISTS subject_keys_subject ON subject_keys(subject, tenant, day);
        CREATE TABLE IF NOT EXISTS payloads (idx INTEGER PRIMARY KEY, key_id INTEGER NOT NULL, blob BLOB NOT NULL);
        """;
}
