using Gatehouse.Policy.Values;
using static Gatehouse.Policy.Tests.Builtins.BuiltinCalls;

namespace Gatehouse.Policy.Tests.Builtins;

public class CollectionsTests
{
    [Fact]
    public void Arrays()
    {
        Assert.Equal("[1,2,3,4]", Json("array.concat", J("[1,2]"), J("[3,4]")));
        Assert.Equal("array.concat: operand 2 must be array but got object", Error("array.concat", J("[]"), J("{}")).Message);
        Assert.Equal("[2,3]", Json("array.slice", J("[1,2,3,4,5]"), 1L, 3L));
        Assert.Equal("[1,2]", Json("array.slice", J("[1,2,3,4,5]"), -1L, 2L));
        Assert.Equal("[]", Json("array.slice", J("[1,2,3,4,5]"), 4L, 1L));
        Assert.Equal("[]", Json("array.slice", J("[1,2,3]"), 1000L, 2000L));
        Assert.Equal("[3,2,1]", Json("array.reverse", J("[1,2,3]")));
        Assert.Equal("[1,2,\"s\",3,{\"a\":\"b\"},4.5,6,[7,8]]", Json("array.flatten", J("""[[1,2],"s",[3,{"a":"b"}],4.5,[6,[7,8]]]""")));
    }

    [Fact]
    public void Union_and_intersection_of_sets_of_sets()
    {
        Assert.Equal("[1,2,3,4]", Json("union", SetValue.Of(SetValue.Of(1L, 2L), SetValue.Of(3L, 4L), SetValue.Empty)));
        Assert.Equal("[2]", Json("intersection", SetValue.Of(SetValue.Of(1L, 2L), SetValue.Of(2L, 3L))));
        Assert.Equal("[]", Json("intersection", SetValue.Empty));
    }

    [Fact]
    public void Object_get_follows_paths_through_objects_arrays_and_sets()
    {
        Assert.Equal("\"b\"", Json("object.get", J("""{"a":"b"}"""), "a", "c"));
        Assert.Equal("{\"a\":1}", Json("object.get", J("""{"a":1}"""), J("[]"), 2L));
        Assert.Equal("1", Json("object.get", J("""{"a":{"b":[{"c":1}]}}"""), J("""["a","b",0,"c"]"""), 2L));
        Assert.Equal("2", Json("object.get", J("""{"a":{"b":[1,2,3]}}"""), J("""["a","b","a"]"""), 2L));
        var nonString = ObjectValue.Of(new KeyValuePair<Value, Value>[] { new(NumberValue.One, J("""{"b":1}""")) });
        Assert.Equal("1", Json("object.get", nonString, J("""[1,"b"]"""), 2L));
        Assert.Equal("object.get: operand 1 must be object but got string", Error("object.get", "x", "a", 1L).Message);
    }

    [Fact]
    public void Object_keys_remove_filter_union()
    {
        Assert.Equal("[1,2]", Json("object.keys", ObjectValue.Of(new KeyValuePair<Value, Value>[] { new(NumberValue.Of(2), NumberValue.One), new(NumberValue.One, NumberValue.One) })));
        Assert.Equal("{\"a\":1}", Json("object.remove", J("""{"a":1,"b":{"c":3},"d":4}"""), J("""["d","b"]""")));
        Assert.Equal("{\"x\":123}", Json("object.remove", J("""{"a":{"b":2},"x":123}"""), J("""{"a":{"b":1}}""")));
        Assert.Equal("object.remove: operand 2 must be one of {object, set, array} but got string", Error("object.remove", J("{}"), "a").Message);
        Assert.Equal("{\"a\":1,\"e\":9}", Json("object.filter", J("""{"a":1,"b":2,"e":9}"""), SetValue.Of("a", "e")));
        Assert.Equal("{\"a\":{\"b\":\"foo\",\"b1\":\"bar\"},\"d\":7,\"e\":17}",
            Json("object.union", J("""{"a":{"b":{"c":1}},"e":1}"""), J("""{"a":{"b":"foo","b1":"bar"},"d":7,"e":17}""")));
        Assert.Equal("{\"a\":\"final\",\"b\":2,\"c\":{\"x\":1,\"y\":2}}",
            Json("object.union_n", J("""[{"a":1,"b":2,"c":{"x":1}},{"a":"final","c":{"y":2}}]""")));
    }

