using Gatehouse.Audit.Writing;

namespace Gatehouse.Audit.Tests.Log;

public class WriteQueueTests
{
    [Fact]
    public async Task A_sleeping_consumer_receives_every_operation_from_many_producers_exactly_once()
    {
        using var queue = new WriteQueue();
        var taken = new List<WriteOperation>();
        var consumer = new Thread(() =>
        {
            while (queue.Take() is { } operation)
                taken.Add(operation);
        });
        consumer.Start();
        var sent = new System.Collections.Concurrent.ConcurrentBag<WriteOperation>();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 500; i++)
            {
                var operation = new WriteOperation(_ => 0);
                Assert.True(queue.TryAdd(operation));
                sent.Add(operation);
                if (i % 50 == 0)
                    await Task.Delay(1); // let the consumer fall asleep between bursts
            }
        })));
        queue.Complete();
        Assert.True(consumer.Join(TimeSpan.FromSeconds(10)), "the consumer did not stop after Complete");
        Assert.Equal(4000, taken.Count);
        Assert.Equal(sent.ToHashSet(), taken.ToHashSet());
        Assert.False(queue.TryAdd(new WriteOperation(_ => 0)));
    }

    [Fact]
    public async Task Appending_to_a_closed_log_fails_clearly()
    {
        using var dir = new TempDataDirectory();
        var log = AuditLog.Open(dir.Path);
        await log.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await log.AppendAsync(Sample.Interaction(0)));
    }
}
