// Package syncsteptest provides rapid generators (pgregory.net/rapid) of the
// values of package syncstep, for property tests of ownermap and of the
// integrations that embed it.
//
// The generators:
//   - Config: valid integrations. Step keys are unique, every step has a
//     direction, pairs respect uniqueness in their step's direction,
//     policies can be carried out and the default pair is complete, so
//     every step compiles. Owners are drawn from small pools shared by all
//     steps, so that different steps name the same owners (which is what
//     makes "Save and apply for all steps" interesting).
//   - Step: one valid step of a given direction, over its own owner pools.
//   - Records: batches of records for one step, mixing owners the step maps,
//     its fallback owner and owners it does not know, with current owners on
//     the target side that sometimes already equal what the plan decides.
//
// Lower-level generators of IDs and pairs are in package
// ownership/ownershiptest. Nothing here imports testing; a *rapid.Generator
// holds no state and may be shared between tests.
package syncsteptest
