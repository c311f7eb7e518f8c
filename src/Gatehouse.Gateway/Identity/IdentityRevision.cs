using Microsoft.Data.Sqlite;

namespace Gatehouse.Gateway.Identity;

/// <summary>
/// Tells whether <c>identity.db</c> changed since it was last asked, including changes another process made (the CLI's
/// <c>gatehouse keys revoke</c> beside a running gateway). It reads SQLite's <c>PRAGMA data_version</c> on one
/// connection of its own, which moves whenever any other connection commits to the file. To keep that read off most
/// requests it is taken at most once per <see cref="CheckInterval"/>; the answer in between is the last one read.
/// </summary>
internal sealed class IdentityRevision(string connectionString, TimeProvider clock, TimeSpan checkInterval) : IDisposable
{
    private readonly Lock _gate = new();
    private SqliteConnection? _connection;
    private SqliteCommand? _query;
    private long _revision;
    private const long NeverChecked = long.MinValue;
    private long _checkedAt = NeverChecked;

    /// <summary>The longest a change made elsewhere goes unnoticed.</summary>
    public TimeSpan CheckInterval { get; } = checkInterval;

    /// <summary>A number that differs from the previous call's whenever the database changed in between (as of the last check).</summary>
    public long Current()
    {
        var now = clock.GetTimestamp();
        var checkedAt = Volatile.Read(ref _checkedAt);
        if (checkedAt != NeverChecked && clock.GetElapsedTime(checkedAt, now) < CheckInterval)
            return Volatile.Read(ref _revision);
        lock (_gate)
        {
            if (_checkedAt != NeverChecked && clock.GetElapsedTime(_checkedAt, now) < CheckInterval)
                return _revision;
            if (_connection is null)
            {
                _connection = new SqliteConnection(connectionString);
                _connection.Open();
                _query = _connection.CreateCommand();
                _query.CommandText = "PRAGMA data_version";
            }
            Volatile.Write(ref _revision, (long)_query!.ExecuteScalar()!);
            Volatile.Write(ref _checkedAt, clock.GetTimestamp());
            return _revision;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _query?.Dispose();
            _connection?.Dispose();
            _connection = null;
        }
    }
}
