using System.Globalization;
using Gatehouse.Audit.Query;

namespace Gatehouse.Audit.Storage;

/// <summary>Turns an <see cref="AuditQuery"/> into one parameterized SELECT over the indexed query columns.</summary>
internal static class SqliteQueryBuilder
{
    public static IEnumerable<StoredRecord> Run(SqliteAuditStore store, AuditQuery query)
    {
        var where = new List<string> { "idx > $after" };
        var parameters = new List<(string, object)> { ("$after", ParseCursor(query.Cursor)) };
        void Filter(string column, object? value)
        {
            if (value is null)
                return;
            var name = "$" + column;
            where.Add($"{column} = {name}");
            parameters.Add((name, value));
        }
        Filter("principal", query.Principal);
        Filter("tenant", query.Tenant);
        Filter("model", query.Model);
        Filter("decision", query.Decision);
        if (query.Since is { } since)
        {
            where.Add("time_ms >= $since");
            parameters.Add(("$since", since.ToUnixTimeMilliseconds()));
        }
        if (query.Until is { } until)
        {
            where.Add("time_ms < $until");
            parameters.Add(("$until", until.ToUnixTimeMilliseconds()));
        }
        var sql = "SELECT idx, leaf FROM records WHERE " + string.Join(" AND ", where) + " ORDER BY idx";
        if (query.Limit is { } limit)
            sql += " LIMIT " + Math.Max(0, limit).ToString(CultureInfo.InvariantCulture);
        return store.Read(sql, r => new StoredRecord(r.GetInt64(0), (byte[])r[1]), [.. parameters]);
    }

    /// <summary>A cursor is the index of the last record of the previous page; -1 starts at the beginning.</summary>
    private static long ParseCursor(string? cursor)
    {
        if (cursor is null)
            return -1;
        if (!long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var after))
            throw new AuditStoreException($"invalid paging cursor '{cursor}'");
        return after;
    }
}
