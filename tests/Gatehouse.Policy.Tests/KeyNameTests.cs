using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Tests;

/// <summary>Object keys that a loaded policy spells are shared with the inputs built afterwards.</summary>
public class KeyNameTests
{
    [Fact]
    public void Input_keys_a_policy_names_are_the_policys_own_instances()
    {
        var engine = PolicyEngine.FromSources([("p.rego", "package p\nallow if input.kn_request.kn_endpoint == \"kn.chat\"\n")]);
        var input = (ObjectValue)ValueJson.Parse("""{"kn_request": {"kn_endpoint": "kn.chat", "kn_unknown_field_1f3": 1}}""");
        var request = (ObjectValue)input.Get("kn_request")!;
        Assert.Same(StringValue.OfKey("kn_request"), input.Keys[0]);
        Assert.Same(StringValue.OfKey("kn_endpoint"), request.Keys[0]);
        // A name no policy spells is not shared: what callers send never grows the table.
        Assert.NotSame(StringValue.OfKey("kn_unknown_field_1f3"), request.Keys[1]);
        Assert.Equal(BooleanValue.True, engine.Evaluate("data.p.allow", input));
        Assert.Equal(BooleanValue.True, engine.Evaluate("data.p.allow", ObjectValue.Of(("kn_request", ObjectValue.Of(("kn_endpoint", new StringValue("kn.chat")))))));
    }
}
