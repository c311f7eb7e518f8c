namespace Gatehouse.Detection.Tests;

public sealed class SecretDetectorTests
{
    private static readonly DetectionEngine Engine = DetectionEngine.Create();

    // Values are assembled at run time so that this file itself does not trip secret scanners.
    private static string R(string prefix, string body) => prefix + body;

    public static TheoryData<string, string> Secrets() => new()
    {
        { "AWS_ACCESS_KEY", R("AKIA", "IOSFODNN7EXAMPLE") },
        { "GITHUB_TOKEN", R("ghp_", "wWPw5k4aXcaT4fNP0UcnZwJUVFk6LO0pINUx") },
        { "GITHUB_TOKEN", R("github_pat_", "11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abc") },
        { "GITLAB_TOKEN", R("glpat-", "xxK3dLp9Qr7vW2mZ8nBc") },
        { "SLACK_TOKEN", R("xoxb-", "123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx") },
        { "SLACK_WEBHOOK", R("https://hooks.slack.com/services/", "T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX") },
        { "STRIPE_KEY", R("sk_live_", "4eC39HqLyjWDarjtT1zdp7dc") },
        { "GOOGLE_API_KEY", R("AIza", "SyDdI0hCZtE6vySjMm-WEfRq3CPzqKqqsHI") },
        { "OPENAI_API_KEY", R("sk-proj-", "Ab3dE5gH7jK9mN1pQ3sT5vX7zA9cE1gI3kM5oQ7sU9wY1") },
        { "ANTHROPIC_API_KEY", R("sk-ant-api03-", "Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0FeDcBa9876543210abcdEFGH") },
        { "NPM_TOKEN", R("npm_", "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8") },
        { "PYPI_TOKEN", R("pypi-AgEIcHlwaS5vcmc", "CJGM2ZjZjNmY2YtN2M0Ni00ODI0LWE5MzctNjI1YzE0MGQ4ZmI0AAIqWzMsImI2") },
        { "AZURE_STORAGE_CONNECTION_STRING", R("DefaultEndpointsProtocol=https;AccountName=acct01;AccountKey=", "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;EndpointSuffix=core.windows.net") },
        { "JWT", R("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.", "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c") },
    };

    [Theory]
    [MemberData(nameof(Secrets))]
    public void FindsVendorTokens(string type, string token)
    {
        var text = $"config: use {token} for the deploy";
        var finding = Assert.Single(Engine.Scan(text), f => f.EntityType == type);
        Assert.Equal(token, text[finding.Start..finding.End]);
    }

    [Fact]
    public void FindsPemBlocksEvenWhenTheEndLineIsMissing()
    {
        var body = "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\nVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK\n";
        var complete = "key:\n" + R("-----BEGIN RSA ", "PRIVATE KEY-----\n") + body + "-----END RSA PRIVATE KEY-----\nbye";
        var f = Assert.Single(Engine.Scan(complete), x => x.EntityType == "PRIVATE_KEY");
        Assert.EndsWith("-----END RSA PRIVATE KEY-----", complete[f.Start..f.End]);
        var truncated = "key:\n" + R("-----BEGIN ", "PRIVATE KEY-----\n") + body;
        var t = Assert.Single(Engine.Scan(truncated), x => x.EntityType == "PRIVATE_KEY");
        Assert.Equal(truncated.Length, t.End);
    }

    [Theory]
    [InlineData("db_password = \"Xk9#mQ2$vL7!\"", "Xk9#mQ2$vL7!")]
    [InlineData("api_key: 7f3a9c2e81b4d6f0a5c3e9b1d7f2a4c8", "7f3a9c2e81b4d6f0a5c3e9b1d7f2a4c8")]
    [InlineData("\"client_secret\": \"q8Zr3LmT0vXy5NbW2cKs\"", "q8Zr3LmT0vXy5NbW2cKs")]
    public void FindsHighEntropyAssignments(string text, string value)
    {
        var f = Assert.Single(Engine.Scan(text), x => x.EntityType == "PASSWORD");
        Assert.Equal(value, text[f.Start..f.End]);
    }

    [Theory]
    [InlineData("password = ${DB_PASSWORD}")]
    [InlineData("password: ********")]
    [InlineData("token = process.env.TOKEN")]
    [InlineData("password: <your password here>")]
    [InlineData("secret: aaaaaaaa")]
    public void IgnoresPlaceholders(string text) => Assert.DoesNotContain(Engine.Scan(text), f => f.EntityType == "PASSWORD");

    [Fact]
    public void FindsAwsSecretKeysNextToTheirName()
    {
        var text = "AWS_SECRET_ACCESS_KEY=" + R("wJalrXUtnFEMI/K7MDENG/", "bPxRfiCYEXAMPLEKEY");
        var f = Assert.Single(Engine.Scan(text), x => x.EntityType == "AWS_SECRET_KEY");
        Assert.Equal(22, f.Start);
    }

    [Fact]
    public void FindsThePasswordOfABasicAuthUrl()
    {
        var text = "clone https://deploy:" + R("s3cr3tP4ss", "") + "@git.example.com/repo.git";
        var f = Assert.Single(Engine.Scan(text), x => x.EntityType == "URL_CREDENTIALS");
        Assert.Equal("s3cr3tP4ss", text[f.Start..f.End]);
    }
}
