using System.Text;
using System.Text.RegularExpressions;
using Gatehouse.Detection.Evaluation;

namespace Gatehouse.Detection.Tests.HeldOut;

/// <summary>
/// A labelled test set of our own, independent of ../shared/datasets/pii-dev: our own sentence shapes (support
/// tickets, chat, e-mail, logs, CSV lines, German/French/Spanish snippets) filled with values built by algorithm
/// (<see cref="ValidValues"/>). Slots for hard negatives (broken checksums, never-issued SSNs, order numbers, versions,
/// timestamps, tracking ids) are filled but carry no label, so a detector that fires on them loses precision.
/// The set is generated from a fixed seed, so it is the same on every run and machine.
/// </summary>
internal static partial class HeldOutCorpus
{
    // Slot name -> entity type it is labelled as (null: a hard negative, labelled as nothing).
    private static readonly Dictionary<string, (string? Type, Func<ValidValues, string> Make)> Slots = new()
    {
        ["CARD"] = (EntityTypes.CreditCard, v => v.CreditCard()),
        ["IBAN"] = (EntityTypes.Iban, v => v.Iban()),
        ["SSN"] = (EntityTypes.UsSsn, v => v.Ssn()),
        ["EMAIL"] = (EntityTypes.Email, v => v.Email()),
        ["IP4"] = (EntityTypes.IpAddress, v => v.IPv4()),
        ["IP6"] = (EntityTypes.IpAddress, v => v.IPv6()),
        ["PHONE"] = (EntityTypes.Phone, v => v.Phone()),
        ["BADCARD"] = (null, v => v.CreditCardBadLuhn()),
        ["BADIBAN"] = (null, v => v.IbanBadCheck()),
        ["BADSSN"] = (null, v => v.SsnInvalid()),
        ["ORDER"] = (null, v => v.OrderNumber()),
        ["VERSION"] = (null, v => v.Version()),
        ["TS"] = (null, v => v.Timestamp()),
        ["TRACK"] = (null, v => v.TrackingId()),
        ["AMOUNT"] = (null, v => v.Amount()),
        ["WORD"] = (null, v => v.Word()),
    };

