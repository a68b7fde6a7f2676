// Command livedryrun connects to a real Salesforce org and Reply workspace
// through the reference adapters and shows what one sync step of an
// ownermap configuration would change, without writing anything.
//
// It reads everything from environment variables:
//
//	SALESFORCE_INSTANCE_URL   https://yourdomain.my.salesforce.com (required)
//	SALESFORCE_ACCESS_TOKEN   an OAuth access token for that org (required)
//	REPLY_API_KEY             a Reply API key (required)
//	OWNERMAP_CONFIG           path to the integration's JSON config (required)
//	OWNERMAP_STEP             the step to dry-run (default contacts_to_people)
//	OWNERMAP_LIMIT            the most records to read (default 10000)
//	SALESFORCE_API_VERSION    REST API version (default v62.0)
//	REPLY_BASE_URL            Reply API host (default https://api.reply.io)
//	REPLY_AUTH_HEADER         "Authorization" (default: sends Bearer <key>) or
//	                          "X-API-Key" (sends the key as is); Reply's v3
//	                          header is unverified, so it is your choice
//
//	go run ./examples/livedryrun
//
// A Salesforce → Reply step reads the step's object from Salesforce; a
// Reply → Salesforce step reads contacts from Reply. Only reads are made:
// the Salesforce query, Reply's whoami and contact listing. Without the
// required variables it says what it needs and exits 2; it exits 1 when a
// service refuses or cannot be reached.
package main
