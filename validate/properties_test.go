package validate_test

import (
	"fmt"
	"reflect"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/ownermap/ownermap/ownership"
	"github.com/ownermap/ownermap/syncstep"
	"github.com/ownermap/ownermap/validate"
)

// world is a generated configuration together with facts consistent with
// it, and what a fault needs to know to break it in exactly one place.
type world struct {
	cfg     syncstep.Config
	facts   validate.Facts
	users   []ownership.SalesforceID // active users
	members []ownership.ReplyUserID  // active members; members[0] integrates
	serial  int                      // for fresh IDs
}

const (
	s2r = ownership.SalesforceToReply
	r2s = ownership.ReplyToSalesforce
)

// fresh returns a new, well-formed Salesforce ID with the given key prefix
// and mixed letter case, so its 15- and 18-character forms differ.
func (w *world) fresh(prefix string) ownership.SalesforceID {
	w.serial++
	return ownership.MustParseSalesforceID(fmt.Sprintf("%sxQ%010d", prefix, w.serial))
}

func (w *world) freshMember(active bool) ownership.ReplyUserID {
	w.serial++
	id := ownership.ReplyUserID(10_000 + w.serial)
	w.facts.ReplyMembers = append(w.facts.ReplyMembers, ownership.ReplyMember{ID: id, Active: active})
	return id
}

func (w *world) freshUser(active bool) ownership.SalesforceID {
	id := w.fresh("005")
	w.facts.SalesforceUsers = append(w.facts.SalesforceUsers, ownership.SalesforceUser{ID: id, Active: active})
	return id
}

var objects = []string{"Contact", "Lead", "Task", "Account", "Case"}