    private static readonly string[] Templates =
    [
        // support tickets
        "Ticket {ORDER}: customer says the card {CARD} was charged twice on {TS}. Please refund {AMOUNT}.",
        "Hi support, my new card number is {CARD}, the old one ending in the same digits was cancelled.",
        "Refund request for order {ORDER}. Card used: {CARD}. Contact me at {EMAIL} or {PHONE}.",
        "Customer reports payment declined. They typed {BADCARD} which fails validation; asked them to re-enter.",
        "Please update the payout account to {IBAN} starting next month. Reference {ORDER}.",
        "Payroll change: new IBAN {IBAN}, employee id {WORD}-{ORDER}.",
        "The transfer bounced because {BADIBAN} is not a valid account; please double-check.",
        "Applicant SSN: {SSN}. Background check ticket {TRACK}.",
        "For the W-2 correction, my social security number is {SSN}.",
        "Form rejected: SSN field contained {BADSSN}, which is not an issued number.",
        "Tax form for {WORD}: SSN {SSN}, filed {TS}, refund {AMOUNT}.",
        "Can you verify the last four of SSN {SSN}? I called from {PHONE}.",
        "Escalated by {EMAIL} at {TS}; callback requested on {PHONE}.",
        "Shipment {TRACK} delayed. Customer can be reached at {PHONE} or by mail: {EMAIL}",
        // chat messages
        "hey can u call me back on {PHONE}? thx",
        "my email changed, it's {EMAIL} now",
        "ok so the vpn gives me {IP4} but the docs say it should be in another range??",
        "lol the server at {IP6} is down again",
        "sent {AMOUNT} to {IBAN}, should arrive tomorrow",
        "upgrade to {VERSION} fixed it for me",
        "pls ping {EMAIL} and cc {EMAIL}",
        "text me: {PHONE}",
        // e-mail bodies
        "Dear team,\nplease find my details below.\nPhone: {PHONE}\nE-mail: {EMAIL}\nBest regards",
        "Hello,\n\nThe invoice {ORDER} of {AMOUNT} is due. Bank details: {IBAN}.\n\nKind regards,\nAccounts",
        "From: {EMAIL}\nTo: {EMAIL}\nSubject: card replacement\n\nMy replacement card is {CARD}.",
        "Reminder: your statement for account {IBAN} is ready. Questions? Call {PHONE}.",
        // logs
        "{TS} INFO  auth: login ok user={EMAIL} src={IP4}",
        "{TS} WARN  gateway: upstream {IP6} timed out after 30s (build {VERSION})",
        "{TS} ERROR payments: charge failed card={CARD} order={ORDER}",
        "[{TS}] client {IP4} -> {IP4}:443 request_id={TRACK}",
        "{TS} DEBUG worker-{WORD} started, version {VERSION}, listening on [{IP6}]:8080",
        "{TS} INFO  job {TRACK} finished in 412 ms",
        "{IP4} - - [{TS}] \"GET /api/orders/{ORDER} HTTP/1.1\" 200 512",
        "{TS} AUDIT kyc: verified ssn={SSN} phone={PHONE}",
        // CSV-ish lines
        "{WORD},{EMAIL},{PHONE},{IP4}",
        "{ORDER};{AMOUNT};{IBAN};{TS}",
        "id,ssn,email\n17,{SSN},{EMAIL}",
        "{WORD}\t{CARD}\t{TS}",
        "{TRACK},{VERSION},{AMOUNT}",
        "employee,{WORD},{SSN},{IBAN}",
        "{WORD}|{IP6}|{TS}",
        // multilingual snippets
        "Bitte überweisen Sie den Betrag auf das Konto {IBAN}. Rückfragen unter {PHONE}.",
        "Meine neue E-Mail-Adresse lautet {EMAIL}, Telefon {PHONE}.",
        "Die Kreditkarte {CARD} wurde gesperrt, Vorgangsnummer {ORDER}.",
        "Veuillez nous contacter au {PHONE} ou par courriel à {EMAIL}.",
        "Le virement vers {IBAN} a été effectué le {TS}.",
        "Mi número de teléfono es {PHONE} y mi correo es {EMAIL}.",
        "La tarjeta {CARD} fue rechazada; el pedido {ORDER} queda pendiente.",
        "Il server {IP4} non risponde dalla versione {VERSION}.",
        "Sozialversicherungsnummer (US) des Antragstellers: {SSN}.",
        // hard-negative-only texts
        "Order {ORDER} shipped with tracking {TRACK} on {TS}.",
        "Release {VERSION} is out; see the changelog for {ORDER}.",
        "Batch {TRACK} processed {AMOUNT} at {TS}.",
        "Card rejected: {BADCARD} does not pass the checksum.",
        "Invalid SSN entered: {BADSSN}.",
        "IBAN {BADIBAN} failed the mod-97 check.",
    ];

    [GeneratedRegex(@"\{([A-Z0-9]+)\}")]
    private static partial Regex SlotPattern();

    /// <summary>
    /// <paramref name="rounds"/> passes over every template, each filling the slots with fresh values from the seeded
    /// generator. Offsets are UTF-16, end exclusive, as <see cref="QualityEvaluator"/> expects.
    /// </summary>
    public static IReadOnlyList<LabelledSample> Generate(int seed = 20261123, int rounds = 20)
    {
        var values = new ValidValues(new Random(seed));
        var samples = new List<LabelledSample>(rounds * Templates.Length);
        for (var round = 0; round < rounds; round++)
            foreach (var template in Templates)
                samples.Add(Fill(template, values));
        return samples;
    }

    private static LabelledSample Fill(string template, ValidValues values)
    {
        var text = new StringBuilder();
        var spans = new List<LabelledSpan>();
        var at = 0;
        foreach (Match slot in SlotPattern().Matches(template))
        {
            text.Append(template, at, slot.Index - at);
            var (type, make) = Slots[slot.Groups[1].Value];
            var value = make(values);
            if (type is not null)
                spans.Add(new LabelledSpan(type, text.Length, text.Length + value.Length));
            text.Append(value);
            at = slot.Index + slot.Length;
        }
        text.Append(template, at, template.Length - at);
        return new LabelledSample(text.ToString(), spans);
    }
}
