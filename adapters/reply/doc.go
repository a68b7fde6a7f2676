// Package reply is a reference adapter for the Reply.io v3 API, built on
// net/http and the standard library only.
//
// New takes an *http.Client and Options and returns a *Client that
// implements:
//
//   - adapters.RecordSource, for Reply → Salesforce steps: contacts with
//     their ownerUserId, paged through POST /v3/contacts/filter while the
//     response says hasMore;
//   - adapters.BatchOwnerSink (and so adapters.OwnerSink), for Salesforce →
//     Reply steps: PUT /v3/contacts/owner with {contactIds, userId,
//     reassignTasks: false}, one request per target owner, reading
//     {isSuccess, affectedIds} back per contact;
//   - adapters.Enroller, for People to sequence in Salesforce → Reply
//     steps: POST /v3/sequences/{id}/contacts with {contactId}, the contact
//     found as for the owner sink, a contact already in the sequence
//     (problem code contactAlreadyInSequence) counted as enrolled;
//
// plus AddToSequence (the raw enrollment request) and WhoAmI (GET
// /v3/whoami). Team is an adapters.ReplyTeam over listings the
// embedder supplies.
//
// # Guarantees
//
// A Client is immutable and safe for concurrent use. It never retries:
// each call makes the requests it documents, once, and returns failures as
// *adapters.Error classified by ClassifyError: 429 is KindRateLimited with
// the Retry-After the service sent; application/problem+json bodies are
// classified by their code slug (*.notFound KindNotFound, forbidden
// KindPermission, *.invalidInput KindPermanent), and otherwise by status
// (401/403 KindPermission, 404 KindNotFound, 5xx KindTransient); network
// failures are KindTransient and a canceled context KindCanceled. Retrying,
// and waiting out Retry-After, is the job of adapters.Runner.
//
// # What is UNVERIFIED, and so the embedder's
//
// These are not documented well enough to build on (FACTS.md §5), so the
// embedder supplies them and this package says where:
//
//   - the v3 authentication header: current docs say Authorization: Bearer
//     <key>, older snapshots X-API-Key. Put the one that works in
//     Options.Header (or let the *http.Client add it);
//   - any endpoint that lists team members, and the workspace mode and team
//     owner: Team takes them as functions;
//   - the request fields of POST /v3/contacts/filter: by default the client
//     sends {"offset": n, "limit": size} and refuses steps with filters;
//     Options.FilterBody builds the body instead. The contact's own id is
//     read from the item's "id" field;
//   - whether affectedIds lists contacts that already had the owner: the
//     client assumes it does, and reports a contact left out as
//     KindNotFound (ErrNotAffected).
//   - how POST /v3/sequences/{id}/contacts refuses a contact already in the
//     sequence: FACTS.md §5 knows the slug contactAlreadyInSequence only as
//     a per-item result of the bulk endpoint. Enroll treats a problem with
//     that code, whatever the status, as success.
//
// In Salesforce → Reply steps, Assignment.Record.ID is a Salesforce ID;
// Options.ContactID maps it to the Reply contact (the link is the
// embedder's, for example a field their sync keeps).
package reply