    [Fact]
    public void Subset_recurses_into_objects_and_matches_contiguous_arrays()
    {
        Assert.Equal("true", Json("object.subset", J("""{"a":5,"n":{"x":10,"s":[1,2,3]}}"""), J("""{"n":{"s":[2,3]}}""")));
        Assert.Equal("false", Json("object.subset", J("""{"a":5,"b":7}"""), J("""{"a":5,"b":10}""")));
        Assert.Equal("true", Json("object.subset", J("[1,2,3,4,5,6]"), J("[3,4,5]")));
        Assert.Equal("false", Json("object.subset", J("[1,2,3,4,5,6]"), J("[4,5,6,8]")));
        Assert.Equal("true", Json("object.subset", J("[1,2,3,4,5,6]"), SetValue.Of(4L, 3L, 2L)));
        Assert.Equal("false", Json("object.subset", SetValue.Of(1L, 2L, 3L, SetValue.Of("a", "b", "c")), SetValue.Of(3L, SetValue.Of("a", "b"))));
        Assert.Equal("false", Json("object.subset", J("""{"a":[1,2]}"""), ObjectValue.Of(("a", SetValue.Of(1L)))));
        Assert.Equal("false", Json("object.subset", J("[]"), SetValue.Empty));
        var mismatch = Error("object.subset", SetValue.Of(1L), J("[1]"));
        Assert.Equal("eval_type_error", mismatch.Code);
        Assert.Equal("object.subset: both arguments object.subset must be of the same type or array and set", mismatch.Message);
    }

    [Fact]
    public void Walk_yields_parents_before_children()
    {
        Assert.True(Gatehouse.Policy.Builtins.BuiltinRegistry.Default.TryGet("walk", out var walk));
        var pairs = walk.Relation!([J("""{"b":[1],"a":2}""")], Gatehouse.Policy.Builtins.BuiltinContext.ForNow())
            .Select(ValueJson.ToJsonString).ToList();
        Assert.Equal(["[[],{\"a\":2,\"b\":[1]}]", "[[\"a\"],2]", "[[\"b\"],[1]]", "[[\"b\",0],1]"], pairs);
    }

    [Fact]
    public void Graph_reachability_and_paths()
    {
        var graph = J("""{"a":["b"],"b":["c"],"c":["a"],"x":null}""");
        Assert.Equal("[\"a\",\"b\",\"c\"]", Json("graph.reachable", graph, J("""["a"]""")));
        Assert.Equal("[[\"a\",\"b\",\"c\"]]", Json("graph.reachable_paths", graph, J("""["a"]""")));
        Assert.Equal("[[\"x\"]]", Json("graph.reachable_paths", graph, J("""["x"]""")));
        Assert.Equal("[[\"a\",\"b\",\"c\"],[\"a\",\"c\"]]", Json("graph.reachable_paths", J("""{"a":["b","c"],"b":["c"],"c":[]}"""), SetValue.Of("a")));
        var issue1022 = J("""{"one":["two","five"],"two":["four"],"three":[""],"four":["three"],"five":["seven","six"],"six":["nine","seven"],"seven":["eight"],"eight":["three"],"nine":[""]}""");
        Assert.Equal("""[["one","five","seven","eight","three"],["one","five","six"],["one","five","six","nine"],["one","two","four","three"]]""",
            Json("graph.reachable_paths", issue1022, SetValue.Of("one")));
        Assert.Equal("eval_type_error", Error("graph.reachable", NumberValue.One, J("[1]")).Code);
    }
}
