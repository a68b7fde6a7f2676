// Package adapterstest helps test code built on package adapters, and
// adapters built for it, the way net/http/httptest and testing/fstest do.
// Its non-test files do not import testing.
//
// In-memory implementations, built from literals:
//   - Org (a SalesforceDirectory) and Team (a ReplyTeam) serve a
//     validate.Facts, with per-part errors;
//   - Store is a RecordSource, a BatchOwnerSink and an Enroller over one
//     slice of records, so writes are read back; Get, Snapshot, Writes and
//     Enrollments inspect it;
//   - Generator streams N records made on demand, and Counter is a sink that
//     only counts: together they run steps of millions of records in
//     constant memory;
//   - Clock is a fake adapters.Clock whose Sleep returns at once and
//     records the wait.
//
// Fault wrappers: Inject (any schedule), FailEvery (every nth call),
// FailRecords (given records, permanently), RateLimit (refused with a
// retry-after), Slow (waits on a Clock), CancelAfter (cancels a context
// after n records) and BreakEvery (a source stream that drops). The owner
// sink wrappers hide the sink's optional capabilities; InjectEnrollments
// (any schedule) and FailEnrollments (given records) add an Enroller back,
// with enrollment faults, keeping a BatchOwnerSink capability.
//
// Conformance: CheckSalesforceDirectory, CheckReplyTeam, CheckRecordSource,
// CheckOwnerSink and CheckEnroller return every failure joined (nil when
// the implementation passes); RunSalesforceDirectoryConformance,
// RunReplyTeamConformance, RunRecordSourceConformance,
// RunOwnerSinkConformance and RunEnrollerConformance run the same checks
// as named subtests of a *testing.T (or anything with its Helper, Errorf
// and Run methods). The checks: listings complete and stable across calls,
// streams complete, stable and resumable from any cursor, writes and
// enrollments applied and idempotent, unknown records reported as not
// found, cancellation honoured and classified.
package adapterstest
