using Microsoft.Data.Sqlite;

namespace Gatehouse.Governance.Models.Registry;

/// <summary>
/// The model registry's SQLite file, <c>registry.db</c> in the data directory. Owns the schema; every connection it
/// hands out has foreign keys enforced.
/// </summary>
public sealed class RegistryDatabase
{
    /// <summary>The file name inside the data directory.</summary>
    public const string FileName = "registry.db";

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS models (
            id            INTEGER PRIMARY KEY,
            name          TEXT NOT NULL,
            version       TEXT NOT NULL,
            base_id       INTEGER REFERENCES models(id),
            registrant    TEXT NOT NULL,
            registered_at TEXT NOT NULL,
            card_path     TEXT,
            card_sha256   TEXT,
            card_text     TEXT,
            UNIQUE (name, version));
        CREATE TABLE IF NOT EXISTS weights (
            model_id   INTEGER NOT NULL REFERENCES models(id),
            ordinal    INTEGER NOT NULL,
            path       TEXT NOT NULL,
            sha256     TEXT NOT NULL,
            size_bytes INTEGER NOT NULL,
            PRIMARY KEY (model_id, ordinal));
        CREATE TABLE IF NOT EXISTS datasets (
            model_id         INTEGER NOT NULL REFERENCES models(id),
            ordinal          INTEGER NOT NULL,
            manifest_path    TEXT NOT NULL,
            manifest_sha256  TEXT NOT NULL,
            name             TEXT,
            version          TEXT,
            licenses         TEXT NOT NULL,
            owner            TEXT,
            statement_path   TEXT,
            statement_sha256 TEXT,
            PRIMARY KEY (model_id, ordinal));
        CREATE TABLE IF NOT EXISTS approvals (
            id          INTEGER PRIMARY KEY,
            model_id    INTEGER NOT NULL REFERENCES models(id),
            approver    TEXT NOT NULL,
            approved_at TEXT NOT NULL,
            note        TEXT);
        CREATE TABLE IF NOT EXISTS redteam_results (
            id           INTEGER PRIMARY KEY,
            model_id     INTEGER NOT NULL REFERENCES models(id),
            suite_name   TEXT NOT NULL,
            suite_sha256 TEXT NOT NULL,
            passed       INTEGER NOT NULL,
            failed       INTEGER NOT NULL,
            recorded_at  TEXT NOT NULL,
            junit_path   TEXT);
        CREATE TABLE IF NOT EXISTS gate_decisions (
            id              INTEGER PRIMARY KEY,
            model_id        INTEGER NOT NULL REFERENCES models(id),
            allowed         INTEGER NOT NULL,
            checks_json     TEXT NOT NULL,
            policy_revision TEXT NOT NULL,
            decided_at      TEXT NOT NULL,
            actor           TEXT NOT NULL);
        """;

    private readonly string connectionString;

    /// <summary>Opens (creating when needed) the registry in <paramref name="dataDirectory"/>.</summary>
    public RegistryDatabase(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        FilePath = Path.Combine(Path.GetFullPath(dataDirectory), FileName);
        connectionString = new SqliteConnectionStringBuilder { DataSource = FilePath, ForeignKeys = true }.ToString();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL;" + Schema;
        command.ExecuteNonQuery();
    }

    /// <summary>The absolute path of <c>registry.db</c>.</summary>
    public string FilePath { get; }

    /// <summary>Opens a new connection; the caller disposes it.</summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        return connection;
    }

    /// <summary>Timestamps are stored as round-trip ISO 8601 text so they sort and read back exactly.</summary>
    internal static string FormatTime(DateTimeOffset time) => time.ToUniversalTime().ToString("O");

    /// <summary>Reads a timestamp written by <see cref="FormatTime"/>.</summary>
    internal static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind);
}
