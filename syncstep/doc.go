// Package syncstep models the sync steps of a Salesforce ↔ Reply
// integration and compiles their ownership mappings into plans that decide,
// for one record at a time, who owns it on the other side, and why.
//
// # Configuration
//
// A Config is the integration: the connected Salesforce account and the
// Reply account used for the integration (together, the default pair) and
// its Steps. DefaultSteps returns Reply's default profile of steps. A Step has
// a key, a Salesforce object, a Direction, record Filters (an Owner ID filter
// is one whose field is OwnerId), an optional People to sequence section, its
// Mappings (owner pairs) and an UnmappedPolicy.
//
// Uniqueness depends on direction. In a Salesforce → Reply step each
// Salesforce owner may appear in one pair (either ID form counts as the same
// owner) and a Reply owner in any number; in a Reply → Salesforce step the
// reverse. Step.Conflicts lists the pairs that break this.
//
// # Resolution
//
// CompileStep (or Compile, by key) builds an immutable *Plan. A plan is never
// built from a step that cannot be resolved soundly: duplicate owners for the
// direction, a missing direction, incomplete pairs, a policy that cannot be
// carried out, or no pairs and no default pair. Those come back together in
// one *CompileError, whose problems are *Conflict and *FieldError values that
// match the package's sentinel errors.
//
// Plan.Resolve answers for one Record with a Decision: the owner on the
// target side (or none), the Outcome (Mapped, DefaultPair, Fallback, Skipped,
// LeftToSalesforce), whether People to sequence enrolls the person, and the
// index of the pair that decided. Decision.Why explains it in one sentence.
// Resolution never drops a record silently, never allocates, and a Plan is
// safe for concurrent use.
//
// The semantics chosen where the seed is silent:
//   - A step with no pairs uses the default pair for every record: the
//     default pair's target-side owner owns everything the step syncs, as it
//     did before mappings existed (Outcome DefaultPair). Once the user sets
//     pairs, they are the whole mapping, and owners they do not name are
//     unmapped.
//   - An unmapped owner follows the step's policy: skip (the default),
//     fallback to one owner, or, Reply → Salesforce only, leave to
//     Salesforce (no OwnerId written).
//   - People to sequence enrolls a person when the resolved Reply owner,
//     whatever the outcome that chose it, is one of the section's owners. A
//     skipped person is never enrolled.
//
// # Dry runs, apply to all, suggestions
//
// Plan.DryRun lists the ownership changes and the skips a plan would make
// over records with their current owner, with counts, before anything is
// written. ApplyAll carries out "Save and apply for all steps" all-or-nothing
// and reports each step and owner that would break. Suggest proposes pairs by
// email from directory entries without touching the pairs a user set.
//
// # JSON
//
// A Config encodes to versioned JSON ("version": 1, snake_case fields) with
// EncodeConfig or json.Marshal, and decodes strictly with DecodeConfig or
// json.Unmarshal: every unknown field, wrong type or bad ID is a
// DecodeProblem that names its path, such as
// steps[2].mappings[1].salesforce_owner, and its line and column.
//
// The package imports only the standard library and package ownership.
package syncstep
