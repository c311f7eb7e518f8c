# Tests for the dataset scan thresholds: `gatehouse policy test policies/default`.
package gatehouse.dataset_test

import data.gatehouse.dataset
import rego.v1

scan(rows, by_type) := {"rows": rows, "bytes": rows * 100, "findings_by_type": by_type, "input_errors": 0, "files": []}

test_clean_dataset_passes if {
	r := dataset.result with input as scan(1000, {})
	r.pass
	r.violations == []
}

test_any_secret_type_fails if {
	r := dataset.result with input as scan(1000, {"GITHUB_TOKEN": 1, "PRIVATE_KEY": 2})
	not r.pass
	{v.type | some v in r.violations} == {"GITHUB_TOKEN", "PRIVATE_KEY"}
	every v in r.violations { v.limit == 0 }
}

test_one_credit_card_fails if {
	r := dataset.result with input as scan(100000, {"CREDIT_CARD": 1})
	not r.pass
	r.violations == [{"type": "CREDIT_CARD", "count": 1, "limit": 0, "reason": "card numbers must not be in a dataset"}]
}

test_health_data_fails if {
	r := dataset.result with input as scan(1000, {"UK_NHS": 3})
	not r.pass
	r.violations[0].type == "UK_NHS"
	r.violations[0].count == 3
}

test_emails_at_five_per_thousand_pass if {
	r := dataset.result with input as scan(2000, {"EMAIL": 10})
	r.pass
}

test_emails_over_five_per_thousand_fail if {
	r := dataset.result with input as scan(2000, {"EMAIL": 11})
	not r.pass
	r.violations == [{"type": "EMAIL", "count": 11, "limit": "5 per 1,000 rows", "reason": "11 emails in 2000 rows"}]
}

test_emails_in_empty_scan_use_one_row if {
	not dataset.result.pass with input as scan(0, {"EMAIL": 1})
}

test_zero_counts_do_not_fail if {
	dataset.result.pass with input as scan(10, {"AWS_ACCESS_KEY": 0, "CREDIT_CARD": 0})
}

test_unlisted_personal_types_pass if {
	dataset.result.pass with input as scan(10, {"PERSON": 40, "PHONE": 3})
}
