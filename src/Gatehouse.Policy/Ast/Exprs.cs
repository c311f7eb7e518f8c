namespace Gatehouse.Policy.Ast;

/// <summary>A rule or comprehension body: expressions evaluated in order (after the compiler reorders them for safety).</summary>
public sealed class Body
{
    /// <summary>The expressions.</summary>
    public required List<Expr> Exprs { get; set; }

    /// <summary>Where the body starts.</summary>
    public required Location Location { get; init; }
}

/// <summary><c>with target as value</c>.</summary>
public sealed class WithModifier
{
    /// <summary>The replaced document (<c>input.x</c>, <c>data.y</c>) or function.</summary>
    public required Term Target { get; set; }

    /// <summary>The replacement.</summary>
    public required Term Value { get; set; }

    /// <summary>Where the modifier starts.</summary>
    public required Location Location { get; init; }
}

/// <summary>One expression (literal) in a body.</summary>
public abstract class Expr
{
    /// <summary>Where it starts.</summary>
    public required Location Location { get; init; }

    /// <summary>The expression's source text (what <c>opa eval</c> reports as <c>text</c>).</summary>
    public string Text { get; set; } = "";

    /// <summary>Whether it is prefixed with <c>not</c>.</summary>
    public bool Negated { get; set; }

    /// <summary>Its <c>with</c> modifiers.</summary>
    public List<WithModifier> With { get; init; } = [];
}

/// <summary>A term used as an expression: true unless it is undefined or <c>false</c>.</summary>
public sealed class TermExpr : Expr
{
    /// <summary>The term.</summary>
    public required Term Term { get; set; }
}

/// <summary><c>left = right</c> (unification) or <c>left := right</c> (assignment, which declares the left vars).</summary>
public sealed class UnifyExpr : Expr
{
    /// <summary>The left side.</summary>
    public required Term Left { get; set; }

    /// <summary>The right side.</summary>
    public required Term Right { get; set; }

    /// <summary>Whether this is <c>:=</c>.</summary>
    public bool IsAssign { get; init; }
}

/// <summary><c>some x, y</c>: declares local variables.</summary>
public sealed class SomeDeclExpr : Expr
{
    /// <summary>The declared variables.</summary>
    public required List<VarTerm> Vars { get; init; }
}

/// <summary><c>some v in xs</c> or <c>some k, v in xs</c>.</summary>
public sealed class SomeInExpr : Expr
{
    /// <summary>The key pattern, if any.</summary>
    public Term? Key { get; set; }

    /// <summary>The value pattern.</summary>
    public required Term Value { get; set; }

    /// <summary>The collection.</summary>
    public required Term Collection { get; set; }
}

/// <summary><c>every k, v in xs { body }</c>.</summary>
public sealed class EveryExpr : Expr
{
    /// <summary>The key variable, if any.</summary>
    public VarTerm? Key { get; set; }

    /// <summary>The value variable.</summary>
    public required VarTerm Value { get; set; }

    /// <summary>The domain.</summary>
    public required Term Domain { get; set; }

    /// <summary>The body every element must satisfy.</summary>
    public required Body Body { get; set; }
}
