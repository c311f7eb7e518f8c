namespace Gatehouse.Policy.Ast;

/// <summary>A parsed policy file.</summary>
public sealed class Module
{
    /// <summary>The file name used in locations.</summary>
    public required string File { get; init; }

    /// <summary>The package path without <c>data</c> (<c>package a.b</c> → <c>["a", "b"]</c>).</summary>
    public required List<string> Package { get; init; }

    /// <summary>Where the package clause is.</summary>
    public required Location PackageLocation { get; init; }

    /// <summary>The imports.</summary>
    public List<Import> Imports { get; } = [];

    /// <summary>The rules in source order.</summary>
    public List<Rule> Rules { get; } = [];
}

/// <summary><c>import data.x.y as z</c> or <c>import input.a</c> or <c>import rego.v1</c>.</summary>
public sealed class Import
{
    /// <summary>The imported path, first element <c>data</c> or <c>input</c> (or <c>rego</c>/<c>future</c>).</summary>
    public required List<string> Path { get; init; }

    /// <summary>The name the module uses: the alias or the last path element.</summary>
    public required string Name { get; init; }

    /// <summary>Where the import is.</summary>
    public required Location Location { get; init; }
}

/// <summary>A rule: complete, partial set (<c>contains</c>), ref head / partial object, function, or default.</summary>
public sealed class Rule
{
    /// <summary>Where the rule starts.</summary>
    public required Location Location { get; init; }

    /// <summary>The module the rule belongs to.</summary>
    public required Module Module { get; init; }

    /// <summary>The head reference: first a name, then selections (<c>p.q[x]</c>).</summary>
    public required List<Term> HeadRef { get; init; }

    /// <summary>Arguments when the rule is a function.</summary>
    public List<Term>? Args { get; init; }

    /// <summary>The element for <c>contains</c> rules.</summary>
    public Term? Key { get; set; }

    /// <summary>The value (<c>true</c> when not written).</summary>
    public Term? Value { get; set; }

    /// <summary>Whether the head was written with <c>contains</c>.</summary>
    public bool IsContains { get; init; }

    /// <summary>Whether this is a <c>default</c> rule.</summary>
    public bool IsDefault { get; init; }

    /// <summary>Whether the value was given with <c>:=</c>.</summary>
    public bool IsAssign { get; init; }

    /// <summary>The body (empty for constants).</summary>
    public required Body Body { get; set; }

    /// <summary>The <c>else</c> alternative, evaluated when the body is undefined.</summary>
    public Rule? Else { get; set; }

    /// <summary>The number of frame slots the compiler allocated for this rule's variables.</summary>
    public int SlotCount { get; set; }

    /// <summary>The head as written, for messages: <c>data.pkg.p</c>.</summary>
    public string DisplayName { get; set; } = "";

    /// <summary>Set by the compiler: what kind of rule this is.</summary>
    public RuleKind Kind { get; set; }

    /// <summary>Set by the compiler: the ground part of the rule's path under <c>data</c> (package plus head).</summary>
    public Values.Value[] Path { get; set; } = [];

    /// <summary>Set by the compiler: head selections after the ground part (<c>p[x].r</c> → <c>[x, "r"]</c>).</summary>
    public List<Term> Suffix { get; set; } = [];
}

/// <summary>The kinds of rules, which decide how their values combine.</summary>
public enum RuleKind
{
    /// <summary>One value at a ground path (<c>p := 1</c>, <c>p if ...</c>).</summary>
    Complete,
    /// <summary><c>p contains x</c>: a set of all values.</summary>
    PartialSet,
    /// <summary>A head with variables (<c>p[k] := v</c>, <c>p.q[x].r := 1</c>): an object built from all solutions.</summary>
    PartialObject,
    /// <summary><c>f(x) := y</c>.</summary>
    Function,
}
