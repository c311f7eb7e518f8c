using Gatehouse.Policy.Values;
using static Gatehouse.Policy.Tests.Builtins.BuiltinCalls;

namespace Gatehouse.Policy.Tests.Builtins;

public class JsonDocumentsTests
{
    [Fact]
    public void Filter_keeps_paths_and_their_prefix_covers_them()
    {
        var doc = J("""{"a":{"b":{"c":7,"d":8}},"e":9}""");
        Assert.Equal("{\"a\":{\"b\":{\"c\":7}},\"e\":9}", Json("json.filter", doc, SetValue.Of("a/b/c", "e")));
        Assert.Equal("{\"a\":{\"b\":{\"c\":7,\"d\":8}}}", Json("json.filter", doc, SetValue.Of("a", "a/b")));
        Assert.Equal("{\"a\":[{\"b\":7},{\"d\":9}]}", Json("json.filter", J("""{"a":[{"b":7,"c":8},{"d":9}]}"""), SetValue.Of("a/0/b", "a/1")));
        Assert.Equal("{\"a\":{\"b\":{\"c\":7}},\"e\":9}", Json("json.filter", doc, SetValue.Of(J("""["a","b","c"]"""), J("""["e"]"""))));
    }

    [Fact]
    public void Remove_drops_paths()
    {
        Assert.Equal("{\"a\":{}}", Json("json.remove", J("""{"a":{"b":7},"c":1}"""), SetValue.Of("a/b", "c")));
        Assert.Equal("{\"a\":[{\"c\":8}]}", Json("json.remove", J("""{"a":[{"b":7,"c":8},{"d":9}]}"""), SetValue.Of("a/0/b", "a/1")));
        Assert.Equal("{\"a\":[{\"1\":[\"b\",\"c\"]},{\"x\":\"y\"}]}", Json("json.remove", J("""{"a":[{"1":["b","c","d"]},{"x":"y"}]}"""), SetValue.Of("a/0/1/2")));
        Assert.Equal("json.remove: operand 2 must be one of {set, array} containing string paths or array of path segments but got number",
            Error("json.remove", J("{}"), J("""["a",1]""")).Message);
        Assert.Equal("json.remove: operand 2 must be one of {set, array} but got string", Error("json.remove", J("{}"), "a").Message);
    }

    [Fact]
    public void Patch_applies_rfc6902_including_sets()
    {
        Assert.Equal("{\"baz\":\"qux\",\"foo\":\"bar\"}", Json("json.patch", J("""{"foo":"bar"}"""), J("""[{"op":"add","path":"/baz","value":"qux"}]""")));
        Assert.Equal("{\"foo\":[\"bar\",\"qux\",\"baz\"]}", Json("json.patch", J("""{"foo":["bar","baz"]}"""), J("""[{"op":"add","path":"/foo/1","value":"qux"}]""")));
        Assert.Equal("{\"foo\":[1,2]}", Json("json.patch", J("""{"foo":[1]}"""), J("""[{"op":"add","path":"/foo/-","value":2}]""")));
        Assert.Equal("{\"a\":1,\"b\":1}", Json("json.patch", J("""{"a":1}"""), J("""[{"op":"copy","from":"/a","path":"/b"}]""")));
        Assert.Equal("{\"b\":1}", Json("json.patch", J("""{"a":1}"""), J("""[{"op":"move","from":"/a","path":"/b"}]""")));
        Assert.Equal("{\"~1\":10}", Json("json.patch", J("""{"~1":10}"""), J("""[{"op":"test","path":"/~01","value":10}]""")));
        Assert.Null(Call("json.patch", J("""{"a":1}"""), J("""[{"op":"test","path":"/a","value":2}]""")));
        Assert.Null(Call("json.patch", J("[1,2,3]"), J("""[{"op":"add","path":"1.2","value":"foo"}]""")));
        var withSet = ObjectValue.Of(("foo", SetValue.Of("a", "b")));
        Assert.Equal("{\"foo\":[\"a\",\"b\",\"d\"]}", Json("json.patch", withSet, J("""[{"op":"add","path":"foo/d","value":"d"}]""")));
        Assert.Null(Call("json.patch", withSet, J("""[{"op":"add","path":"foo/d","value":"e"}]""")));
        Assert.Equal("{\"foo\":[\"b\"]}", Json("json.patch", withSet, J("""[{"op":"remove","path":"foo/a"}]""")));
    }

    [Fact]
    public void Marshal_matches_go_output()
    {
        var list = J("[1234567890, 2000000, 1000000000]");
        Assert.Equal("[{\"foo\":[1,2,3]}]", Json("json.marshal", new ArrayValue([ObjectValue.Of(("foo", SetValue.Of(3L, 1L, 2L)))])).Replace("\\", "").Trim('"'));
        Assert.Equal("\"\\u003ca\\u0026b\\u003e\"", ((StringValue)Call("json.marshal", "<a&b>")!).Value);
        Assert.Equal("JSON => [\nJSON => \t1234567890,\nJSON => \t2000000,\nJSON => \t1000000000\nJSON => ]",
            ((StringValue)Call("json.marshal_with_options", list, J("""{"prefix":"JSON => "}"""))!).Value);
        Assert.Equal("{\n  \"a\": 1\n}", ((StringValue)Call("json.marshal_with_options", J("""{"a":1}"""), J("""{"indent":"  "}"""))!).Value);
        Assert.Equal("[1234567890,2000000,1000000000]", ((StringValue)Call("json.marshal_with_options", list, J("""{"pretty":false,"indent":"x"}"""))!).Value);
        Assert.Equal("---[]", ((StringValue)Call("json.marshal_with_options", J("[]"), J("""{"indent":"    ","prefix":"---"}"""))!).Value);
        Assert.Equal("json.marshal_with_options: object contained unknown key \"bad\"", Error("json.marshal_with_options", J("[]"), J("""{"bad":true}""")).Message);
    }

    [Fact]
    public void Unmarshal_and_validity()
    {
        Assert.Equal("[{\"foo\":[1,2,3]}]", Json("json.unmarshal", "[{\"foo\":[1,2,3]}]"));
        Assert.Equal("eval_builtin_error", Error("json.unmarshal", "{").Code);
        Assert.Equal("false", Json("json.is_valid", "{"));
        Assert.Equal("false", Json("json.is_valid", 1L));
        Assert.Equal("true", Json("json.is_valid", "{\"json\": \"ok\"}"));
    }

    [Fact]
    public void Yaml_round_trips_and_reports_errors_like_go_yaml()
    {
        var value = J("""{"a":[1,2.5,"3","true",null,true],"b":{"c":"x: y"}}""");
        var text = Call("yaml.marshal", value)!;
        Assert.Equal(value, Call("yaml.unmarshal", text));
        Assert.Equal("{\"foo\":[{\"qux\":\"bar\"},{\"baz\":2}]}", Json("yaml.unmarshal", "foo:\n- qux: bar\n- baz: 2"));
        Assert.Equal("{\"n\":12,\"q\":\"12\",\"s\":\"yes\"}", Json("yaml.unmarshal", "n: 12\nq: '12'\ns: yes"));
        Assert.StartsWith("yaml.unmarshal: yaml: line 1: did not find", Error("yaml.unmarshal", "[1,2,3").Message);
        Assert.Equal("false", Json("yaml.is_valid", "foo:\n- baz: {"));
        Assert.Equal("true", Json("yaml.is_valid", "{\"json\": \"ok\"}"));
        Assert.Equal("false", Json("yaml.is_valid", 1L));
    }
}
