package syncsteptest_test

import (
	"testing"

	"pgregory.net/rapid"

	"github.com/ownermap/ownermap/ownership"
	"github.com/ownermap/ownermap/ownership/ownershiptest"
	"github.com/ownermap/ownermap/syncstep"
	"github.com/ownermap/ownermap/syncstep/syncsteptest"
)

func TestConfigGeneratesConfigsWhoseEveryStepCompiles(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cfg := syncsteptest.Config().Draw(t, "config")
		if len(cfg.Steps) == 0 {
			t.Fatalf("no steps")
		}
		if cfg.DefaultPair().Salesforce.OwnerKind() != ownership.UserOwner || !cfg.ReplyUser.Valid() {
			t.Fatalf("incomplete default pair %v", cfg.DefaultPair())
		}
		keys := map[string]bool{}
		for _, s := range cfg.Steps {
			if keys[s.Key] {
				t.Fatalf("key %q repeats", s.Key)
			}
			keys[s.Key] = true
			if !s.Direction.Valid() {
				t.Fatalf("step %q has no direction", s.Key)
			}
			if len(s.Conflicts()) > 0 || len(s.OwnerIDFilters()) > 0 {
				t.Fatalf("step %q has conflicts or an Owner ID filter", s.Key)
			}
		}
		if cfg.ApplyAllFrom != "" && !keys[cfg.ApplyAllFrom] {
			t.Fatalf("ApplyAllFrom %q is not a step", cfg.ApplyAllFrom)
		}
		if _, err := syncstep.CompileAll(cfg); err != nil {
			t.Fatalf("CompileAll: %v", err)
		}
	})
}

func TestConfigSequenceOwnersAreMappedReplyOwners(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cfg := syncsteptest.Config().Draw(t, "config")
		for _, s := range cfg.Steps {
			if s.Sequence == nil {
				continue
			}
			if s.Direction != ownership.SalesforceToReply {
				t.Fatalf("People to sequence on a Reply → Salesforce step %q", s.Key)
			}
			targets := map[ownership.ReplyUserID]bool{}
			for _, p := range s.Mappings {
				targets[p.Reply] = true
			}
			if !s.HasPairs() {
				targets[cfg.ReplyUser] = true
			}
			for _, o := range s.Sequence.Owners {
				if !targets[o] {
					t.Fatalf("step %q enrolls Reply owner %v, which it does not map to", s.Key, o)
				}
			}
		}
	})
}

func TestStepGeneratesStepsOfTheGivenDirection(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		dir := ownershiptest.Direction().Draw(t, "direction")
		s := syncsteptest.Step(dir).Draw(t, "step")
		if s.Direction != dir {
			t.Fatalf("Step(%v) generated direction %v", dir, s.Direction)
		}
		if _, err := syncstep.CompileStep(s, ownership.Pair{Salesforce: ownership.MustParseSalesforceID("005000000000009"), Reply: 9}); err != nil {
			t.Fatalf("CompileStep: %v", err)
		}
	})
}

func TestStepPanicsOnUnspecifiedDirection(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Errorf("Step(DirectionUnspecified) did not panic")
		}
	}()
	syncsteptest.Step(ownership.DirectionUnspecified)
}

func TestRecordsMixMappedAndUnmappedOwners(t *testing.T) {
	var mapped, unmapped, unchanged int
	rapid.Check(t, func(t *rapid.T) {
		dir := ownershiptest.Direction().Draw(t, "direction")
		s := syncsteptest.Step(dir).Draw(t, "step")
		p, err := syncstep.CompileStep(s, ownership.Pair{Salesforce: ownership.MustParseSalesforceID("005000000000009"), Reply: 9})
		if err != nil {
			t.Fatalf("CompileStep: %v", err)
		}
		records := syncsteptest.Records(s).Draw(t, "records")
		ids := map[string]bool{}
		for _, r := range records {
			if ids[r.ID] {
				t.Fatalf("record ID %q repeats", r.ID)
			}
			ids[r.ID] = true
			d := p.Resolve(r)
			switch {
			case d.Outcome == syncstep.Mapped:
				mapped++
			case d.Outcome.Unmapped():
				unmapped++
			}
			if syncstep.Unchanged(r, d) {
				unchanged++
			}
		}
	})
	if mapped == 0 || unmapped == 0 || unchanged == 0 {
		t.Errorf("over 100 batches: %d mapped, %d unmapped, %d unchanged records; each kind must occur", mapped, unmapped, unchanged)
	}
}
