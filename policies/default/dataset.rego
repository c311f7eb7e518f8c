# Dataset scan thresholds: `gatehouse scan --policy policies/default DATASET`.
# Input: {rows, bytes, findings_by_type: {TYPE: count}, input_errors, files: [{file, format, bytes, rows, findings_by_type}]}.
# Output (data.gatehouse.dataset.result): {pass, violations: [{type, count, limit, reason}]}.
# Types without a rule here are allowed; unreadable input is reported by the scanner itself (exit 2).
package gatehouse.dataset

import rego.v1

# EMAIL addresses tolerated per 1,000 rows (mailing-list footers, signatures): more looks like a contact dump.
email_per_thousand_rows := 5

category(t) := c if c := data.gatehouse.entities.category[t]

# A credential in training data is memorised and can be extracted; one is too many.
violations contains {"type": t, "count": n, "limit": 0, "reason": "secrets must not be in a dataset"} if {
	some t, n in input.findings_by_type
	n > 0
	category(t) == "secret"
}

violations contains {"type": "CREDIT_CARD", "count": n, "limit": 0, "reason": "card numbers must not be in a dataset"} if {
	n := input.findings_by_type.CREDIT_CARD
	n > 0
}

# Health data is special-category data (GDPR Art. 9, HIPAA PHI): none without a separate legal basis.
violations contains {"type": t, "count": n, "limit": 0, "reason": "health data must not be in a dataset"} if {
	some t, n in input.findings_by_type
	n > 0
	category(t) == "health"
}

violations contains {"type": "EMAIL", "count": n, "limit": sprintf("%d per 1,000 rows", [email_per_thousand_rows]), "reason": sprintf("%d emails in %d rows", [n, input.rows])} if {
	n := input.findings_by_type.EMAIL
	n * 1000 > email_per_thousand_rows * max([input.rows, 1])
}

result := {"pass": count(violations) == 0, "violations": sorted_violations}

sorted_violations := [v | some v in sort(violations)]
