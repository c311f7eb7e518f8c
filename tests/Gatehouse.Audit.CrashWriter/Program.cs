using Gatehouse.Audit;
using Gatehouse.Audit.Records;

// Usage: Gatehouse.Audit.CrashWriter DATA_DIR WORKERS
// Appends records from WORKERS concurrent tasks forever and prints "ack N" for every index AppendAsync returned,
// only after it returned, so the parent knows exactly which records were acknowledged before it kills this process.
var dataDirectory = args[0];
var workers = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
var output = Console.Out;
var gate = new object();
var log = AuditLog.Open(dataDirectory, new AuditOptions { CheckpointInterval = TimeSpan.FromMilliseconds(200) });
lock (gate)
{
    output.WriteLine("ready");
    output.Flush();
}
await Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
{
    for (var i = 0; ; i++)
    {
        var index = await log.AppendAsync(new InteractionRecord
        {
            Time = DateTimeOffset.UtcNow,
            Principal = $"worker-{worker}",
            Tenant = "crash",
            RequestId = $"{worker}-{i}",
            Decision = "allow",
        }, new AuditPayload($"prompt {worker}/{i}", "response", Retain: i % 10 == 0));
        lock (gate)
        {
            output.WriteLine($"ack {index}");
            output.Flush();
        }
    }
})));
