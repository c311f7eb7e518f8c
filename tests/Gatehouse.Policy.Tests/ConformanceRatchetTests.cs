using Gatehouse.Policy.Conformance;
using Gatehouse.Testing;

namespace Gatehouse.Policy.Tests;

/// <summary>
/// The conformance ratchet: every case listed in conformance-passing.txt must keep passing. Regenerate the list with
/// <c>gatehouse policy conformance ../shared/conformance/opa/v1 --write-passing tests/Gatehouse.Policy.Tests/conformance-passing.txt</c>;
/// regeneration may only add lines (the tests below fail when a listed case is lost or no longer exists).
/// </summary>
public class ConformanceRatchetTests
{
    private static readonly string SuiteRoot = RepositoryPaths.SharedFile("conformance", "opa", "v1");
    private static readonly string PassingList = Path.Combine(RepositoryPaths.Root, "tests", "Gatehouse.Policy.Tests", "conformance-passing.txt");
    private static readonly Lazy<IReadOnlyList<ConformanceCase>> AllCases = new(() => ConformanceSuite.LoadCases(SuiteRoot));

    private static string[] Listed() => File.ReadAllLines(PassingList).Where(l => l.Length > 0).ToArray();

    [Fact]
    public void Every_listed_case_still_passes()
    {
        var listed = Listed().ToHashSet(StringComparer.Ordinal);
        var cases = AllCases.Value.Where(c => listed.Contains(c.Id)).ToList();
        var outcomes = ConformanceSuite.RunAll(cases, TimeSpan.FromSeconds(5));
        var regressions = outcomes.Where(o => !o.Passed).Select(o => $"{o.Case.Id}: {o.Failure}").ToList();
        Assert.True(regressions.Count == 0, "conformance regressions:\n" + string.Join("\n", regressions));
        Assert.True(cases.Count > 600, $"only {cases.Count} listed cases were run");
    }

    [Fact]
    public void The_list_is_sorted_unique_and_names_existing_cases_so_regeneration_only_adds()
    {
        var listed = Listed();
        Assert.Equal(listed.Order(StringComparer.Ordinal), listed);
        Assert.Equal(listed.Length, listed.Distinct(StringComparer.Ordinal).Count());
        var known = AllCases.Value.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var stale = listed.Where(id => !known.Contains(id)).ToList();
        Assert.True(stale.Count == 0, "listed cases missing from the suite:\n" + string.Join("\n", stale));
    }

    [Fact]
    public void A_runaway_case_fails_within_its_timeout_instead_of_hanging()
    {
        var runaway = new ConformanceCase
        {
            File = "synthetic.yaml", Directory = "synthetic", Note = "runaway", Query = "data.test.p = x",
            Modules = ["package test\n\np := count([1 | some a in numbers; some b in numbers; some c in numbers; some d in numbers; some e in numbers; some f in numbers])\n\nnumbers := [x | some x in [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30]]\n"],
            WantResult = [],
        };
        var outcome = ConformanceSuite.Run(runaway, TimeSpan.FromMilliseconds(200));
        Assert.False(outcome.Passed);
        Assert.Contains("eval_cancel_error", outcome.Failure);
    }
}
