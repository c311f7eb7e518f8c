namespace Gatehouse.Detection.Tests;

/// <summary>Where an IP address sits in log lines and prose: with a port, before a colon, ending a sentence, IPv4-mapped.</summary>
public sealed class IpAddressEdgeTests
{
    private static readonly DetectionEngine Engine = DetectionEngine.Create();

    [Theory]
    [InlineData("client 10.1.2.3 -> 192.168.14.7:443 accepted", "192.168.14.7")]
    [InlineData("conn from 192.168.14.7:443.", "192.168.14.7")]
    [InlineData("the server is at 10.0.0.1.", "10.0.0.1")]
    [InlineData("host 10.0.0.1: connection refused", "10.0.0.1")]
    [InlineData("proxy 10.0.0.1:8080/path", "10.0.0.1")]
    [InlineData("peer ::ffff:192.168.14.7 connected", "::ffff:192.168.14.7")]
    [InlineData("reach me on fe80::1.", "fe80::1")]
    public void AddressesInTheirUsualSurroundingsAreFound(string text, string address)
    {
        Assert.Contains(Engine.Scan(text), f => f.EntityType == EntityTypes.IpAddress && text[f.Start..f.End] == address);
    }

    [Theory]
    [InlineData("version 1.2.3.4.5 shipped")]
    [InlineData("value 1.2.3.4:abcd here")]
    [InlineData("value 1.2.3.4::1 here")]
    [InlineData("value 10.0.0.1:123456 here")]
    [InlineData("build 1.2.3.4:5a here")]
    public void DigitsThatContinueBeyondAnAddressAreNotOne(string text)
    {
        Assert.DoesNotContain(Engine.Scan(text), f => f.EntityType == EntityTypes.IpAddress);
    }
}
