# Tests for the shipped bundle: `gatehouse policy test policies/default`.
package gatehouse_test

import data.gatehouse
import rego.v1

principal(roles) := {"id": "alice", "tenant": "acme", "roles": roles, "claims": {}}

chat(model) := {"endpoint": "chat.completions", "method": "POST", "model": model, "stream": false, "max_tokens": 256}

approved := {"alias": "support-slm", "version": "1.2.0", "approved": true}

finding(type) := {"type": type, "path": "messages[0].content", "score": 0.9, "count": 1}

test_support_may_use_support_model if {
	d := gatehouse.decision with input as {"principal": principal(["support"]), "request": chat("support-slm"), "model": approved, "findings": []}
	d.allow
	d.reasons == ["allowed"]
}

test_support_may_not_use_unlisted_model if {
	d := gatehouse.decision with input as {"principal": principal(["support"]), "request": chat("clinical-slm"), "model": approved, "findings": []}
	not d.allow
	some r in d.reasons
	contains(r, "may use model clinical-slm")
}

test_developer_may_use_any_model if {
	d := gatehouse.decision with input as {"principal": principal(["developer"]), "request": chat("anything"), "model": approved, "findings": []}
	d.allow
}

test_undeclared_purpose_is_general if {
	d := gatehouse.decision with input as {"principal": principal(["analyst"]), "request": chat("demo"), "model": approved, "findings": []}
	d.allow
}

test_forbidden_purpose_is_denied if {
	req := object.union(chat("demo"), {"purpose": "marketing"})
	d := gatehouse.decision with input as {"principal": principal(["analyst"]), "request": req, "model": approved, "findings": []}
	not d.allow
	some r in d.reasons
	contains(r, "purpose marketing")
}

test_secrets_are_always_blocked if {
	d := gatehouse.decision with input as {"principal": principal(["admin"]), "request": chat("demo"), "model": approved, "findings": [finding("AWS_ACCESS_KEY")]}
	not d.allow
	d.input_actions.AWS_ACCESS_KEY == "block"
	d.output_actions.AWS_ACCESS_KEY == "block"
}

test_pii_is_masked_for_analysts if {
	d := gatehouse.decision with input as {"principal": principal(["analyst"]), "request": chat("demo"), "model": approved, "findings": [finding("EMAIL")]}
	d.allow
	d.input_actions.EMAIL == "mask"
	d.output_actions.EMAIL == "mask"
	not d.restore_pseudonyms
}

test_pii_is_pseudonymized_and_restored_for_support if {
	d := gatehouse.decision with input as {"principal": principal(["support"]), "request": chat("demo"), "model": approved, "findings": [finding("PERSON")]}
	d.input_actions.PERSON == "pseudonymize"
	d.restore_pseudonyms
	d.output_actions.PERSON == "allow"
}

test_pii_is_redacted_for_developers if {
	d := gatehouse.decision with input as {"principal": principal(["developer"]), "request": chat("demo"), "model": approved, "findings": [finding("EMAIL")]}
	d.input_actions.EMAIL == "redact"
}

test_unknown_entity_types_are_treated_as_personal_data if {
	d := gatehouse.decision with input as {"principal": principal(["analyst"]), "request": chat("demo"), "model": approved, "findings": [finding("CUSTOM_EMPLOYEE_ID")]}
	d.input_actions.CUSTOM_EMPLOYEE_ID == "mask"
	d.default_output_action == "mask"
}

test_health_data_blocked_outside_treatment if {
	d := gatehouse.decision with input as {"principal": principal(["clinician"]), "request": chat("clinical-slm"), "model": approved, "findings": [finding("MEDICAL_RECORD_NUMBER")]}
	not d.allow
	d.input_actions.MEDICAL_RECORD_NUMBER == "block"
}

