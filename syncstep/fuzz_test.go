package syncstep_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ownermap/ownermap/syncstep"
)

// FuzzDecodeConfig checks that decoding never panics, that every document it
// accepts survives EncodeConfig → DecodeConfig unchanged, and that every
// rejection is a *DecodeError with at least one problem, each with a code.
func FuzzDecodeConfig(f *testing.F) {
	golden, err := os.ReadFile(filepath.Join("testdata", "config.golden.json"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(golden)
	for _, s := range []string{
		``, `{}`, `null`, `[]`, `"x"`, `1`, `{"version":1}`, `{"version":1,"steps":[]}`,
		`{"version":2}`, `{"version":1} {}`, `{"version":1,"version":1}`,
		`{"version":1,"salesforce_user":"00558000001N0Ke","reply_user":9,"steps":[{"key":"contacts_to_people","direction":"salesforce_to_reply","mappings":[{"salesforce_owner":"00558000001n0keaak","reply_owner":7}]}]}`,
		`{"version":1,"steps":[{"key":"a","direction":"reply_to_salesforce","mappings":[{"salesforce_owner":"a0D30000001n7PiEAI","reply_owner":1},{"salesforce_owner":"a0D30000001n7PiEAC","reply_owner":1}],"unmapped":{"action":"leave_to_salesforce"}}]}`,
		`{"version":1,"steps":[{"key":"a","filters":[{"field":"OwnerId","operator":"in","values":["00558000001N0Ke"]}],"people_to_sequence":{"sequence_id":5,"owners":[1,2]}}]}`,
		`{"version":1,"steps":[{"key":"a","direction":"sideways","unmapped":{"action":"drop"},"filters":[{"field":"x","operator":"like","values":[1]}]}]}`,
		`{"version":1,"reply_user":-1,"salesforce_user":"00558000001N0Ke6AK","steps":[{"mappings":[{"reply_owner":1.5}]}]}`,
		`{"version":1,"reply_user":99999999999999999999}`, `{"version":1e0}`,
		`{"version":1,"steps":[{"key":"\u00e9\ud800"}]}`, "{\"version\":1,\"steps\":[{\"name\":\"\xff\"}]}",
		`{"version":1,"x":` + strings.Repeat("[", 70) + strings.Repeat("]", 70) + `}`,
		`{"a":"x`, `{"a" 1}`, "\ufeff{}", "{\"version\":1,\"steps\":[{\"key\":\"a\",}]}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := syncstep.DecodeConfig(data)
		if err != nil {
			var de *syncstep.DecodeError
			if !errors.As(err, &de) || !errors.Is(err, syncstep.ErrDecode) || len(de.Problems) == 0 {
				t.Fatalf("DecodeConfig(%q) error %#v is not a *DecodeError with problems", data, err)
			}
			for _, p := range de.Problems {
				if p.Code == "" || p.Message == "" {
					t.Fatalf("DecodeConfig(%q): problem %+v has no code or message", data, p)
				}
				if (p.Line == 0) != (p.Column == 0) || p.Line < 0 || p.Column < 0 {
					t.Fatalf("DecodeConfig(%q): problem %+v has a half position", data, p)
				}
			}
			return
		}
		enc, err := syncstep.EncodeConfig(cfg)
		if err != nil {
			t.Fatalf("EncodeConfig of a decoded config: %v", err)
		}
		back, err := syncstep.DecodeConfig(enc)
		if err != nil {
			t.Fatalf("DecodeConfig(EncodeConfig(DecodeConfig(%q))): %v\n%s", data, err, enc)
		}
		if diff := cmp.Diff(cfg, back, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("round trip of %q (-want +got):\n%s", data, diff)
		}
	})
}
