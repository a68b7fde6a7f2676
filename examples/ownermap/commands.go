package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"slices"
	"sort"
	"text/tabwriter"

	"github.com/ownermap/ownermap/ownership"
	"github.com/ownermap/ownermap/syncstep"
)

func sortStrings(s []string) { sort.Strings(s) }

// compile compiles every step; steps that do not compile are kept with
// their error so that records naming them get a precise message.
func compile(cfg syncstep.Config) (map[string]*syncstep.Plan, map[string]error) {
	plans := map[string]*syncstep.Plan{}
	bad := map[string]error{}
	for _, s := range cfg.Steps {
		if _, dup := plans[s.Key]; dup {
			continue
		}
		if _, dup := bad[s.Key]; dup {
			continue
		}
		p, err := syncstep.CompileStep(s, cfg.DefaultPair())
		if err != nil {
			bad[s.Key] = err
			continue
		}
		plans[s.Key] = p
	}
	return plans, bad
}

// recordsFor loads the configuration at path, compiles its steps, checks
// that step (the -step flag), when given, names one that compiles, and
// returns a reader of record lines for them; resolve and plan share it.
func recordsFor(e env, path, step string) (*recordReader, bool) {
	cfg, ok := loadConfig(e, path)
	if !ok {
		return nil, false
	}
	plans, bad := compile(cfg)
	if step != "" {
		if err, isBad := bad[step]; isBad {
			fmt.Fprintf(e.stderr, "ownermap: step %q of %s cannot be resolved: %v\n", step, path, err)
			return nil, false
		}
		if _, known := plans[step]; !known {
			fmt.Fprintf(e.stderr, "ownermap: %s has no step %q; its steps are %s\n", path, step, stepList(plans, bad))
			return nil, false
		}
	}
	return &recordReader{name: "stdin", plans: plans, planErr: bad, defaultStep: step}, true
}

func init() {
	var step string
	register(command{
		name:    "resolve",
		args:    "CONFIG [-step KEY] < RECORDS",
		summary: "Resolve reads records as JSON lines on standard input ({\"id\", \"owner\", optional \"step\"}) and writes one JSON line per record: the owner on the other side, the outcome, and why. A bad line is reported on standard error with its line number, and the lines after it are still processed (exit 1 if any line was bad).",
		example: "ownermap resolve samples/clean.json -step contacts_to_people < samples/records.jsonl",
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&step, "step", "", "`KEY` of the step for records that do not name one")
		},
		run: func(e env, fs *flag.FlagSet, args []string) int {
			if !needArgs(e, fs, args, 1) {
				return exitUnusable
			}
			rr, ok := recordsFor(e, args[0], step)
			if !ok {
				return exitUnusable
			}
			enc := json.NewEncoder(e.stdout)
			enc.SetEscapeHTML(false)
			rr.each(e, e.stdin, func(pr parsedRecord) {
				d := pr.plan.Resolve(pr.record)
				_ = enc.Encode(resolution(pr, d))
			})
			if rr.bad > 0 {
				return exitProblems
			}
			return exitOK
		},
	})
}

// resolvedLine is one output line of resolve.
type resolvedLine struct {
	Line     int              `json:"line"`
	ID       string           `json:"id"`
	Step     string           `json:"step"`
	OwnerIn  string           `json:"owner_in"`
	OwnerOut string           `json:"owner_out"`
	Outcome  syncstep.Outcome `json:"outcome"`
	Pair     *int             `json:"pair"`
	Enroll   bool             `json:"enroll"`
	Why      string           `json:"why"`
}

func resolution(pr parsedRecord, d syncstep.Decision) resolvedLine {
	out := resolvedLine{Line: pr.line, ID: pr.record.ID, Step: pr.plan.Key(), OwnerIn: d.Source(), OwnerOut: d.Target(), Outcome: d.Outcome, Enroll: d.Enroll, Why: d.Why()}
	if d.Pair >= 0 {
		out.Pair = &d.Pair
	}
	return out
}

func init() {
	var step, format string
	register(command{
		name:    "plan",
		args:    "CONFIG [-step KEY] [-format text|json] < RECORDS",
		summary: "Plan is a dry run: it reads records with their current owner on the target side as JSON lines ({\"id\", \"owner\", \"current\", optional \"step\"}) and prints the ownership changes and the skips the mapping would make, with counts, without writing anything.",
		example: "ownermap plan samples/clean.json -step contacts_to_people < samples/records.jsonl",
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&step, "step", "", "`KEY` of the step for records that do not name one")
			fs.StringVar(&format, "format", "text", "output `format`: text or json")
		},
		run: func(e env, fs *flag.FlagSet, args []string) int {
			if !needArgs(e, fs, args, 1) || !formatFlag(e, format) {
				return exitUnusable
			}
			rr, ok := recordsFor(e, args[0], step)
			if !ok {
				return exitUnusable
			}
			plans := rr.plans
			var order []string
			byStep := map[string][]syncstep.Record{}
			rr.each(e, e.stdin, func(pr parsedRecord) {
				k := pr.plan.Key()
				if _, seen := byStep[k]; !seen {
					order = append(order, k)
				}
				byStep[k] = append(byStep[k], pr.record)
			})
			reports := make([]syncstep.Report, 0, len(order))
			for _, k := range order {
				reports = append(reports, plans[k].DryRun(slices.Values(byStep[k])))
			}
			if format == "json" {
				writeJSON(e, planJSON(plans, reports))
			} else {
				printPlan(e, plans, reports)
			}
			if rr.bad > 0 {
				return exitProblems
			}
			return exitOK
		},
	})
}

