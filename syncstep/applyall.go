package syncstep

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// ApplyAllError reports why "Save and apply for all steps" was refused.
// Nothing was changed. It matches ErrApplyAllConflict, and errors.Is and
// errors.As also see each problem: a *Conflict for every step and owner that
// would break that step's uniqueness, and any *FieldError that would keep a
// step from compiling.
type ApplyAllError struct {
	// From is the key of the step whose pairs were to be copied.
	From string
	// Problems lists, step by step in configuration order, what the copy
	// would break.
	Problems []error
}

func (e *ApplyAllError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "syncstep: applying the pairs of step %q to all steps would break %d rule(s): ", e.From, len(e.Problems))
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(p.Error())
	}
	return b.String()
}

// Is reports whether target is ErrApplyAllConflict.
func (e *ApplyAllError) Is(target error) bool { return target == ErrApplyAllConflict }

// Unwrap returns the problems.
func (e *ApplyAllError) Unwrap() []error { return e.Problems }

// Conflicts returns the uniqueness conflicts among the problems, in step
// order.
func (e *ApplyAllError) Conflicts() []*Conflict { return conflictsOf(e.Problems) }

// ApplyAll carries out "Save and apply for all steps": it copies the pairs
// of the step whose key is from to every step of cfg, keeping each step's
// direction, filters, People to sequence and unmapped policy.
//
// It is all-or-nothing. Because uniqueness depends on direction, pairs that
// are valid in one direction can be invalid in the other (two Salesforce
// owners mapped to one Reply owner are fine Salesforce → Reply and a
// duplicate Reply → Salesforce). If any step would then fail to compile,
// ApplyAll returns cfg unchanged and an *ApplyAllError naming each step and
// owner; otherwise it returns a new Config, sharing no memory with cfg,
// whose every step compiles, with ApplyAllFrom cleared. An unknown from
// returns ErrUnknownStep.
func ApplyAll(cfg Config, from string) (Config, error) {
	i := cfg.StepIndex(from)
	if i < 0 {
		return cfg, fmt.Errorf("syncstep: %w %q", ErrUnknownStep, from)
	}
	out := cfg.Clone()
	out.ApplyAllFrom = ""
	pairs := cfg.Steps[i].Mappings
	var problems []error
	for k := range out.Steps {
		out.Steps[k].Mappings = slices.Clone(pairs)
		if _, err := CompileStep(out.Steps[k], out.DefaultPair()); err != nil {
			var ce *CompileError
			if errors.As(err, &ce) {
				problems = append(problems, ce.Problems...)
			} else {
				problems = append(problems, err)
			}
		}
	}
	if len(problems) > 0 {
		return cfg, &ApplyAllError{From: from, Problems: problems}
	}
	return out, nil
}
