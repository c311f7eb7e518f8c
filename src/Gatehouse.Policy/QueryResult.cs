using Gatehouse.Policy.Ast;
using Gatehouse.Policy.Values;

namespace Gatehouse.Policy;

/// <summary>The solutions of a query; empty when the query is undefined.</summary>
public sealed record QueryResult(IReadOnlyList<QuerySolution> Solutions)
{
    /// <summary>Whether the query had at least one solution.</summary>
    public bool IsDefined => Solutions.Count > 0;
}

/// <summary>One solution: the value of each query expression and the bindings of the query's variables.</summary>
public sealed record QuerySolution(IReadOnlyList<ExpressionValue> Expressions, IReadOnlyDictionary<string, Value> Bindings);

/// <summary>The value of one query expression, its text and where it starts (as <c>opa eval</c> reports it).</summary>
public sealed record ExpressionValue(Value Value, string Text, Location Location);
