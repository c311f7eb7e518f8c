using Gatehouse.Governance.Models;
using Gatehouse.Governance.Models.Cards;
using Gatehouse.Testing;

namespace Gatehouse.Governance.Tests.Models;

public class ModelCardTests
{
    [Fact]
    public void A_complete_card_passes_and_its_sections_carry_their_lines()
    {
        var card = ModelCardParser.Parse(CardSamples.Complete, "card.md");
        var result = ModelCardValidator.Validate(card);

        Assert.True(result.IsComplete, string.Join("\n", result.Problems));
        Assert.Equal(["en", "de"], card.FieldList("language"));
        var details = card.Sections.Single(s => s.Title == "Model Details");
        Assert.Equal(31, details.Line);
        Assert.StartsWith("A 1.1B-parameter", details.Substance, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_and_empty_sections_are_each_named_with_their_location()
    {
        var result = ModelCardValidator.Validate(ModelCardParser.Parse(CardSamples.Incomplete, "half.md"));

        Assert.Equal(["contact", "evaluation", "intended_use"], result.MissingSections.Order());
        Assert.Contains(result.Problems, p => p.ToString() == "half.md:25: section 'Contact' (contact) is empty or still holds template placeholders");
        Assert.Contains(result.Problems, p => p.Line is null && p.Message.StartsWith("missing required section 'intended use'", StringComparison.Ordinal));
    }

    [Fact]
    public void Headings_match_case_insensitively_and_through_synonyms()
    {
        var section = RequiredCardSection.All.Single(s => s.Id == "limitations");
        Assert.True(section.Matches("BIAS, RISKS, AND LIMITATIONS"));
        Assert.True(section.Matches("Known limitations"));
        Assert.True(RequiredCardSection.All.Single(s => s.Id == "out_of_scope_use").Matches("Out-of-Scope Use [optional]"));
        Assert.False(section.Matches("Evaluation"));
    }

    [Fact]
    public void The_Hugging_Face_template_headings_are_all_recognised_but_its_placeholders_are_not_content()
    {
        var path = RepositoryPaths.SharedFile("schemas", "huggingface", "modelcard_template.md");
        var card = ModelCardParser.ParseFile(path);

        Assert.All(RequiredCardSection.All, required => Assert.NotNull(card.Find(required)));
        var result = ModelCardValidator.Validate(card);
        Assert.Contains(result.Problems, p => p.SectionId == "contact" && p.Line is not null);
    }

    [Fact]
    public void Front_matter_problems_point_at_their_lines()
    {
        const string text = """
            ---
            license: other
            language: en
            tags: {a: b}
            model-index:
              - name: m
                results:
                  - task:
                      type: text-generation
                    dataset:
                      type: d
                    metrics:
                      - type: accuracy
            ---
            # Card
            """;
        var problems = ModelCardValidator.Validate(ModelCardParser.Parse(text, "c.md")).Problems.Select(p => p.ToString()).ToList();

        Assert.Contains("c.md:1: front matter field 'pipeline_tag' is missing or empty", problems);
        Assert.Contains("c.md:2: license is 'other', so 'license_name' must say which licence", problems);
        Assert.Contains("c.md:4: front matter field 'tags' must be a string or a list of strings", problems);
        Assert.Contains("c.md:8: model-index result needs 'dataset.type' and 'dataset.name'", problems);
        Assert.Contains("c.md:13: each metric needs 'type' and 'value'", problems);
    }

    [Fact]
    public void A_card_without_front_matter_is_told_to_add_it()
    {
        var result = ModelCardValidator.Validate(ModelCardParser.Parse("# Card\n\n## Evaluation\n\nGood.\n", "c.md"));
        Assert.Contains(result.Problems, p => p.Line == 1 && p.Message.StartsWith("no YAML front matter", StringComparison.Ordinal));
    }

    [Fact]
    public void Broken_front_matter_is_reported_with_its_line()
    {
        var unclosed = Assert.Throws<ModelGovernanceException>(() => ModelCardParser.Parse("---\nlicense: mit\n# Card\n", "c.md"));
        Assert.Equal("c.md:1: front matter starts with '---' but is never closed by another '---'", unclosed.Message);
        var invalid = Assert.Throws<ModelGovernanceException>(() => ModelCardParser.Parse("---\nlicense: mit\nlanguage: [en\n---\n", "c.md"));
        Assert.StartsWith("c.md:", invalid.Message, StringComparison.Ordinal);
        Assert.Contains("not valid YAML", invalid.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Headings_inside_code_fences_are_not_sections()
    {
        var card = ModelCardParser.Parse("# Card\n\n```\n## Evaluation\n```\n", "c.md");
        Assert.Null(card.Find(RequiredCardSection.All.Single(s => s.Id == "evaluation")));
    }

    [Fact]
    public void The_shipped_template_has_every_section_and_field_and_asks_to_be_filled_in()
    {
        var card = ModelCardParser.Parse(ModelCardTemplate.Text, "template.md");
        var result = ModelCardValidator.Validate(card);

        Assert.All(RequiredCardSection.All, required => Assert.NotNull(card.Find(required)));
        Assert.All(ModelCardValidator.RequiredFields, field => Assert.NotNull(card.Field(field)));
        Assert.Equal(RequiredCardSection.All.Select(s => s.Id).Order(), result.MissingSections.Order());
        var filled = ModelCardParser.Parse(ModelCardTemplate.Text.Replace(CardText.Placeholder, "Written by the team.", StringComparison.Ordinal), "filled.md");
        Assert.True(ModelCardValidator.Validate(filled).IsComplete);
    }

    [Fact]
    public void Statements_are_bullets_when_there_are_bullets_and_paragraphs_otherwise()
    {
        Assert.Equal(["one", "two"], CardText.Statements("- one\n* two\n<!-- hidden -->"));
        Assert.Equal(["First paragraph over two lines.", "Second."], CardText.Statements("First paragraph\nover two lines.\n\nSecond.\n"));
        Assert.Empty(CardText.Statements("[More Information Needed]\n"));
    }
}
