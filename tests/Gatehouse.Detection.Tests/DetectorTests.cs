namespace Gatehouse.Detection.Tests;

/// <summary>Each built-in detector on values it must find (validated) and look-alikes it must reject.</summary>
public sealed class DetectorTests
{
    private static readonly DetectionEngine Engine = DetectionEngine.Create();

    private static IReadOnlyList<Finding> Of(string text, string type) => Engine.Scan(text).Where(f => f.EntityType == type).ToList();

    [Theory]
    [InlineData("EMAIL", "write to jane.doe+tag@mail.example.co.uk today", "jane.doe+tag@mail.example.co.uk")]
    [InlineData("PHONE", "call me on +44 20 7946 0958 please", "+44 20 7946 0958")]
    [InlineData("PHONE", "office (415) 555-0132 ext 12", "(415) 555-0132 ext 12")]
    [InlineData("PHONE", "phone: +14155550132", "+14155550132")]
    [InlineData("CREDIT_CARD", "card 4111 1111 1111 1111 exp 12/29", "4111 1111 1111 1111")]
    [InlineData("CREDIT_CARD", "amex 3782-822463-10005", "3782-822463-10005")]
    [InlineData("CREDIT_CARD", "mc 5555555555554444.", "5555555555554444")]
    [InlineData("IBAN", "pay to DE89 3704 0044 0532 0130 00 now", "DE89 3704 0044 0532 0130 00")]
    [InlineData("IBAN", "iban GB82WEST12345698765432", "GB82WEST12345698765432")]
    [InlineData("US_SSN", "my SSN is 536-22-1234", "536-22-1234")]
    [InlineData("US_ITIN", "ITIN 912-78-1234 on file", "912-78-1234")]
    [InlineData("US_BANK_ROUTING", "routing number 021000021", "021000021")]
    [InlineData("US_PASSPORT", "passport number 340020013", "340020013")]
    [InlineData("US_DRIVER_LICENSE", "driver's license D1234567", "D1234567")]
    [InlineData("IP_ADDRESS", "from 192.168.10.254 yesterday", "192.168.10.254")]
    [InlineData("IP_ADDRESS", "host 2001:db8:85a3::8a2e:370:7334 up", "2001:db8:85a3::8a2e:370:7334")]
    [InlineData("MAC_ADDRESS", "nic 00:1A:2b:3C:4d:5E", "00:1A:2b:3C:4d:5E")]
    [InlineData("MAC_ADDRESS", "device (00-1a-2b-3c-4d-5e) seen", "00-1a-2b-3c-4d-5e")]
    [InlineData("MAC_ADDRESS", "mac 0123.4567.89ab on port", "0123.4567.89ab")]
    [InlineData("URL", "see https://example.org/a?b=c.", "https://example.org/a?b=c")]
    [InlineData("DATE_OF_BIRTH", "date of birth: 04/12/1985", "04/12/1985")]
    [InlineData("DATE_OF_BIRTH", "she was born 3 March 1962 in", "3 March 1962")]
    [InlineData("CRYPTO_WALLET", "send to 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2 now", "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2")]
    [InlineData("CRYPTO_WALLET", "btc bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4")]
    [InlineData("UK_NHS", "NHS number 943 476 5919", "943 476 5919")]
    [InlineData("MEDICAL_RECORD_NUMBER", "MRN: 00123456", "00123456")]
    [InlineData("PERSON", "Please ask Dr. Amelia Hartwell to call", "Amelia Hartwell")]
    [InlineData("ORGANIZATION", "she works at Northwind Traders Ltd in", "Northwind Traders Ltd")]
    [InlineData("STREET_ADDRESS", "ship to 221B Baker Street, Apt 4 by", "221B Baker Street, Apt 4")]
    [InlineData("LOCATION", "he lives in Lisbon now", "Lisbon")]
    public void FindsValidValues(string type, string text, string value)
    {
        var found = Of(text, type);
        Assert.Contains(found, f => text[f.Start..f.End] == value);
    }

    [Theory]
    [InlineData("CREDIT_CARD", "order 4111 1111 1111 1112 shipped")]       // Luhn fails
    [InlineData("CREDIT_CARD", "id 9111111111111111 logged")]               // no issuer starts with 9
    [InlineData("IBAN", "code DE89 3704 0044 0532 0130 01")]                // mod-97 fails
    [InlineData("IBAN", "ref GB82WEST123456987654")]                        // wrong length for GB
    [InlineData("US_SSN", "ssn 000-12-3456")]                              // area 000
    [InlineData("US_SSN", "ssn 666-12-3456")]                              // area 666
    [InlineData("US_SSN", "ssn 123-00-4567")]                              // group 00
    [InlineData("US_SSN", "ssn 123-45-0000")]                              // serial 0000
    [InlineData("US_BANK_ROUTING", "routing 021000022")]                    // ABA checksum fails
    [InlineData("US_PASSPORT", "order 340020013 shipped")]                  // no passport context
    [InlineData("IP_ADDRESS", "value 256.1.1.1 bad")]
    [InlineData("IP_ADDRESS", "version 1.2.3 released")]
    [InlineData("CRYPTO_WALLET", "send to 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3 now")] // checksum fails
    [InlineData("UK_NHS", "NHS number 943 476 5918")]                       // mod 11 fails
    [InlineData("DATE_OF_BIRTH", "meeting on 04/12/1985 at noon")]          // no birth context
    [InlineData("PHONE", "in 2023-2024 we grew")]
    [InlineData("PHONE", "When: 1993-01-04 14:56:41")]
    [InlineData("EMAIL", "user@localhost and a@b")]
    public void RejectsLookAlikes(string type, string text) => Assert.Empty(Of(text, type));

    [Fact]
    public void ContextWordsRaiseTheScore()
    {
        var plain = Of("number 4111111111111111 here", "CREDIT_CARD").Single();
        var context = Of("credit card 4111111111111111 here", "CREDIT_CARD").Single();
        Assert.True(context.Score > plain.Score);
    }
}
