namespace Gatehouse.Detection.Detectors;

/// <summary>The catalogue of built-in detectors.</summary>
public static class BuiltInDetectors
{
    /// <summary>A new instance of every built-in detector.</summary>
    public static IReadOnlyList<IDetector> All() =>
    [
        new EmailDetector(), new PhoneDetector(), new CreditCardDetector(), new IbanDetector(), new UsSsnDetector(),
        new UsItinDetector(), new UsBankRoutingDetector(), new UsPassportDetector(), new UsDriverLicenseDetector(),
        new IpAddressDetector(), new MacAddressDetector(), new UrlDetector(), new DateOfBirthDetector(),
        new CryptoWalletDetector(), new UkNhsDetector(), new MedicalRecordNumberDetector(), new PersonDetector(),
        new LocationDetector(), new OrganizationDetector(), new StreetAddressDetector(), new AddressPartDetector(), new TokenFormatDetector(),
        new PrivateKeyDetector(), new JwtDetector(), new UrlCredentialsDetector(), new SecretAssignmentDetector(),
    ];
}