test_health_data_pseudonymized_for_treatment if {
	req := object.union(chat("clinical-slm"), {"purpose": "treatment"})
	d := gatehouse.decision with input as {"principal": principal(["clinician"]), "request": req, "model": approved, "findings": [finding("MEDICAL_RECORD_NUMBER")]}
	d.allow
	d.input_actions.MEDICAL_RECORD_NUMBER == "pseudonymize"
}

test_unapproved_model_is_refused if {
	model := {"alias": "support-slm", "version": "1.3.0", "approved": false}
	d := gatehouse.decision with input as {"principal": principal(["admin"]), "request": chat("support-slm"), "model": model, "findings": []}
	not d.allow
	some r in d.reasons
	contains(r, "not approved")
}

test_max_tokens_over_limit_is_denied if {
	req := object.union(chat("demo"), {"max_tokens": 5000})
	d := gatehouse.decision with input as {"principal": principal(["support"]), "request": req, "model": approved, "findings": []}
	not d.allow
	d.limits.max_tokens == 1024
}

test_strictest_limit_applies_across_roles if {
	d := gatehouse.decision with input as {"principal": principal(["support", "developer"]), "request": chat("demo"), "model": approved, "findings": []}
	d.limits.max_tokens == 1024
	d.limits.tokens_per_minute == 20000
}

test_admin_routes_need_admin if {
	req := {"endpoint": "admin.keys.create", "method": "POST"}
	d := gatehouse.decision with input as {"principal": principal(["analyst"]), "request": req, "findings": []}
	not d.allow
	"admin routes require the admin role" in d.reasons
}

test_admin_may_use_admin_routes if {
	req := {"endpoint": "admin.keys.create", "method": "POST"}
	d := gatehouse.decision with input as {"principal": principal(["admin"]), "request": req, "findings": []}
	d.allow
}

test_auditor_may_read_the_audit_log_only if {
	read := {"endpoint": "admin.audit.query", "method": "GET"}
	d := gatehouse.decision with input as {"principal": principal(["auditor"]), "request": read, "findings": []}
	d.allow
	erase := {"endpoint": "admin.audit.erase", "method": "POST"}
	e := gatehouse.decision with input as {"principal": principal(["auditor"]), "request": erase, "findings": []}
	not e.allow
}

test_model_catalog_is_open_to_every_principal if {
	req := {"endpoint": "models.list", "method": "GET"}
	d := gatehouse.decision with input as {"principal": principal(["auditor"]), "request": req, "findings": []}
	d.allow
}

test_config_roles_open_a_model if {
	m := object.union(approved, {"roles": ["analyst"]})
	d := gatehouse.decision with input as {"principal": principal(["analyst"]), "request": chat("llama"), "model": m, "findings": []}
	d.allow
}

test_config_star_opens_a_model_to_everyone if {
	m := object.union(approved, {"roles": ["*"]})
	d := gatehouse.decision with input as {"principal": principal(["support"]), "request": chat("llama"), "model": m, "findings": []}
	d.allow
}

test_config_roles_do_not_lift_other_denials if {
	m := object.union(approved, {"roles": ["*"], "approved": false})
	d := gatehouse.decision with input as {"principal": principal(["support"]), "request": chat("llama"), "model": m, "findings": []}
	not d.allow
}

test_catalog_lists_only_usable_models if {
	listing := {"endpoint": "models.list", "method": "GET", "model": "clinical-slm"}
	not gatehouse.decision.allow with input as {"principal": principal(["support"]), "request": listing, "model": approved, "findings": []}
	gatehouse.decision.allow with input as {"principal": principal(["clinician"]), "request": listing, "model": approved, "findings": []}
}

test_a_role_unknown_to_the_bundle_gets_the_general_purpose_only if {
	m := object.union(approved, {"roles": ["reader"]})
	gatehouse.decision.allow with input as {"principal": principal(["reader"]), "request": chat("llama"), "model": m, "findings": []}
	req := object.union(chat("llama"), {"purpose": "analytics"})
	not gatehouse.decision.allow with input as {"principal": principal(["reader"]), "request": req, "model": m, "findings": []}
}
