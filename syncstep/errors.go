package syncstep

import (
	"errors"
	"fmt"
	"strings"

	"github.com/ownermap/ownermap/ownership"
)

// Sentinel errors. Every error this package returns matches at least one of
// them with errors.Is, so callers branch on these, never on message text.
var (
	// ErrDuplicateOwner: a pair names an owner that must be unique in its
	// step's direction and is already named by an earlier pair.
	ErrDuplicateOwner = errors.New("owner mapped twice in one direction")
	// ErrMissingDirection: the step has no direction.
	ErrMissingDirection = errors.New("step has no direction")
	// ErrInvalidPair: a pair lacks an owner, or names a Salesforce ID that
	// cannot own records.
	ErrInvalidPair = errors.New("invalid owner pair")
	// ErrInvalidPolicy: the unmapped policy cannot be carried out (a
	// fallback without a valid owner, or leave_to_salesforce on a
	// Salesforce → Reply step).
	ErrInvalidPolicy = errors.New("invalid unmapped policy")
	// ErrNoDefaultPair: the step has no pairs and the integration has no
	// complete default pair to fall back on.
	ErrNoDefaultPair = errors.New("no pairs set and no default pair")
	// ErrUnknownStep: no step has the given key.
	ErrUnknownStep = errors.New("unknown step")
	// ErrWrongDirection: a direction-specific method was called on a plan of
	// the other direction.
	ErrWrongDirection = errors.New("plan resolves the other direction")
	// ErrApplyAllConflict: "Save and apply for all steps" would break a
	// step; nothing was changed.
	ErrApplyAllConflict = errors.New("apply for all steps would break a step")
)

// Conflict is one pair that breaks its step's uniqueness rule: in a
// Salesforce → Reply step each Salesforce owner (in either ID form) may be
// named once; in a Reply → Salesforce step each Reply owner may. Conflict
// implements error and matches ErrDuplicateOwner.
type Conflict struct {
	// Step is the step's key.
	Step string
	// Direction is the step's direction, which decides the unique side.
	Direction ownership.Direction
	// Index is the pair that repeats the owner; First is the earlier pair
	// that named it first. Both index the step's Mappings.
	Index, First int
	// Owner is the repeated owner; only its unique side is meaningful.
	Owner ownership.Pair
}

// OwnerText returns the repeated owner as people read it: the 18-character
// Salesforce ID, or the Reply userId.
func (c *Conflict) OwnerText() string { return c.Owner.Source(c.Direction) }

func (c *Conflict) Error() string {
	side := "Salesforce owner"
	if c.Direction == ownership.ReplyToSalesforce {
		side = "Reply owner"
	}
	return fmt.Sprintf("step %q (%s): %s %s is mapped by mappings[%d] and again by mappings[%d]; each %s may be mapped once in this direction",
		c.Step, c.Direction.Arrow(), side, c.OwnerText(), c.First, c.Index, side)
}

// Unwrap returns ErrDuplicateOwner.
func (c *Conflict) Unwrap() error { return ErrDuplicateOwner }

// FieldError is a problem with one field of a step. It wraps one of the
// sentinel errors.
type FieldError struct {
	// Step is the step's key.
	Step string
	// Field is the path of the field within the step, with JSON names, such
	// as "mappings[1].reply_owner" or "unmapped.action".
	Field string
	// Err says what is wrong; it wraps a sentinel.
	Err error
}

func (e *FieldError) Error() string {
	return fmt.Sprintf("step %q: %s: %v", e.Step, e.Field, e.Err)
}

// Unwrap returns the underlying error.
func (e *FieldError) Unwrap() error { return e.Err }

// CompileError reports every reason a step could not be compiled. Its
// Problems are *Conflict and *FieldError values, in field order; errors.Is
// and errors.As see each of them.
type CompileError struct {
	Step     string
	Problems []error
}

func (e *CompileError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "syncstep: step %q cannot be compiled: ", e.Step)
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(p.Error())
	}
	return b.String()
}

// Unwrap returns the problems.
func (e *CompileError) Unwrap() []error { return e.Problems }

// Conflicts returns the uniqueness conflicts among the problems.
func (e *CompileError) Conflicts() []*Conflict { return conflictsOf(e.Problems) }

func conflictsOf(errs []error) []*Conflict {
	var out []*Conflict
	for _, err := range errs {
		var c *Conflict
		if errors.As(err, &c) {
			out = append(out, c)
		}
	}
	return out
}
