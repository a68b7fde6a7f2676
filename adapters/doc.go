// Package adapters defines the small interfaces through which ownermap
// talks to Salesforce and Reply, the classification of their errors, the
// gathering of facts for validation, and a Runner that drives one sync step
// end to end without losing a record.
//
// # Interfaces
//
// The embedder implements them around the Salesforce and Reply clients they
// already use; each is small, takes ctx first, and speaks the domain types
// of packages ownership and syncstep:
//
//   - SalesforceDirectory: users, queues with the objects they may own, and
//     the objects with an active assignment rule;
//   - ReplyTeam: members, and the Workspace (team owner and mode);
//   - RecordSource: streams a step's records with their current owners, in
//     a stable order, each with a Cursor that resumes after it;
//   - OwnerSink: sets the owner of one record on the target side
//     (ActivitySink creates an owned activity; OwnerSinkFunc adapts either);
//     BatchOwnerSink is an optional capability, found by type assertion,
//     for services that reassign many records to one owner in one call;
//   - Enroller: another optional capability of the sink, for People to
//     sequence: enroll a synced person in the step's Reply sequence
//     (Enrollment), idempotently.
//
// # Errors
//
// Implementations return their client's errors classified, either as an
// *Error (Kind, the service's Code, RetryAfter, the cause) or by wrapping a
// sentinel (ErrNotFound, ErrPermission, ErrRateLimited, ErrTransient,
// ErrPermanent). KindOf, RetryAfter and CodeOf read them back; context
// errors are KindCanceled; anything unclassified is KindUnknown and is
// never retried. How to map the services' errors (FACTS.md §4–5):
//
//	Salesforce errorCode / status               Kind
//	INVALID_CROSS_REFERENCE_KEY, ENTITY_IS_DELETED, 404    KindNotFound
//	INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY,
//	  INSUFFICIENT_ACCESS_OR_READONLY, TRANSFER_REQUIRES_READ,
//	  INVALID_SESSION_ID (after the client's re-login), 401, 403  KindPermission
//	403 REQUEST_LIMIT_EXCEEDED                  KindRateLimited (no Retry-After: backoff)
//	UNABLE_TO_LOCK_ROW, 500, 503, network errors          KindTransient
//	INACTIVE_OWNER_OR_USER, MALFORMED_ID, FIELD_INTEGRITY_EXCEPTION,
//	  CANNOT_UPDATE_CONVERTED_LEAD, other 400s            KindPermanent
//
//	Reply status / problem code                 Kind
//	404, *.notFound (sequence.notFound, contactNotFound)  KindNotFound
//	401, 403, forbidden                         KindPermission
//	429 with Retry-After: N                     KindRateLimited, RetryAfter N seconds
//	500, 502, 503, 504                          KindTransient
//	400 *.invalidInput (contactAccount.invalidInput), other 4xx  KindPermanent
//
// For example:
//
//	return &adapters.Error{Kind: adapters.KindTransient, Code: "UNABLE_TO_LOCK_ROW", Err: err}
//
// # Facts
//
// GatherFacts asks a SalesforceDirectory and a ReplyTeam for every fact
// package validate uses, concurrently. A part that fails is left unset and
// reported as a *GatherError, so validation says facts-missing instead of
// guessing.
//
// # Running a step
//
// NewRunner(plan, source, sink, opts) and Runner.Run(ctx, cursor) read the
// step's records, resolve each with the plan, and write the owners that
// change. Every record read is accounted as exactly one Status: applied,
// unchanged (the target already has the owner: nothing is written),
// skipped (the plan names no owner; Decision.Why says why) or failed (with
// the cause and the number of attempts). Transient and rate-limited errors
// are retried with bounded exponential backoff; a retry-after is waited
// exactly, by every write of the run. The Clock and the jitter are
// injectable, so tests never sleep. Writes run concurrently, while records
// are accounted in source order, so the Report's Cursor always resumes
// after a prefix of the stream that is fully accounted: a run stopped by
// cancellation or a failing source resumes from it without losing or
// repeating a record, and a second run over the same data writes nothing.
//
// # People to sequence
//
// The seed: "If an owner is not mapped, contacts will not be assigned to
// them or added to sequences." In a Salesforce → Reply step whose
// syncstep.PeopleToSequence has a positive SequenceID, when the sink is an
// Enroller, the runner enrolls every record whose Decision.Enroll is set
// and whose owner ends applied or unchanged, after the owner write
// succeeded (Reply enrolls a person in their owner's sequence), retried as
// writes are. Accounting stays four-way: a record whose enrollment fails
// for good is failed, with an error matching ErrEnrollment (its owner is
// set; a re-run finds it unchanged and enrolls it again), and
// Result.Enrolled and Counts.Enrolled say who was enrolled. Skipped and
// failed records are never enrolled. A run cut short while enrolling a
// record leaves that record uncounted; both calls are idempotent, so the
// next run redoes them. When decisions say Enroll but the runner cannot
// enroll (the sink is not an Enroller, or the step has no SequenceID), it
// enrolls nobody, counts those records in Counts.NotEnrolled and logs a
// warning once per run.
//
// Memory does not grow with the number of records: the runner holds a
// bounded window of records (a few times Concurrency × BatchSize), the
// Report keeps only the first MaxSkips skips and MaxFailures failures (its
// counts are always exact), and RunOptions.OnRecord sees every record's
// Result as it is accounted, for callers that need them all. Runner.Progress
// gives counts for a progress bar at any time; RunOptions.Logger receives
// structured logs.
//
// # Testing an implementation
//
// Package adapterstest has in-memory implementations of every interface,
// fault-injecting wrappers, and a conformance suite. An embedder's test is
// a few lines:
//
//	func TestMySinkConformance(t *testing.T) {
//		adapterstest.RunOwnerSinkConformance(t, func() adapterstest.SinkHarness {
//			c := newSandboxClient(t) // the embedder's own
//			return adapterstest.SinkHarness{Sink: c, Source: c, Step: step,
//				Owner: ownership.Pair{Reply: 42}, Missing: "0"}
//		})
//	}
package adapters
