# What kind of data each detector entity type is. The decision treats each category alike, so a new
# detector only needs a line here. Types not listed are treated as personal data.
package gatehouse.entities

import rego.v1

category := {
	# personal data
	"PERSON": "personal",
	"EMAIL": "personal",
	"PHONE": "personal",
	"LOCATION": "personal",
	"STREET_ADDRESS": "personal",
	"ORGANIZATION": "personal",
	"IP_ADDRESS": "personal",
	"MAC_ADDRESS": "personal",
	"URL": "personal",
	"DATE_OF_BIRTH": "personal",
	"US_SSN": "personal",
	"US_ITIN": "personal",
	"US_PASSPORT": "personal",
	"US_DRIVER_LICENSE": "personal",
	# financial data
	"CREDIT_CARD": "financial",
	"IBAN": "financial",
	"US_BANK_ROUTING": "financial",
	"CRYPTO_WALLET": "financial",
	# health data (HIPAA PHI, GDPR Art. 9)
	"UK_NHS": "health",
	"MEDICAL_RECORD_NUMBER": "health",
	# credentials
	"AWS_ACCESS_KEY": "secret",
	"AWS_SECRET_KEY": "secret",
	"GITHUB_TOKEN": "secret",
	"GITLAB_TOKEN": "secret",
	"SLACK_TOKEN": "secret",
	"SLACK_WEBHOOK": "secret",
	"STRIPE_KEY": "secret",
	"GOOGLE_API_KEY": "secret",
	"OPENAI_API_KEY": "secret",
	"ANTHROPIC_API_KEY": "secret",
	"NPM_TOKEN": "secret",
	"PYPI_TOKEN": "secret",
	"AZURE_STORAGE_CONNECTION_STRING": "secret",
	"PRIVATE_KEY": "secret",
	"JWT": "secret",
	"URL_CREDENTIALS": "secret",
	"PASSWORD": "secret",
}

# Every entity type with a known category; output actions are given for each.
all := {t | some t, _ in category}
