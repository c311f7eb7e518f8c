namespace Gatehouse.Governance.Tests.Models;

/// <summary>Model cards used across the tests.</summary>
internal static class CardSamples
{
    public const string Complete = """
        ---
        license: apache-2.0
        language:
          - en
          - de
        pipeline_tag: text-generation
        model_type: llama
        tags:
          - customer-support
        datasets:
          - acme/support-tickets
        model-index:
          - name: support-slm
            results:
              - task:
                  type: text-generation
                dataset:
                  type: acme/support-eval
                  name: Support tickets held out
                  split: test
                metrics:
                  - type: accuracy
                    value: 0.91
                    name: Answer accuracy
                  - type: f1
                    value: 0.87
        ---

        # Support SLM

        ## Model Details

        A 1.1B-parameter decoder-only transformer fine-tuned from the base model for support answers.

        ## Training Data

        Support tickets from 2023-2025, described in gatehouse-dataset.yaml, with personal data redacted.

        ## Uses

        - Drafting answers to customer support tickets
        - Summarising ticket threads for agents

        ### Out-of-Scope Use

        - Legal or medical advice
        - Decisions about individuals' credit or employment

        ## Bias, Risks, and Limitations

        - English and German only; other languages degrade sharply.
        - May reflect bias present in historical agent replies.

        ### Recommendations

        Keep a human agent in the loop for every answer sent to a customer.

        ## Evaluation

        Accuracy 0.91 on 2,000 held-out tickets.

        ## Model Card Contact

        ml-platform@example.com
        """;

    /// <summary>No intended use, no evaluation; the contact section still reads like the template.</summary>
    public const string Incomplete = """
        ---
        license: mit
        language: en
        pipeline_tag: text-generation
        ---

        # Half a card

        ## Model Details

        A small model.

        ## Training Data

        Public web text.

        ## Out-of-Scope Use

        Anything safety-critical.

        ## Limitations

        Hallucinates.

        ## Contact

        [More Information Needed]
        """;
}