// genWorld draws a valid configuration: validating it against its facts
// yields nothing but default-pair-applies infos.
func genWorld(t *rapid.T) *world {
	w := &world{}
	for range rapid.IntRange(1, 6).Draw(t, "users") {
		w.users = append(w.users, w.freshUser(true))
	}
	w.facts.Queues = []ownership.Queue{}
	for range rapid.IntRange(0, 3).Draw(t, "queues") {
		objs := rapid.SliceOfDistinct(rapid.SampledFrom([]string{"Lead", "Case", "Task"}), rapid.ID).Draw(t, "queue objects")
		w.facts.Queues = append(w.facts.Queues, ownership.Queue{ID: w.fresh("00G"), Objects: append([]string{}, objs...)})
	}
	for range rapid.IntRange(1, 6).Draw(t, "members") {
		w.members = append(w.members, w.freshMember(true))
	}
	w.facts.ReplyMembers[0].IntegrationEnabled = true
	w.facts.TeamOwner = w.members[0]
	w.facts.Workspace = rapid.SampledFrom([]ownership.WorkspaceMode{ownership.TeamEdition, ownership.PrivateMode}).Draw(t, "workspace")
	w.cfg.SalesforceUser = w.users[0]
	w.cfg.ReplyUser = w.members[0]

	var sources []ownership.SalesforceID // Salesforce → Reply sources: users and queues
	sources = append(sources, w.users...)
	for _, q := range w.facts.Queues {
		sources = append(sources, q.ID)
	}
	writesTo := map[string]bool{}
	for k := range rapid.IntRange(1, 6).Draw(t, "steps") {
		s := syncstep.Step{
			Key:       fmt.Sprintf("step_%d", k),
			Object:    rapid.SampledFrom(objects).Draw(t, "object"),
			Direction: rapid.SampledFrom([]ownership.Direction{s2r, r2s}).Draw(t, "direction"),
		}
		if rapid.Bool().Draw(t, "filter") {
			s.Filters = []syncstep.Filter{{Field: "LeadSource", Operator: syncstep.OpEquals, Values: []string{"Web"}}}
		}
		n := rapid.IntRange(0, 5).Draw(t, "pairs")
		if s.Direction == s2r {
			idx := rapid.SliceOfNDistinct(rapid.IntRange(0, len(sources)-1), 0, min(n, len(sources)), rapid.ID).Draw(t, "sources")
			for _, i := range idx {
				s.Mappings = append(s.Mappings, ownership.Pair{Salesforce: sources[i], Reply: rapid.SampledFrom(w.members).Draw(t, "target")})
			}
			if rapid.Bool().Draw(t, "fallback") {
				s.Unmapped = syncstep.UnmappedPolicy{Action: syncstep.UnmappedFallback, Fallback: ownership.Pair{Reply: rapid.SampledFrom(w.members).Draw(t, "fallback owner")}}
			}
			if rapid.Bool().Draw(t, "sequence") {
				var reached []ownership.ReplyUserID
				for _, p := range s.Mappings {
					reached = append(reached, p.Reply)
				}
				if !s.HasPairs() {
					reached = append(reached, w.cfg.ReplyUser)
				}
				if s.Unmapped.Action == syncstep.UnmappedFallback {
					reached = append(reached, s.Unmapped.Fallback.Reply)
				}
				owners := rapid.SliceOfN(rapid.SampledFrom(reached), 0, 3).Draw(t, "sequence owners")
				s.Sequence = &syncstep.PeopleToSequence{SequenceID: 1, Owners: owners}
			}
		} else {
			writesTo[s.Object] = true
			targets := append([]ownership.SalesforceID{}, w.users...)
			for _, q := range w.facts.Queues {
				if q.MayOwn(s.Object) {
					targets = append(targets, q.ID)
				}
			}
			idx := rapid.SliceOfNDistinct(rapid.IntRange(0, len(w.members)-1), 0, min(n, len(w.members)), rapid.ID).Draw(t, "sources")
			for _, i := range idx {
				s.Mappings = append(s.Mappings, ownership.Pair{Salesforce: rapid.SampledFrom(targets).Draw(t, "target"), Reply: w.members[i]})
			}
			switch rapid.IntRange(0, 2).Draw(t, "unmapped") {
			case 1:
				s.Unmapped = syncstep.UnmappedPolicy{Action: syncstep.UnmappedFallback, Fallback: ownership.Pair{Salesforce: rapid.SampledFrom(targets).Draw(t, "fallback owner")}}
			case 2:
				s.Unmapped = syncstep.UnmappedPolicy{Action: syncstep.UnmappedLeaveToSalesforce}
			}
		}
		w.cfg.Steps = append(w.cfg.Steps, s)
	}
	w.facts.AssignmentRuleObjects = []string{}
	for _, o := range []string{"Lead", "Case"} {
		if !writesTo[o] && rapid.Bool().Draw(t, "assignment rule") {
			w.facts.AssignmentRuleObjects = append(w.facts.AssignmentRuleObjects, o)
		}
	}
	return w
}

// nonInfo drops the infos (default-pair-applies on steps without pairs)
// from what properties compare.
func nonInfo(ds validate.Diagnostics) []found {
	return identities(append(ds.Errors(), ds.Warnings()...))
}

func TestConfig_GeneratedValidConfigurationsValidateClean(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		w := genWorld(t)
		ds := validate.Config(w.cfg, w.facts)
		for _, d := range ds {
			if d.Code != validate.CodeDefaultPairApplies {
				t.Fatalf("unexpected diagnostic on a valid configuration: %v", d)
			}
		}
	})
}

// stepWithPairs returns the index of a step of direction d that has pairs,
// appending a new valid one when there is none.
func (w *world) stepWithPairs(t *rapid.T, d ownership.Direction) int {
	var idx []int
	for i, s := range w.cfg.Steps {
		if s.Direction == d && s.HasPairs() {
			idx = append(idx, i)
		}
	}
	if len(idx) > 0 {
		return rapid.SampledFrom(idx).Draw(t, "step")
	}
	w.cfg.Steps = append(w.cfg.Steps, syncstep.Step{
		Key: "added_step", Object: "Task", Direction: d,
		Mappings: []ownership.Pair{{Salesforce: w.users[0], Reply: w.members[0]}},
	})
	return len(w.cfg.Steps) - 1
}

// addPair appends p to step i and returns the path of its field.
func (w *world) addPair(i int, p ownership.Pair, field string) string {
	w.cfg.Steps[i].Mappings = append(w.cfg.Steps[i].Mappings, p)
	return fmt.Sprintf("steps[%d].mappings[%d].%s", i, len(w.cfg.Steps[i].Mappings)-1, field)
}

