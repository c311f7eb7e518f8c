# Tests for the deployment gate: `gatehouse policy test policies/default`.
package gatehouse.deploy_test

import data.gatehouse.deploy
import rego.v1

dataset := {
	"name": "support-tickets", "version": "2025.1", "manifest_path": "/d/gatehouse-dataset.yaml", "manifest_sha256": "aa",
	"manifest_unchanged": true, "licenses": ["CC-BY-4.0"], "verification_present": true, "verification_path": "/d/v.dsse.json",
	"verification_sha256": "bb", "verification_unchanged": true, "verification_passed": true, "scan_passed": true,
	"signature_valid": true, "signer_key_id": "cc", "subjects_match_manifest": true, "files_unchanged": true, "verification_problems": [],
}

ready := {
	"model": {"name": "support-slm", "version": "1.2.0", "registrant": "alice", "registered_at": "2026-11-22T23:49:18Z"},
	"card": {"present": true, "path": "/m/card.md", "sha256": "cc", "complete": true, "missing_sections": [], "problems": []},
	"datasets": [dataset],
	"red_team": {"results": [{"suite": "default", "suite_sha256": "dd", "passed": 12, "failed": 0, "recorded_at": "2026-11-23T00:00:00Z", "junit_path": null}], "passed": true},
	"weights": {"unchanged": true, "files": [{"path": "/m/model.safetensors", "sha256": "ee", "status": "unchanged"}]},
	"approvals": {"approved_by_other": true, "approvals": [{"approver": "bob", "approved_at": "2026-11-23T00:00:00Z", "note": null, "distinct_from_registrant": true}]},
	"lineage": {"base": {"name": "tiny-base", "version": "1.0.0", "approved": true}, "chain": ["support-slm@1.2.0", "tiny-base@1.0.0"]},
}

checks_of(facts) := cs if {
	cs := deploy.checks with input as facts
}

check(facts, name) := c if {
	some c in checks_of(facts)
	c.name == name
}

failed_names(facts) := {c.name | some c in checks_of(facts); not c.passed}

test_ready_model_passes_every_check if {
	deploy.allow with input as ready
	count(checks_of(ready)) == 6
	failed_names(ready) == set()
	check(ready, "approved_by_other").detail == "approved by bob"
	check(ready, "base_approved").detail == "base tiny-base@1.0.0 is approved"
}

test_checks_keep_their_order if {
	[c.name | some c in checks_of(ready)] == ["card_complete", "datasets_verified", "red_team_passed", "weights_unchanged", "approved_by_other", "base_approved"]
}

test_missing_card_is_rejected if {
	facts := object.union(ready, {"card": {"present": false, "path": null, "sha256": null, "complete": false, "missing_sections": ["architecture"], "problems": ["no model card was registered"]}})
	not deploy.allow with input as facts
	failed_names(facts) == {"card_complete"}
	check(facts, "card_complete").detail == "no model card was registered"
}

test_incomplete_card_names_missing_sections if {
	facts := object.union(ready, {"card": {"present": true, "path": "/m/card.md", "sha256": "cc", "complete": false, "missing_sections": ["evaluation", "contact"], "problems": ["a", "b"]}})
	not deploy.allow with input as facts
	check(facts, "card_complete").detail == "missing or empty sections: evaluation, contact"
}

test_card_with_front_matter_problems_only if {
	facts := object.union(ready, {"card": {"present": true, "path": "/m/card.md", "sha256": "cc", "complete": false, "missing_sections": [], "problems": ["/m/card.md:2: license is missing"]}})
	check(facts, "card_complete").detail == "1 problem(s): /m/card.md:2: license is missing"
}

test_dataset_without_statement_is_rejected if {
	facts := object.union(ready, {"datasets": [object.union(dataset, {"verification_present": false, "verification_unchanged": false, "verification_passed": false, "scan_passed": false})]})
	not deploy.allow with input as facts
	failed_names(facts) == {"datasets_verified"}
	contains(check(facts, "datasets_verified").detail, "support-tickets@2025.1: no verification statement")
}

test_dataset_with_unjustified_findings_is_rejected if {
	facts := object.union(ready, {"datasets": [object.union(dataset, {"scan_passed": false, "verification_passed": false})]})
	not deploy.allow with input as facts
	contains(check(facts, "datasets_verified").detail, "failed scan")
}

test_dataset_failing_another_verification_check_is_rejected if {
	facts := object.union(ready, {"datasets": [object.union(dataset, {"verification_passed": false})]})
	not deploy.allow with input as facts
	contains(check(facts, "datasets_verified").detail, "failed verification")
}

test_changed_statement_or_manifest_is_rejected if {
	changed_statement := object.union(ready, {"datasets": [object.union(dataset, {"verification_unchanged": false})]})
	contains(check(changed_statement, "datasets_verified").detail, "statement changed")
	changed_manifest := object.union(ready, {"datasets": [object.union(dataset, {"manifest_unchanged": false})]})
	contains(check(changed_manifest, "datasets_verified").detail, "manifest changed")
	not deploy.allow with input as changed_manifest
}

