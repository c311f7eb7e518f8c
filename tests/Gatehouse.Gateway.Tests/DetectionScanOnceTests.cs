using Gatehouse.Detection;
using Gatehouse.Detection.Detectors;
using Gatehouse.Gateway.DataProtection;
using Gatehouse.Gateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using OpenAI.Chat;

namespace Gatehouse.Gateway.Tests;

/// <summary>
/// The request is scanned once: the transform stage applies its actions to what the detect stage found instead of
/// running the detectors over the request again. Counted with a real engine holding every built-in detector plus one
/// that counts how often it sees the prompt.
/// </summary>
public sealed class DetectionScanOnceTests
{
    private const string Prompt = "Please write to maria.gonzalez@example.com today";

    [Fact]
    public async Task A_prompt_with_an_email_to_mask_is_scanned_once()
    {
        var counter = new CountingDetector(Prompt);
        await using var setup = await DetectionGateway.StartAsync(DelegateDecider.Permit(), services: s => s.AddSingleton(new DetectionRuntime(
            new DetectionEngine(BuiltInDetectors.All().Append(counter)), DetectionKeys.LoadOrCreate(TempDirectory.Create(), null, null))));

        await setup.Chat(setup.Gateway.AdminKey).CompleteChatAsync([new UserChatMessage(Prompt)]);

        var forwarded = Assert.Single(setup.Upstream.Received)["messages"]![0]!["content"]!.GetValue<string>();
        Assert.DoesNotContain("maria.gonzalez@example.com", forwarded, StringComparison.Ordinal);
        Assert.Equal(1, counter.Count);
    }

    /// <summary>Finds nothing; counts the scans of one exact text.</summary>
    private sealed class CountingDetector(string watched) : IDetector
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public string Id => "test:counting";

        public IReadOnlyCollection<string> EntityTypes { get; } = ["TEST_COUNT"];

        public int MaxLength => 16;

        public bool MayMatch(in TextFeatures features) => true;

        public void Detect(string text, List<Finding> sink)
        {
            if (text.Contains(watched, StringComparison.Ordinal))
                Interlocked.Increment(ref _count);
        }
    }
}