// A fault breaks a valid world in one place and says what must be
// reported.
type fault func(t *rapid.T, w *world) found

var faults = map[string]fault{
	"duplicate Salesforce owner in the other ID form": func(t *rapid.T, w *world) found {
		i := w.stepWithPairs(t, s2r)
		orig := rapid.SampledFrom(w.cfg.Steps[i].Mappings).Draw(t, "repeated").Salesforce
		form := rapid.SampledFrom([]string{orig.Short(), orig.String(), swapCase(orig.String())}).Draw(t, "form")
		dup := ownership.MustParseSalesforceID(form)
		return found{sevError, validate.CodeDuplicateSalesforceOwner, w.addPair(i, ownership.Pair{Salesforce: dup, Reply: w.members[0]}, "salesforce_owner")}
	},
	"duplicate Reply owner": func(t *rapid.T, w *world) found {
		i := w.stepWithPairs(t, r2s)
		orig := rapid.SampledFrom(w.cfg.Steps[i].Mappings).Draw(t, "repeated").Reply
		return found{sevError, validate.CodeDuplicateReplyOwner, w.addPair(i, ownership.Pair{Salesforce: w.users[0], Reply: orig}, "reply_owner")}
	},
	"Owner ID filter": func(t *rapid.T, w *world) found {
		i := rapid.IntRange(0, len(w.cfg.Steps)-1).Draw(t, "step")
		s := &w.cfg.Steps[i]
		s.Filters = append(s.Filters, syncstep.Filter{Field: "OwnerId", Operator: syncstep.OpIn, Values: []string{w.users[0].String()}})
		sev := sevError
		if !s.HasPairs() {
			sev = sevWarning
		}
		return found{sev, validate.CodeOwnerIDFilterConflict, fmt.Sprintf("steps[%d].filters[%d]", i, len(s.Filters)-1)}
	},
	"unmapped sequence owner": func(t *rapid.T, w *world) found {
		i := w.stepWithPairs(t, s2r)
		s := &w.cfg.Steps[i]
		if s.Sequence == nil {
			s.Sequence = &syncstep.PeopleToSequence{}
		}
		s.Sequence.Owners = append(s.Sequence.Owners, w.freshMember(true))
		return found{sevError, validate.CodeUnmappedSequenceOwner, fmt.Sprintf("steps[%d].people_to_sequence.owners[%d]", i, len(s.Sequence.Owners)-1)}
	},
	"queue on a Contact step": func(t *rapid.T, w *world) found {
		q := w.fresh("00G")
		objs := rapid.SliceOfDistinct(rapid.SampledFrom([]string{"Lead", "Case", "Task"}), rapid.ID).Draw(t, "queue objects")
		w.facts.Queues = append(w.facts.Queues, ownership.Queue{ID: q, Objects: append([]string{}, objs...)})
		w.cfg.Steps = append(w.cfg.Steps, syncstep.Step{
			Key: "contacts_from_reply", Object: "Contact", Direction: r2s,
			Mappings: []ownership.Pair{{Salesforce: q, Reply: w.members[0]}},
		})
		return found{sevError, validate.CodeQueueNotAllowed, fmt.Sprintf("steps[%d].mappings[0].salesforce_owner", len(w.cfg.Steps)-1)}
	},
	"inactive target": func(t *rapid.T, w *world) found {
		if rapid.Bool().Draw(t, "salesforce target") {
			i := w.stepWithPairs(t, r2s)
			return found{sevError, validate.CodeInactiveOwner, w.addPair(i, ownership.Pair{Salesforce: w.freshUser(false), Reply: w.freshMember(true)}, "salesforce_owner")}
		}
		i := w.stepWithPairs(t, s2r)
		return found{sevError, validate.CodeInactiveOwner, w.addPair(i, ownership.Pair{Salesforce: w.freshUser(true), Reply: w.freshMember(false)}, "reply_owner")}
	},
	"inactive source": func(t *rapid.T, w *world) found {
		if rapid.Bool().Draw(t, "salesforce source") {
			i := w.stepWithPairs(t, s2r)
			return found{sevWarning, validate.CodeInactiveOwner, w.addPair(i, ownership.Pair{Salesforce: w.freshUser(false), Reply: w.members[0]}, "salesforce_owner")}
		}
		i := w.stepWithPairs(t, r2s)
		return found{sevWarning, validate.CodeInactiveOwner, w.addPair(i, ownership.Pair{Salesforce: w.users[0], Reply: w.freshMember(false)}, "reply_owner")}
	},
	"unknown owner": func(t *rapid.T, w *world) found {
		d := rapid.SampledFrom([]ownership.Direction{s2r, r2s}).Draw(t, "direction")
		i := w.stepWithPairs(t, d)
		if rapid.Bool().Draw(t, "unknown Salesforce owner") {
			var reply ownership.ReplyUserID = w.members[0]
			if d == r2s {
				reply = w.freshMember(true)
			}
			return found{sevError, validate.CodeUnknownSalesforceOwner, w.addPair(i, ownership.Pair{Salesforce: w.fresh("005"), Reply: reply}, "salesforce_owner")}
		}
		sf := w.users[0]
		if d == s2r {
			sf = w.freshUser(true)
		}
		w.serial++
		return found{sevError, validate.CodeUnknownReplyOwner, w.addPair(i, ownership.Pair{Salesforce: sf, Reply: ownership.ReplyUserID(90_000 + w.serial)}, "reply_owner")}
	},
	"not-an-owner ID": func(t *rapid.T, w *world) found {
		d := rapid.SampledFrom([]ownership.Direction{s2r, r2s}).Draw(t, "direction")
		i := w.stepWithPairs(t, d)
		prefix := rapid.SampledFrom([]string{"003", "001", "00Q", "500"}).Draw(t, "prefix")
		reply := w.members[0]
		if d == r2s {
			reply = w.freshMember(true)
		}
		return found{sevError, validate.CodeNotAnOwnerID, w.addPair(i, ownership.Pair{Salesforce: w.fresh(prefix), Reply: reply}, "salesforce_owner")}
	},
	"missing direction": func(t *rapid.T, w *world) found {
		i := rapid.IntRange(0, len(w.cfg.Steps)-1).Draw(t, "step")
		w.cfg.Steps[i].Direction = ownership.DirectionUnspecified
		return found{sevError, validate.CodeMissingDirection, fmt.Sprintf("steps[%d].direction", i)}
	},
	"missing object": func(t *rapid.T, w *world) found {
		i := rapid.IntRange(0, len(w.cfg.Steps)-1).Draw(t, "step")
		w.cfg.Steps[i].Object = ""
		return found{sevError, validate.CodeMissingObject, fmt.Sprintf("steps[%d].object", i)}
	},
	"duplicate step key": func(t *rapid.T, w *world) found {
		if len(w.cfg.Steps) < 2 {
			w.cfg.Steps = append(w.cfg.Steps, w.cfg.Steps[0].Clone())
		}
		j := rapid.IntRange(1, len(w.cfg.Steps)-1).Draw(t, "later")
		i := rapid.IntRange(0, j-1).Draw(t, "earlier")
		w.cfg.Steps[j].Key = w.cfg.Steps[i].Key
		return found{sevError, validate.CodeDuplicateStep, fmt.Sprintf("steps[%d].key", j)}
	},
	"inactive fallback owner": func(t *rapid.T, w *world) found {
		i := w.stepWithPairs(t, r2s)
		w.cfg.Steps[i].Unmapped = syncstep.UnmappedPolicy{Action: syncstep.UnmappedFallback, Fallback: ownership.Pair{Salesforce: w.freshUser(false)}}
		return found{sevError, validate.CodeInvalidFallbackOwner, fmt.Sprintf("steps[%d].unmapped.salesforce_owner", i)}
	},
}

