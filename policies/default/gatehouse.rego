# The gateway asks data.gatehouse.decision for every call. Its input and output are documented in
# docs/policy.md and are a stable contract: add fields, never change the meaning of existing ones.
package gatehouse

import data.gatehouse.roles
import rego.v1

# --- the decision -------------------------------------------------------------------------------

decision := {
	"allow": count(deny) == 0,
	"reasons": reasons,
	"input_actions": input_actions,
	"output_actions": output_actions,
	"default_output_action": pii_output_action,
	"restore_pseudonyms": restore_allowed,
	"store_payloads": false,
	"limits": limits,
}

reasons := sort([r | some r in deny]) if count(deny) > 0

reasons := ["allowed"] if count(deny) == 0

# --- who is calling -------------------------------------------------------------------------------

principal_roles := {r | some r in input.principal.roles}

is_admin if "admin" in principal_roles

purpose := object.get(input.request, "purpose", "general")

default endpoint_kind := "model"

endpoint_kind := "admin" if startswith(input.request.endpoint, "admin.")

endpoint_kind := "catalog" if input.request.endpoint == "models.list"

# --- deny reasons ------------------------------------------------------------------------------------

deny contains "admin routes require the admin role" if {
	endpoint_kind == "admin"
	not is_admin
	not auditor_reading_audit
	not admin_route_delegated
}

auditor_reading_audit if {
	"auditor" in principal_roles
	startswith(input.request.endpoint, "admin.audit.")
	input.request.method == "GET"
}

deny contains msg if {
	endpoint_kind == "model"
	not model_allowed
	msg := sprintf("no role of %s may use model %s", [input.principal.id, input.request.model])
}

# GET /v1/models asks once per alias (endpoint models.list): list only what the caller could call.
deny contains msg if {
	endpoint_kind == "catalog"
	not model_allowed
	msg := sprintf("no role of %s may use model %s", [input.principal.id, input.request.model])
}

deny contains msg if {
	endpoint_kind == "catalog"
	input.model.approved == false
	msg := sprintf("model %s is not approved for deployment", [input.request.model])
}

deny contains msg if {
	endpoint_kind == "model"
	not purpose_allowed
	msg := sprintf("purpose %s is not allowed for the roles of %s", [purpose, input.principal.id])
}

deny contains msg if {
	endpoint_kind == "model"
	input.model.approved == false
	msg := sprintf("model %s version %s is not approved for deployment", [input.request.model, input.model.version])
}

deny contains msg if {
	endpoint_kind == "model"
	some f in input.findings
	input_action_for(f) == "block"
	msg := sprintf("request contains %s (%s), which policy blocks", [f.type, f.path])
}

deny contains msg if {
	endpoint_kind == "model"
	limit := limits.max_tokens
	limit > 0
	input.request.max_tokens > limit
	msg := sprintf("max_tokens %d exceeds the limit of %d for this principal", [input.request.max_tokens, limit])
}

model_allowed if {
	some r in principal_roles
	"*" in roles.models[r]
}

model_allowed if {
	some r in principal_roles
	input.request.model in roles.models[r]
}

# The gateway config may open a model to roles too (its models.<alias>.roles list, "*" for everyone).
model_allowed if "*" in object.get(input, ["model", "roles"], [])

model_allowed if {
	some r in principal_roles
	r in object.get(input, ["model", "roles"], [])
}

purpose_allowed if {
	some r in principal_roles
	"*" in roles.purposes[r]
}

purpose_allowed if {
	some r in principal_roles
	purpose in roles.purposes[r]
}

# A role this bundle does not know (one the gateway config opened a model to) may declare only the general purpose.
purpose_allowed if {
	purpose == "general"
	some r in principal_roles
	not roles.purposes[r]
}

# --- actions per entity type ------------------------------------------------------------------------

input_actions := {f.type: input_action_for(f) | some f in input.findings}

output_actions := {t: output_action_for_type(t) | some t in data.gatehouse.entities.all}

restore_allowed if {
	some r in principal_roles
	r in roles.restore_pseudonyms
}

default restore_allowed := false

input_action_for(f) := "block" if data.gatehouse.entities.category[f.type] == "secret"

input_action_for(f) := action if {
	data.gatehouse.entities.category[f.type] == "health"
	action := health_input_action
}

input_action_for(f) := action if {
	not data.gatehouse.entities.category[f.type] in {"secret", "health"}
	action := pii_input_action
}

# Clinicians treating patients may send health data, pseudonymized; everyone else is blocked.
health_input_action := "pseudonymize" if {
	"clinician" in principal_roles
	purpose == "treatment"
} else := "block"

# Roles allowed restoration get reversible pseudonyms; developers see structure only; others masked.
pii_input_action := "pseudonymize" if restore_allowed
else := "redact" if "developer" in principal_roles
else := "mask"

# Secrets never leave; personal data in answers is masked unless the caller may see it restored.
output_action_for_type(t) := "block" if data.gatehouse.entities.category[t] == "secret"

output_action_for_type(t) := action if {
	data.gatehouse.entities.category[t] != "secret"
	action := pii_output_action
}

pii_output_action := "allow" if restore_allowed else := "mask"

# --- limits ------------------------------------------------------------------------------------------

limits := {
	"max_tokens": min({l.max_tokens | some r in principal_roles; l := roles.limits[r]}),
	"requests_per_minute": min({l.requests_per_minute | some r in principal_roles; l := roles.limits[r]}),
	"tokens_per_minute": min({l.tokens_per_minute | some r in principal_roles; l := roles.limits[r]}),
} if count({r | some r in principal_roles; roles.limits[r]}) > 0

limits := {"max_tokens": 0, "requests_per_minute": 0, "tokens_per_minute": 0} if {
	count({r | some r in principal_roles; roles.limits[r]}) == 0
}
