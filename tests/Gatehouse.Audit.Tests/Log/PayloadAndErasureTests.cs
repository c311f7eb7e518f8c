using Gatehouse.Audit.Payloads;
using Gatehouse.Audit.Records;
using Gatehouse.Audit.Verification;

namespace Gatehouse.Audit.Tests.Log;

public class PayloadAndErasureTests
{
    [Fact]
    public async Task Payloads_are_not_kept_unless_asked_and_kept_encrypted_when_asked()
    {
        using var dir = new TempDataDirectory();
        await using var log = AuditLog.Open(dir.Path);
        var plain = await log.AppendAsync(Sample.Interaction(0), new AuditPayload("hello", "hi"));
        var kept = await log.AppendAsync(Sample.Interaction(1), new AuditPayload("my email is bob@example.com", "ok", Retain: true));
        Assert.Equal(PayloadStatus.NotStored, log.ReadPayload(plain).Status);
        Assert.Equal(new PayloadResult(PayloadStatus.Available, "my email is bob@example.com", "ok"), log.ReadPayload(kept));
        var bytes = await File.ReadAllBytesAsync(dir.Database);
        Assert.Equal(-1, bytes.AsSpan().IndexOf("bob@example.com"u8));
        Assert.True(log.Verify().Ok);
    }

    [Fact]
    public async Task Erasing_a_subject_destroys_its_payloads_records_the_erasure_without_the_id_and_the_log_still_verifies()
    {
        using var dir = new TempDataDirectory();
        await using var log = AuditLog.Open(dir.Path);
        var bobs = await log.AppendAsync(Sample.Interaction(0, principal: "svc-chat"), new AuditPayload("bob's question", "answer", Retain: true, SubjectId: "bob@example.com"));
        var alices = await log.AppendAsync(Sample.Interaction(1), new AuditPayload("alice's question", "answer", Retain: true));
        var witness = await log.CheckpointAsync();

        var erasure = await log.EraseSubjectAsync("bob@example.com", actor: "dpo");
        Assert.Equal(PayloadStatus.Erased, log.ReadPayload(bobs).Status);
        Assert.Equal(PayloadStatus.Available, log.ReadPayload(alices).Status);

        var record = Assert.IsType<AdminRecord>(log.ExportEntry(erasure).Record);
        Assert.Equal("audit.erase", record.Action);
        Assert.Equal("1", record.Details["keysDestroyed"]);
        Assert.DoesNotContain("bob", System.Text.Encoding.UTF8.GetString(log.ExportLeaf(erasure)));

        var report = log.Verify(witness);
        Assert.True(report.Ok, string.Join("\n", report.Problems));
    }

    [Fact]
    public async Task Erasing_an_unknown_subject_is_refused_and_records_nothing()
    {
        using var dir = new TempDataDirectory();
        await using var log = await Sample.LogWith(dir.Path, 2);
        var error = await Assert.ThrowsAsync<AuditOperationException>(() => log.EraseSubjectAsync("nobody", "dpo"));
        Assert.Contains("unknown subject", error.Message);
        Assert.Equal(2, log.Size);
    }

    [Fact]
    public async Task A_replaced_ciphertext_is_caught_by_verify()
    {
        using var dir = new TempDataDirectory();
        await using (var log = AuditLog.Open(dir.Path))
            await log.AppendAsync(Sample.Interaction(0), new AuditPayload("secret", "out", Retain: true));
        dir.Tamper("UPDATE payloads SET blob = zeroblob(40) WHERE idx = 0");
        await using var reopened = AuditLog.Open(dir.Path, new AuditOptions { ReadOnly = true });
        Assert.Contains(reopened.Verify().Problems, p => p.Kind == AuditProblemKind.PayloadModified && p.Index == 0);
    }

    [Fact]
    public async Task Retention_destroys_expired_payload_keys_per_tenant_and_keeps_the_records()
    {
        using var dir = new TempDataDirectory();
        var clock = new ManualClock(Sample.Start);
        var options = new AuditOptions
        {
            Clock = clock,
            DefaultRetention = new RetentionPolicy(TimeSpan.FromDays(30), TimeSpan.FromDays(6 * 365)),
            TenantRetention = new Dictionary<string, RetentionPolicy> { ["short"] = new(TimeSpan.FromDays(1), TimeSpan.FromDays(365)) },
        };
        await using var log = AuditLog.Open(dir.Path, options);
        var shortLived = await log.AppendAsync(Sample.Interaction(0, tenant: "short"), new AuditPayload("a", "b", Retain: true));
        var longLived = await log.AppendAsync(Sample.Interaction(1, tenant: "acme"), new AuditPayload("c", "d", Retain: true));

        clock.Now = Sample.Start.AddDays(3);
        Assert.Equal(1, await log.ApplyRetentionAsync());
        Assert.Equal(PayloadStatus.Erased, log.ReadPayload(shortLived).Status);
        Assert.Equal(PayloadStatus.Available, log.ReadPayload(longLived).Status);
        Assert.Equal(0, await log.ApplyRetentionAsync());

        clock.Now = Sample.Start.AddDays(40);
        Assert.Equal(1, await log.ApplyRetentionAsync());
        Assert.Equal(PayloadStatus.Erased, log.ReadPayload(longLived).Status);
        Assert.Equal(4, log.Size); // two interactions and two retention records; nothing left the tree
        Assert.True(log.Verify().Ok);
    }
}