func swapCase(s string) string {
	b := []byte(s)
	for i, c := range b {
		switch {
		case 'a' <= c && c <= 'z':
			b[i] = c - 'a' + 'A'
		case 'A' <= c && c <= 'Z':
			b[i] = c - 'A' + 'a'
		}
	}
	return string(b)
}

func TestConfig_OneGeneratedFaultYieldsExactlyItsDiagnostic(t *testing.T) {
	names := make([]string, 0, len(faults))
	for n := range faults {
		names = append(names, n)
	}
	slices.Sort(names)
	rapid.Check(t, func(t *rapid.T) {
		w := genWorld(t)
		name := rapid.SampledFrom(names).Draw(t, "fault")
		want := faults[name](t, w)
		got := nonInfo(validate.Config(w.cfg, w.facts))
		if diff := cmp.Diff([]found{want}, got); diff != "" {
			t.Fatalf("%s: errors and warnings (-want +got):\n%s", name, diff)
		}
	})
}

func TestConfig_IsDeterministicPureAndIgnoresTheOrderOfFacts(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		w := genWorld(t)
		if rapid.Bool().Draw(t, "with a fault") {
			names := make([]string, 0, len(faults))
			for n := range faults {
				names = append(names, n)
			}
			slices.Sort(names)
			faults[rapid.SampledFrom(names).Draw(t, "fault")](t, w)
		}
		if rapid.Bool().Draw(t, "teammates") {
			for i := range w.facts.ReplyMembers {
				w.facts.ReplyMembers[i].IntegrationEnabled = true
			}
		}
		cfgBefore, factsBefore := w.cfg.Clone(), cloneFacts(w.facts)
		first := validate.Config(w.cfg, w.facts)
		if !reflect.DeepEqual(cfgBefore, w.cfg) || !reflect.DeepEqual(factsBefore, w.facts) {
			t.Fatalf("Config modified its input")
		}
		again := validate.Config(w.cfg, w.facts)
		if diff := cmp.Diff(first, again); diff != "" {
			t.Fatalf("second call differs (-first +again):\n%s", diff)
		}
		shuffled := w.facts
		shuffled.SalesforceUsers = permute(t, w.facts.SalesforceUsers, "users")
		shuffled.Queues = permute(t, w.facts.Queues, "queues")
		shuffled.ReplyMembers = permute(t, w.facts.ReplyMembers, "members")
		shuffled.AssignmentRuleObjects = permute(t, w.facts.AssignmentRuleObjects, "rule objects")
		if diff := cmp.Diff(first, validate.Config(w.cfg, shuffled)); diff != "" {
			t.Fatalf("shuffled facts give other diagnostics (-in order +shuffled):\n%s", diff)
		}
		sorted := slices.Clone(first)
		resorted := rapid.Permutation(sorted).Draw(t, "diagnostics")
		validate.Diagnostics(resorted).Sort()
		if diff := cmp.Diff(first, validate.Diagnostics(resorted)); diff != "" {
			t.Fatalf("Sort is not canonical (-returned +re-sorted):\n%s", diff)
		}
	})
}

func cloneFacts(f validate.Facts) validate.Facts {
	f.SalesforceUsers = slices.Clone(f.SalesforceUsers)
	f.Queues = slices.Clone(f.Queues)
	for i := range f.Queues {
		f.Queues[i].Objects = slices.Clone(f.Queues[i].Objects)
	}
	f.AssignmentRuleObjects = slices.Clone(f.AssignmentRuleObjects)
	f.ReplyMembers = slices.Clone(f.ReplyMembers)
	return f
}

// permute returns a shuffled copy of s that is nil exactly when s is (in
// Facts, nil means "not known").
func permute[S ~[]E, E any](t *rapid.T, s S, label string) S {
	if s == nil {
		return nil
	}
	return append(S{}, rapid.Permutation(s).Draw(t, label)...)
}

func TestJSON_AgreesWithConfigOnEncodedConfigurations(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		w := genWorld(t)
		doc, err := syncstep.EncodeConfig(w.cfg)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(validate.Config(w.cfg, w.facts), withoutPositions(validate.JSON(doc, w.facts))); diff != "" {
			t.Fatalf("JSON and Config differ (-Config +JSON):\n%s", diff)
		}
	})
}
