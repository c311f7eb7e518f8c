# Tests for model_download.rego: `gatehouse policy test policies/default`.
package gatehouse.model_download_test

import data.gatehouse
import rego.v1

download_input(roles, approved) := {
	"principal": {"id": "pat", "tenant": "acme", "roles": roles, "claims": {}},
	"request": {"endpoint": "admin.models.download", "method": "GET", "path": "/admin/models/acme%2Fsupport-slm/1.2.0/weights/model.safetensors", "model": "acme/support-slm"},
	"model": {"alias": "acme/support-slm", "name": "acme/support-slm", "version": "1.2.0", "approved": approved, "demo": false, "roles": []},
	"findings": [],
}

test_admin_downloads_an_unapproved_version if {
	d := gatehouse.decision with input as download_input(["admin"], false)
	d.allow
}

test_model_publisher_downloads_an_approved_version if {
	d := gatehouse.decision with input as download_input(["model-publisher"], true)
	d.allow
	d.reasons == ["allowed"]
}

test_model_publisher_may_not_download_an_unapproved_version if {
	d := gatehouse.decision with input as download_input(["model-publisher"], false)
	not d.allow
	d.reasons == ["model acme/support-slm version 1.2.0 is not approved for deployment; only admins may download its weights"]
}

test_other_roles_are_refused_with_the_reason if {
	d := gatehouse.decision with input as download_input(["analyst"], true)
	not d.allow
	d.reasons == ["no role of pat may download the weights of model acme/support-slm"]
}

test_a_per_model_grant_opens_that_model_only if {
	grants := {"acme/support-slm": {"ml-release"}}
	d := gatehouse.decision with input as download_input(["ml-release"], true) with data.gatehouse.roles.model_download_grants as grants
	d.allow
	other := object.union(download_input(["ml-release"], true), {"model": {"name": "acme/other", "version": "1.0.0", "approved": true}})
	d2 := gatehouse.decision with input as other with data.gatehouse.roles.model_download_grants as grants
	not d2.allow
}

test_the_delegation_does_not_open_other_admin_routes if {
	i := object.union(download_input(["model-publisher"], true), {"request": {"endpoint": "admin.keys.list", "method": "GET", "path": "/admin/keys"}})
	d := gatehouse.decision with input as i
	not d.allow
	"admin routes require the admin role" in d.reasons
}