test_one_bad_dataset_among_good_ones_names_only_it if {
	bad := object.union(dataset, {"name": "scraped", "scan_passed": false})
	facts := object.union(ready, {"datasets": [dataset, bad]})
	check(facts, "datasets_verified").detail == "scraped@2025.1: its verification statement reports a failed scan (findings without a justification)"
}

test_no_datasets_passes_and_says_so if {
	facts := object.union(ready, {"datasets": []})
	deploy.allow with input as facts
	check(facts, "datasets_verified").detail == "no training datasets declared"
}

test_no_red_team_run_is_rejected if {
	facts := object.union(ready, {"red_team": {"results": [], "passed": false}})
	not deploy.allow with input as facts
	check(facts, "red_team_passed").detail == "no red-team suite was run against this version"
}

test_red_team_detail_shows_latest_run_per_suite if {
	runs := [
		{"suite": "default", "suite_sha256": "dd", "passed": 10, "failed": 2, "recorded_at": "t1", "junit_path": null},
		{"suite": "extra", "suite_sha256": "ff", "passed": 3, "failed": 1, "recorded_at": "t2", "junit_path": null},
		{"suite": "default", "suite_sha256": "dd", "passed": 12, "failed": 0, "recorded_at": "t3", "junit_path": null},
	]
	facts := object.union(ready, {"red_team": {"results": runs, "passed": false}})
	not deploy.allow with input as facts
	check(facts, "red_team_passed").detail == "extra: 3 passed, 1 failed; default: 12 passed, 0 failed"
}

test_changed_weights_are_rejected if {
	facts := object.union(ready, {"weights": {"unchanged": false, "files": [{"path": "/m/a.bin", "sha256": "ee", "status": "changed"}, {"path": "/m/b.bin", "sha256": "ff", "status": "unchanged"}, {"path": "/m/c.bin", "sha256": "00", "status": "missing"}]}})
	not deploy.allow with input as facts
	failed_names(facts) == {"weights_unchanged"}
	check(facts, "weights_unchanged").detail == "/m/a.bin: changed; /m/c.bin: missing"
}

test_no_approval_by_another_person_is_rejected if {
	facts := object.union(ready, {"approvals": {"approved_by_other": false, "approvals": []}})
	not deploy.allow with input as facts
	check(facts, "approved_by_other").detail == "needs an approval by someone other than the registrant (alice)"
}

test_foundation_model_needs_no_base if {
	facts := object.union(ready, {"lineage": {"base": null, "chain": ["support-slm@1.2.0"]}})
	deploy.allow with input as facts
	check(facts, "base_approved").detail == "foundation model (no base)"
}

test_unapproved_base_is_rejected if {
	facts := object.union(ready, {"lineage": {"base": {"name": "tiny-base", "version": "1.0.0", "approved": false}, "chain": []}})
	not deploy.allow with input as facts
	failed_names(facts) == {"base_approved"}
	check(facts, "base_approved").detail == "base tiny-base@1.0.0 is not approved"
}

test_everything_wrong_fails_every_check if {
	facts := {
		"model": ready.model,
		"card": {"present": false, "path": null, "sha256": null, "complete": false, "missing_sections": [], "problems": []},
		"datasets": [object.union(dataset, {"verification_present": false})],
		"red_team": {"results": [], "passed": false},
		"weights": {"unchanged": false, "files": []},
		"approvals": {"approved_by_other": false, "approvals": []},
		"lineage": {"base": {"name": "b", "version": "1.0.0", "approved": false}, "chain": []},
	}
	count(failed_names(facts)) == 6
}

test_dataset_statement_that_does_not_verify_is_rejected_with_the_cause if {
	bad := object.union(dataset, {"signature_valid": false, "verification_problems": ["the statement is signed by key 0123, not by a trusted key"]})
	facts := object.union(ready, {"datasets": [bad]})
	failed_names(facts) == {"datasets_verified"}
	check(facts, "datasets_verified").detail == "support-tickets@2025.1: its verification statement does not verify: the statement is signed by key 0123, not by a trusted key"
}

test_dataset_statement_not_matching_the_manifest_or_the_files_is_rejected if {
	subjects := object.union(ready, {"datasets": [object.union(dataset, {"subjects_match_manifest": false, "verification_problems": ["manifest file b.jsonl is not a subject of the statement"]})]})
	contains(check(subjects, "datasets_verified").detail, "does not match its manifest: manifest file b.jsonl")
	files := object.union(ready, {"datasets": [object.union(dataset, {"files_unchanged": false, "verification_problems": ["dataset file a.jsonl changed since verification"]})]})
	contains(check(files, "datasets_verified").detail, "its files changed since verification: dataset file a.jsonl changed")
	not check(files, "datasets_verified").passed
}
