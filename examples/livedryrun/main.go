package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/ownermap/ownermap/adapters"
	"github.com/ownermap/ownermap/adapters/reply"
	"github.com/ownermap/ownermap/adapters/salesforce"
	"github.com/ownermap/ownermap/ownership"
	"github.com/ownermap/ownermap/syncstep"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Getenv, os.Stdout, os.Stderr, http.DefaultClient)
	stop()
	os.Exit(code)
}

// variable is one environment variable the program reads.
type variable struct {
	name, help string
	required   bool
}

var variables = []variable{
	{"SALESFORCE_INSTANCE_URL", "the org's instance URL, e.g. https://yourdomain.my.salesforce.com", true},
	{"SALESFORCE_ACCESS_TOKEN", "an OAuth access token for the org", true},
	{"REPLY_API_KEY", "a Reply API key", true},
	{"OWNERMAP_CONFIG", "path to the integration's JSON config (syncstep.EncodeConfig)", true},
	{"OWNERMAP_STEP", "the step to dry-run (default " + syncstep.StepContactsToPeople + ")", false},
	{"OWNERMAP_LIMIT", "the most records to read (default 10000)", false},
	{"SALESFORCE_API_VERSION", "REST API version (default " + salesforce.DefaultAPIVersion + ")", false},
	{"REPLY_BASE_URL", "Reply API host (default " + reply.DefaultBaseURL + ")", false},
	{"REPLY_AUTH_HEADER", `"Authorization" (Bearer, the default) or "X-API-Key"`, false},
}

// usageError is a problem with the environment: exit 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usage(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// maxListed bounds the changes and skips printed.
const maxListed = 20

func run(ctx context.Context, getenv func(string) string, stdout, stderr io.Writer, hc *http.Client) int {
	var missing []string
	for _, v := range variables {
		if v.required && strings.TrimSpace(getenv(v.name)) == "" {
			missing = append(missing, v.name)
		}
	}
	if len(missing) > 0 {
		fmt.Fprintf(stderr, "livedryrun: missing %s\n\nlivedryrun reads these environment variables:\n", strings.Join(missing, ", "))
		tw := tabwriter.NewWriter(stderr, 2, 8, 2, ' ', 0)
		for _, v := range variables {
			req := "optional"
			if v.required {
				req = "required"
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\n", v.name, req, v.help)
		}
		tw.Flush()
		return 2
	}
	err := dryRun(ctx, getenv, stdout, hc)
	var ue *usageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ue):
		fmt.Fprintln(stderr, "livedryrun:", err)
		return 2
	default:
		fmt.Fprintf(stderr, "livedryrun: %v (%s)\n", err, adapters.KindOf(err))
		return 1
	}
}

func dryRun(ctx context.Context, getenv func(string) string, w io.Writer, hc *http.Client) error {
	data, err := os.ReadFile(getenv("OWNERMAP_CONFIG"))
	if err != nil {
		return usage("OWNERMAP_CONFIG: %v", err)
	}
	cfg, err := syncstep.DecodeConfig(data)
	if err != nil {
		return usage("OWNERMAP_CONFIG: %v", err)
	}
	key := getenv("OWNERMAP_STEP")
	if key == "" {
		key = syncstep.StepContactsToPeople
	}
	plan, err := syncstep.Compile(cfg, key)
	if err != nil {
		return usage("OWNERMAP_STEP %q: %v", key, err)
	}
	limit := 10000
	if s := getenv("OWNERMAP_LIMIT"); s != "" {
		if limit, err = strconv.Atoi(s); err != nil || limit < 1 {
			return usage("OWNERMAP_LIMIT %q: want a positive integer", s)
		}
	}
	sf, err := salesforce.New(hc, getenv("SALESFORCE_INSTANCE_URL"), &salesforce.Options{
		APIVersion: getenv("SALESFORCE_API_VERSION"),
		Header:     http.Header{"Authorization": {"Bearer " + getenv("SALESFORCE_ACCESS_TOKEN")}},
	})
	if err != nil {
		return usage("SALESFORCE_INSTANCE_URL or SALESFORCE_API_VERSION: %v", err)
	}
	var auth http.Header
	switch h := getenv("REPLY_AUTH_HEADER"); {
	case h == "" || strings.EqualFold(h, "Authorization"):
		auth = http.Header{"Authorization": {"Bearer " + getenv("REPLY_API_KEY")}}
	case strings.EqualFold(h, "X-API-Key"):
		auth = http.Header{"X-Api-Key": {getenv("REPLY_API_KEY")}}
	default:
		return usage(`REPLY_AUTH_HEADER %q: want "Authorization" or "X-API-Key"`, h)
	}
	rp, err := reply.New(hc, &reply.Options{BaseURL: getenv("REPLY_BASE_URL"), Header: auth})
	if err != nil {
		return usage("REPLY_BASE_URL: %v", err)
	}

	me, err := rp.WhoAmI(ctx)
	if err != nil {
		return fmt.Errorf("reply whoami: %w", err)
	}
	fmt.Fprintf(w, "Reply key acts as user %s\n", me)

	step := plan.Step()
	var src adapters.RecordSource = sf
	from := "Salesforce " + step.Object
	if step.Direction == ownership.ReplyToSalesforce {
		src, from = rp, "Reply contacts"
	}
	fmt.Fprintf(w, "Step %s (%s), reading %s\n", step.Key, step.Direction.Arrow(), from)

	var records []syncstep.Record
	for r, err := range src.Records(ctx, step, "") {
		if err != nil {
			return fmt.Errorf("read %s: %w", from, err)
		}
		records = append(records, r.Record)
		if len(records) == limit {
			fmt.Fprintf(w, "Stopped at OWNERMAP_LIMIT=%d records\n", limit)
			break
		}
	}
	rep := plan.DryRun(slices.Values(records))
	c := rep.Counts
	fmt.Fprintf(w, "%d records: %d would change owner, %d unchanged, %d skipped, %d left to Salesforce, %d enrolled in the sequence\n",
		c.Records, c.Changes, c.Unchanged, c.Skipped, c.LeftToSalesforce, c.Enrolled)
	tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', 0)
	if len(rep.Changes) > 0 {
		fmt.Fprintln(tw, "\nRECORD\tFROM\tTO\tWHY")
		for _, ch := range rep.Changes[:min(len(rep.Changes), maxListed)] {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", ch.Record.ID, orNone(ch.From()), ch.To(), ch.Decision.Why())
		}
	}
	if len(rep.Skips) > 0 {
		fmt.Fprintln(tw, "\nSKIPPED\tOWNER\tWHY")
		for _, s := range rep.Skips[:min(len(rep.Skips), maxListed)] {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", s.Record.ID, s.Decision.Source(), s.Reason())
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w, "\nNothing was written.")
	return nil
}

func orNone(s string) string {
	if s == "" {
		return "(unknown)"
	}
	return s
}
