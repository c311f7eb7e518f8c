# Who may download model weights through the admin API (endpoint admin.models.download; docs/models.md).
# The gateway sends the model as input.model: {"name", "version", "approved", ...}, where approved means approved by
# someone other than the registrant and the latest deployment gate passed.
# Admins may download any version (to evaluate one before approval); the roles in roles.model_download_roles, and the
# roles granted a model in roles.model_download_grants, may download approved versions only.
package gatehouse

import data.gatehouse.roles
import rego.v1

# The weights download is decided here, not by the admin-role rule of gatehouse.rego.
admin_route_delegated if input.request.endpoint == "admin.models.download"

model_download_role if {
	some r in principal_roles
	r in roles.model_download_roles
}

model_download_role if {
	some r in principal_roles
	r in object.get(roles.model_download_grants, input.model.name, set())
}

deny contains msg if {
	input.request.endpoint == "admin.models.download"
	not is_admin
	not model_download_role
	msg := sprintf("no role of %s may download the weights of model %s", [input.principal.id, input.model.name])
}

deny contains msg if {
	input.request.endpoint == "admin.models.download"
	not is_admin
	model_download_role
	not input.model.approved == true
	msg := sprintf("model %s version %s is not approved for deployment; only admins may download its weights", [input.model.name, input.model.version])
}