func formatFlag(e env, format string) bool {
	if format == "text" || format == "json" {
		return true
	}
	fmt.Fprintf(e.stderr, "ownermap: -format %q: want text or json\n", format)
	return false
}

func writeJSON(e env, v any) {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		panic(err) // only plain data is encoded here
	}
	fmt.Fprintf(e.stdout, "%s\n", b)
}

func printPlan(e env, plans map[string]*syncstep.Plan, reports []syncstep.Report) {
	if len(reports) == 0 {
		fmt.Fprintln(e.stdout, "no records")
	}
	for i, r := range reports {
		if i > 0 {
			fmt.Fprintln(e.stdout)
		}
		c := r.Counts
		fmt.Fprintf(e.stdout, "step %s (%s): %d record(s): %d change(s), %d unchanged, %d skipped, %d left to Salesforce, %d enrolled\n",
			r.Step, plans[r.Step].Direction().Arrow(), c.Records, c.Changes, c.Unchanged, c.Skipped, c.LeftToSalesforce, c.Enrolled)
		if len(r.Changes) > 0 {
			fmt.Fprintln(e.stdout, "\nchanges:")
			tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "  RECORD\tFROM\tTO\tOUTCOME\tWHY")
			for _, ch := range r.Changes {
				from := ch.From()
				if from == "" {
					from = "(none)"
				}
				fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", ch.Record.ID, from, ch.To(), ch.Decision.Outcome, ch.Decision.Why())
			}
			tw.Flush()
		}
		if len(r.Skips) > 0 {
			fmt.Fprintln(e.stdout, "\nskips:")
			tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "  RECORD\tOWNER\tOUTCOME\tREASON")
			for _, s := range r.Skips {
				fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", s.Record.ID, s.Decision.Source(), s.Decision.Outcome, s.Reason())
			}
			tw.Flush()
		}
	}
}

type planStepJSON struct {
	Step    string       `json:"step"`
	Counts  countsJSON   `json:"counts"`
	Changes []changeJSON `json:"changes"`
	Skips   []skipJSON   `json:"skips"`
}

type countsJSON struct {
	Records          int `json:"records"`
	Changes          int `json:"changes"`
	Unchanged        int `json:"unchanged"`
	Skipped          int `json:"skipped"`
	LeftToSalesforce int `json:"left_to_salesforce"`
	Enrolled         int `json:"enrolled"`
}

type changeJSON struct {
	ID      string           `json:"id"`
	From    string           `json:"from"`
	To      string           `json:"to"`
	Outcome syncstep.Outcome `json:"outcome"`
	Why     string           `json:"why"`
}

type skipJSON struct {
	ID      string           `json:"id"`
	Owner   string           `json:"owner"`
	Outcome syncstep.Outcome `json:"outcome"`
	Reason  string           `json:"reason"`
}

func planJSON(plans map[string]*syncstep.Plan, reports []syncstep.Report) any {
	out := struct {
		Steps []planStepJSON `json:"steps"`
	}{Steps: []planStepJSON{}}
	for _, r := range reports {
		c := r.Counts
		ps := planStepJSON{Step: r.Step, Counts: countsJSON{c.Records, c.Changes, c.Unchanged, c.Skipped, c.LeftToSalesforce, c.Enrolled}, Changes: []changeJSON{}, Skips: []skipJSON{}}
		for _, ch := range r.Changes {
			ps.Changes = append(ps.Changes, changeJSON{ch.Record.ID, ch.From(), ch.To(), ch.Decision.Outcome, ch.Decision.Why()})
		}
		for _, s := range r.Skips {
			ps.Skips = append(ps.Skips, skipJSON{s.Record.ID, s.Decision.Source(), s.Decision.Outcome, s.Reason()})
		}
		out.Steps = append(out.Steps, ps)
	}
	return out
}

