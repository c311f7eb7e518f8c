using Gatehouse.Audit.Query;
using Gatehouse.Audit.Records;
using Gatehouse.Audit.Storage;

namespace Gatehouse.Audit.Tests.Log;

public class QueryTests
{
    private static async Task<AuditLog> Mixed(string dir)
    {
        var log = AuditLog.Open(dir);
        for (var i = 0; i < 30; i++)
            await log.AppendAsync(Sample.Interaction(i, principal: i % 3 == 0 ? "bob" : "alice", tenant: i < 15 ? "acme" : "globex",
                model: i % 2 == 0 ? "phi-4-mini" : "qwen3-4b", decision: i % 5 == 0 ? "deny" : "allow"));
        return log;
    }

    [Fact]
    public async Task Filters_combine_and_pages_follow_the_cursor_to_the_end()
    {
        using var dir = new TempDataDirectory();
        await using var log = await Mixed(dir.Path);
        var seen = new List<long>();
        string? cursor = null;
        do
        {
            var page = await log.QueryAsync(new AuditQuery { Principal = "alice", Tenant = "acme", Limit = 3, Cursor = cursor }, "auditor");
            Assert.All(page.Entries, e => Assert.Equal(("alice", "acme"), (e.Record.Principal, e.Record.Tenant)));
            seen.AddRange(page.Entries.Select(e => e.Index));
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        Assert.Equal(Enumerable.Range(0, 15).Where(i => i % 3 != 0).Select(i => (long)i), seen);

        var denied = await log.QueryAsync(new AuditQuery { Decision = "deny", Model = "phi-4-mini", Since = Sample.Start.AddSeconds(5), Until = Sample.Start.AddSeconds(25) }, "auditor");
        Assert.Equal([10L, 20L], denied.Entries.Select(e => e.Index));
    }

    [Fact]
    public async Task Reading_the_log_is_itself_recorded_as_an_admin_action()
    {
        using var dir = new TempDataDirectory();
        await using var log = await Mixed(dir.Path);
        await log.QueryAsync(new AuditQuery { Tenant = "acme" }, "auditor");
        var exported = (await log.ExportAsync(null, "auditor")).ToList();
        Assert.Equal(32, exported.Count);
        var reads = exported.Select(e => e.Record).OfType<AdminRecord>().ToList();
        Assert.Equal(["audit.query", "audit.export"], reads.Select(r => r.Action));
        Assert.Equal("acme", reads[0].Details["tenant"]);
        Assert.All(reads, r => Assert.Equal("auditor", r.Principal));
        Assert.Equal(exported[5].LeafJson, System.Text.Encoding.UTF8.GetString(log.ExportLeaf(5)));
    }

    [Fact]
    public async Task A_bad_cursor_gets_a_precise_error()
    {
        using var dir = new TempDataDirectory();
        await using var log = await Mixed(dir.Path);
        var error = await Assert.ThrowsAsync<AuditStoreException>(() => log.QueryAsync(new AuditQuery { Cursor = "abc" }, "auditor"));
        Assert.Contains("invalid paging cursor 'abc'", error.Message);
    }
}
