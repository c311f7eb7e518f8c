namespace Gatehouse.Detection;

/// <summary>The entity type names the built-in detectors report (policy and configuration use these strings).</summary>
public static class EntityTypes
{
#pragma warning disable CS1591 // the names document themselves
    public const string Email = "EMAIL";
    public const string Phone = "PHONE";
    public const string CreditCard = "CREDIT_CARD";
    public const string Iban = "IBAN";
    public const string UsSsn = "US_SSN";
    public const string UsItin = "US_ITIN";
    public const string UsBankRouting = "US_BANK_ROUTING";
    public const string UsPassport = "US_PASSPORT";
    public const string UsDriverLicense = "US_DRIVER_LICENSE";
    public const string IpAddress = "IP_ADDRESS";
    public const string MacAddress = "MAC_ADDRESS";
    public const string Url = "URL";
    public const string DateOfBirth = "DATE_OF_BIRTH";
    public const string CryptoWallet = "CRYPTO_WALLET";
    public const string UkNhs = "UK_NHS";
    public const string MedicalRecordNumber = "MEDICAL_RECORD_NUMBER";
    public const string Person = "PERSON";
    public const string Location = "LOCATION";
    public const string Organization = "ORGANIZATION";
    public const string StreetAddress = "STREET_ADDRESS";
    public const string AwsAccessKey = "AWS_ACCESS_KEY";
    public const string AwsSecretKey = "AWS_SECRET_KEY";
    public const string GitHubToken = "GITHUB_TOKEN";
    public const string GitLabToken = "GITLAB_TOKEN";
    public const string SlackToken = "SLACK_TOKEN";
    public const string SlackWebhook = "SLACK_WEBHOOK";
    public const string StripeKey = "STRIPE_KEY";
    public const string GoogleApiKey = "GOOGLE_API_KEY";
    public const string OpenAiKey = "OPENAI_API_KEY";
    public const string AnthropicKey = "ANTHROPIC_API_KEY";
    public const string NpmToken = "NPM_TOKEN";
    public const string PyPiToken = "PYPI_TOKEN";
    public const string AzureConnectionString = "AZURE_STORAGE_CONNECTION_STRING";
    public const string PrivateKey = "PRIVATE_KEY";
    public const string Jwt = "JWT";
    public const string UrlCredentials = "URL_CREDENTIALS";
    public const string Password = "PASSWORD";
#pragma warning restore CS1591

    /// <summary>The credential types: a policy usually blocks or redacts these rather than pseudonymizing them.</summary>
    public static IReadOnlySet<string> Secrets { get; } = new HashSet<string>
    {
        AwsAccessKey, AwsSecretKey, GitHubToken, GitLabToken, SlackToken, SlackWebhook, StripeKey, GoogleApiKey, OpenAiKey,
        AnthropicKey, NpmToken, PyPiToken, AzureConnectionString, PrivateKey, Jwt, UrlCredentials, Password,
    };
}
