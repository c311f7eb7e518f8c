namespace Gatehouse.Audit.Query;

/// <summary>Filters for reading the log; every filter is optional and they combine with AND.</summary>
public sealed record AuditQuery
{
    /// <summary>Only records of this principal (admin records: the actor).</summary>
    public string? Principal { get; init; }

    /// <summary>Only records of this tenant.</summary>
    public string? Tenant { get; init; }

    /// <summary>Only interactions with this model alias.</summary>
    public string? Model { get; init; }

    /// <summary>Only interactions with this decision.</summary>
    public string? Decision { get; init; }

    /// <summary>Only records at or after this time.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Only records before this time.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>At most this many records per page (null: no limit, as for export).</summary>
    public int? Limit { get; init; } = 100;

    /// <summary>The paging cursor from the previous page (<see cref="AuditPage.NextCursor"/>).</summary>
    public string? Cursor { get; init; }
}
