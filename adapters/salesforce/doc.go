// Package salesforce is a reference adapter for the Salesforce REST API,
// built on net/http and the standard library only.
//
// New takes an *http.Client that the embedder has already authenticated
// (OAuth is theirs, as with Google's Go API clients) and the org's
// instance URL, and returns a *Client that implements:
//
//   - adapters.SalesforceDirectory: Users, Queues (Groups of Type Queue,
//     with the objects each may own from QueueSobject) and
//     AssignmentRuleObjects (AssignmentRule with Active = true), each
//     through GET /services/data/vNN.0/query, following nextRecordsUrl
//     until done;
//   - adapters.RecordSource, for Salesforce → Reply steps: Id and OwnerId
//     of the step's object, with the step's filters written as SOQL by
//     RecordsQuery, ordered by Id and resumed by keyset (Id > cursor);
//   - adapters.OwnerSink, for Reply → Salesforce steps: PATCH
//     /services/data/vNN.0/sobjects/{Object}/{Id} with {"OwnerId": ...};
//
// and Client.TaskSink returns an adapters.ActivitySink that creates owned
// Tasks.
//
// # Guarantees
//
// Every write sends Sforce-Auto-Assign: FALSE, so that an active
// assignment rule (or the Default Case Owner) cannot replace the owner the
// mapping chose.
//
// SOQL is never concatenated from raw input: object and field names must
// be plain API names (ASCII letters, digits and underscores; filter fields
// may be dotted relationship paths) and every value is a string literal
// escaped by QuoteString. Input that cannot be made safe is refused with
// an error matching ErrUnsafeInput, before anything is sent. Filter values
// are always string literals, so a filter on a number, date or boolean
// field is refused by Salesforce (MALFORMED_QUERY, KindPermanent) rather
// than misread.
//
// A Client never retries. Each method makes the requests it documents,
// once, and returns the first failure as an *adapters.Error classified by
// ClassifyError from the error array's errorCode, or by the HTTP status
// (network failures are KindTransient; a canceled context is
// KindCanceled). Retrying is the job of adapters.Runner. A Client is
// immutable and safe for concurrent use.
//
// nextRecordsUrl is followed only when it is a path on the instance under
// /services/data/, so the client's credentials never go elsewhere.
//
// # What is the embedder's
//
// The Salesforce source does not know the Reply owner of a record, so its
// records carry a zero Reply owner, and the runner writes every record that
// resolves to an owner (Reply's owner write is idempotent). In Reply →
// Salesforce steps, Assignment.Record.ID is a Reply id: Options.RecordID
// maps it to the Salesforce record. Task idempotency needs a custom text
// field on Task holding the source activity's id (TaskOptions.SourceIDField).
//
// ClassifyError is exported for embedders who call Salesforce with their
// own client (for example k-capehart/go-salesforce, whose errors carry the
// raw body) and want the same classification.
package salesforce
