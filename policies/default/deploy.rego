# The deployment gate. `gatehouse model gate NAME@VERSION` evaluates data.gatehouse.deploy over the facts
# `gatehouse model facts` prints (shape in docs/models.md) and records the result. The output is a stable contract:
#   {"allow": bool, "checks": [{"name": string, "passed": bool, "detail": string}, ...]}
# Every check always appears, in this order, so a reviewer sees what passed as well as what did not.
# Only `allow` and `checks` are rules here (everything else is a function), so the document holds nothing else.
package gatehouse.deploy

import rego.v1

checks := [
	{"name": "card_complete", "passed": card_passed(input.card), "detail": card_detail(input.card)},
	{"name": "datasets_verified", "passed": count(unverified_datasets(input.datasets)) == 0, "detail": datasets_detail(input.datasets)},
	{"name": "red_team_passed", "passed": input.red_team.passed == true, "detail": red_team_detail(input.red_team)},
	{"name": "weights_unchanged", "passed": input.weights.unchanged == true, "detail": weights_detail(input.weights)},
	{"name": "approved_by_other", "passed": input.approvals.approved_by_other == true, "detail": approval_detail(input.model, input.approvals)},
	{"name": "base_approved", "passed": base_passed(input.lineage.base), "detail": base_detail(input.lineage.base)},
]

allow := count([c | some c in checks; c.passed != true]) == 0

# --- card -----------------------------------------------------------------------------------------

card_passed(card) := count({1 | card.present == true; card.complete == true}) == 1

card_detail(card) := "complete" if card_passed(card)

card_detail(card) := "no model card was registered" if card.present != true

card_detail(card) := sprintf("missing or empty sections: %s", [concat(", ", card.missing_sections)]) if {
	card.present == true
	count(card.missing_sections) > 0
}

card_detail(card) := sprintf("%d problem(s): %s", [count(card.problems), concat("; ", card.problems)]) if {
	card.present == true
	card.complete != true
	count(card.missing_sections) == 0
}

# --- datasets -------------------------------------------------------------------------------------

# Why one dataset does not count as verified: the first problem in the order a reviewer would fix them. The statement
# is re-verified by the gate's facts builder (signature by a trusted key, subjects against the manifest, files against
# the subjects); its problems name the key, subject or file.
dataset_problem(d) := "no verification statement was found beside the manifest" if d.verification_present != true
else := sprintf("its verification statement does not verify: %s", [statement_problems(d)]) if d.signature_valid != true
else := "its verification statement changed since registration" if d.verification_unchanged != true
else := "its manifest changed since registration" if d.manifest_unchanged != true
else := sprintf("its verification statement does not match its manifest: %s", [statement_problems(d)]) if d.subjects_match_manifest != true
else := sprintf("its files changed since verification: %s", [statement_problems(d)]) if d.files_unchanged != true
else := "its verification statement reports a failed scan (findings without a justification)" if d.scan_passed != true
else := "its verification statement reports a failed verification" if d.verification_passed != true

statement_problems(d) := concat("; ", d.verification_problems) if count(object.get(d, "verification_problems", [])) > 0
else := "no detail given"

dataset_label(d) := sprintf("%s@%s", [d.name, d.version]) if {
	is_string(d.name)
	is_string(d.version)
}

dataset_label(d) := d.manifest_path if not is_string(d.name)

dataset_label(d) := d.manifest_path if {
	is_string(d.name)
	not is_string(d.version)
}

unverified_datasets(datasets) := [sprintf("%s: %s", [dataset_label(d), dataset_problem(d)]) | some d in datasets; dataset_problem(d)]

datasets_detail(datasets) := "no training datasets declared" if count(datasets) == 0

datasets_detail(datasets) := sprintf("%d dataset(s) verified with a clean or justified scan", [count(datasets)]) if {
	count(datasets) > 0
	count(unverified_datasets(datasets)) == 0
}

datasets_detail(datasets) := concat("; ", unverified_datasets(datasets)) if count(unverified_datasets(datasets)) > 0

# --- red team -------------------------------------------------------------------------------------

red_team_detail(rt) := "no red-team suite was run against this version" if count(rt.results) == 0

red_team_detail(rt) := concat("; ", [sprintf("%s: %d passed, %d failed", [r.suite, r.passed, r.failed]) | some r in latest_runs(rt.results)]) if {
	count(rt.results) > 0
}

# The latest result of each suite (results are oldest first; a re-run supersedes an earlier run).
latest_runs(results) := [results[i] |
	some i, r in results
	count([j | some j, later in results; j > i; later.suite == r.suite]) == 0
]

# --- weights --------------------------------------------------------------------------------------

weights_detail(w) := sprintf("all %d weight file(s) match their registered SHA-256", [count(w.files)]) if w.unchanged == true

weights_detail(w) := concat("; ", [sprintf("%s: %s", [f.path, f.status]) | some f in w.files; f.status != "unchanged"]) if {
	w.unchanged != true
}

# --- approval -------------------------------------------------------------------------------------

approval_detail(model, a) := sprintf("approved by %s", [concat(", ", sort({x.approver | some x in a.approvals; x.distinct_from_registrant == true}))]) if {
	a.approved_by_other == true
}

approval_detail(model, a) := sprintf("needs an approval by someone other than the registrant (%s)", [model.registrant]) if {
	a.approved_by_other != true
}

# --- lineage --------------------------------------------------------------------------------------

base_passed(base) := count({1 | base == null}) + count({1 | base.approved == true}) > 0

base_detail(base) := "foundation model (no base)" if base == null

base_detail(base) := sprintf("base %s@%s is approved", [base.name, base.version]) if base.approved == true

base_detail(base) := sprintf("base %s@%s is not approved", [base.name, base.version]) if {
	base != null
	base.approved != true
}