func init() {
	var factsPath, configPath, step, direction string
	register(command{
		name:    "suggest",
		args:    "-facts FACTS [-direction DIR] [-config CONFIG -step KEY]",
		summary: "Suggest proposes owner pairs by email: each active Salesforce user and active Reply member with the same email (trimmed, case-insensitive) make a pair. It prints the pairs as configuration JSON ({\"mappings\": [...]}); with -config and -step it prints the whole configuration with the suggestions added to that step, never replacing a pair already set. Emails shared by several active users are reported on standard error, not guessed.",
		example: "ownermap suggest -facts samples/facts.json -config samples/clean.json -step leads_to_people",
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&factsPath, "facts", "", "`FACTS` file with salesforce_users and reply_members (required)")
			fs.StringVar(&configPath, "config", "", "`CONFIG` file whose step receives the suggestions")
			fs.StringVar(&step, "step", "", "`KEY` of the step that receives the suggestions (with -config)")
			fs.StringVar(&direction, "direction", "salesforce_to_reply", "`DIR` of the pairs when no -config is given: salesforce_to_reply or reply_to_salesforce")
		},
		run: func(e env, fs *flag.FlagSet, args []string) int {
			if !needArgs(e, fs, args, 0) {
				return exitUnusable
			}
			if factsPath == "" || (configPath == "") != (step == "") {
				fmt.Fprintln(e.stderr, "ownermap suggest: -facts is required, and -config and -step go together")
				fs.Usage()
				return exitUnusable
			}
			facts, ok := loadFacts(e, factsPath)
			if !ok {
				return exitUnusable
			}
			dir, err := ownership.ParseDirection(direction)
			if err != nil {
				fmt.Fprintf(e.stderr, "ownermap suggest: -direction: %v\n", err)
				return exitUnusable
			}
			var cfg syncstep.Config
			var existing []ownership.Pair
			idx := -1
			if configPath != "" {
				if cfg, ok = loadConfig(e, configPath); !ok {
					return exitUnusable
				}
				if idx = cfg.StepIndex(step); idx < 0 {
					fmt.Fprintf(e.stderr, "ownermap: %s has no step %q\n", configPath, step)
					return exitUnusable
				}
				dir, existing = cfg.Steps[idx].Direction, cfg.Steps[idx].Mappings
			}
			s := syncstep.Suggest(dir, existing, facts.SalesforceUsers, facts.ReplyMembers)
			for _, a := range s.Ambiguous {
				fmt.Fprintf(e.stderr, "ownermap: not suggested: %s is used by %d active Salesforce user(s) and %d active Reply member(s)\n", a.Email, len(a.Salesforce), len(a.Reply))
			}
			if idx < 0 {
				type pair struct {
					Email string `json:"email"`
					ownership.Pair
				}
				out := struct {
					Direction string `json:"direction"`
					Mappings  []pair `json:"mappings"`
				}{Direction: dir.String(), Mappings: []pair{}}
				for i, p := range s.Pairs {
					out.Mappings = append(out.Mappings, pair{Email: s.Emails[i], Pair: p})
				}
				writeJSON(e, out)
				return exitOK
			}
			cfg.Steps[idx].Mappings = s.Merge(existing)
			return writeConfig(e, cfg)
		},
	})
}

func writeConfig(e env, cfg syncstep.Config) int {
	b, err := syncstep.EncodeConfig(cfg)
	if err != nil {
		fmt.Fprintf(e.stderr, "ownermap: %v\n", err)
		return exitUnusable
	}
	e.stdout.Write(b)
	return exitOK
}

func init() {
	var from string
	register(command{
		name:    "apply-all",
		args:    "CONFIG -from KEY",
		summary: "Apply-all carries out \"Save and apply for all steps\": it copies the pairs of step KEY to every step and prints the new configuration. It is all-or-nothing: when the copy would break a step (uniqueness depends on direction), it prints each step and owner that conflicts, prints no configuration, and exits 1.",
		example: "ownermap apply-all samples/clean.json -from contacts_to_people > all-steps.json",
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&from, "from", "", "`KEY` of the step whose pairs are copied (required)")
		},
		run: func(e env, fs *flag.FlagSet, args []string) int {
			if !needArgs(e, fs, args, 1) {
				return exitUnusable
			}
			if from == "" {
				fmt.Fprintln(e.stderr, "ownermap apply-all: -from is required")
				fs.Usage()
				return exitUnusable
			}
			cfg, ok := loadConfig(e, args[0])
			if !ok {
				return exitUnusable
			}
			out, err := syncstep.ApplyAll(cfg, from)
			var ae *syncstep.ApplyAllError
			switch {
			case errors.As(err, &ae):
				fmt.Fprintf(e.stderr, "ownermap: cannot apply the pairs of %q to all steps; nothing was changed:\n", from)
				for _, p := range ae.Problems {
					fmt.Fprintf(e.stderr, "  %v\n", p)
				}
				return exitProblems
			case err != nil:
				fmt.Fprintf(e.stderr, "ownermap: %v\n", err)
				return exitUnusable
			}
			return writeConfig(e, out)
		},
	})
}
