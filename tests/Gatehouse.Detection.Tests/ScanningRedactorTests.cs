using Gatehouse.Detection.Operators;
using Microsoft.Extensions.Compliance.Redaction;

namespace Gatehouse.Detection.Tests;

public sealed class ScanningRedactorTests
{
    [Fact]
    public void RedactsOnlyDetectedValuesThroughTheComplianceApi()
    {
        Redactor redactor = new ScanningRedactor(DetectionEngine.Create(), new Anonymizer(new AnonymizerOptions
        {
            Actions = new Dictionary<string, EntityAction> { ["CREDIT_CARD"] = new(OperatorKind.Mask, 4) },
        }));
        Assert.Equal("user <EMAIL> paid with ************1111", redactor.Redact("user jane@example.com paid with 4111111111111111"));
        Assert.Equal("nothing to hide", redactor.Redact("nothing to hide"));
    }

    [Fact]
    public void NonDeterministicOperatorsAreRejected() =>
        Assert.Throws<ArgumentException>(() => new ScanningRedactor(DetectionEngine.Create(),
            new Anonymizer(new AnonymizerOptions { DefaultAction = new(OperatorKind.Pseudonymize) })));
}
