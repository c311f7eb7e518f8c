# Who may use what: roles mapped to models, purposes and limits.
# Teams edit this file most often; the decision logic in gatehouse.rego reads it and rarely changes.
package gatehouse.roles

import rego.v1

# Model aliases each role may call. "*" means every configured model.
models := {
	"admin": {"*"},
	"developer": {"*"},
	"analyst": {"demo", "support-slm", "summarizer"},
	"support": {"demo", "support-slm"},
	"clinician": {"demo", "clinical-slm"},
	"auditor": set(),
}

# Purposes each role may declare in the x-gatehouse-purpose header. A request without a purpose is
# treated as "general".
purposes := {
	"admin": {"*"},
	"developer": {"general", "testing", "evaluation"},
	"analyst": {"general", "analytics", "reporting"},
	"support": {"general", "customer-support"},
	"clinician": {"general", "treatment"},
	"auditor": set(),
}

# Per-role limits. The strictest value applies when a principal holds several roles with limits.
limits := {
	"admin": {"max_tokens": 8192, "requests_per_minute": 600, "tokens_per_minute": 200000},
	"developer": {"max_tokens": 4096, "requests_per_minute": 120, "tokens_per_minute": 60000},
	"analyst": {"max_tokens": 2048, "requests_per_minute": 60, "tokens_per_minute": 30000},
	"support": {"max_tokens": 1024, "requests_per_minute": 60, "tokens_per_minute": 20000},
	"clinician": {"max_tokens": 2048, "requests_per_minute": 60, "tokens_per_minute": 30000},
}

# Roles that may see pseudonymized values restored in answers.
restore_pseudonyms := {"support", "clinician"}

# Roles that may download the weights of any registered model version that is approved for deployment
# (GET /admin/models/{name}/{version}/weights/{file}, endpoint admin.models.download). Admins may download any version.
model_download_roles := {"model-publisher"}

# Per-model download grants: model name -> roles that may download that model's approved versions, for example
# {"acme/support-slm": {"ml-release"}}.
model_download_grants := {}
