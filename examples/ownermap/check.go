package main

import (
	"flag"
	"fmt"
	"strings"

	"github.com/ownermap/ownermap/validate"
)

func init() {
	var factsPath, format string
	register(command{
		name:    "check",
		args:    "CONFIG [-facts FACTS] [-format text|json]",
		summary: "Check validates a configuration against the rules catalogue and prints every problem at once: path, severity, code and message, errors first. Without -facts, the rules that need facts about the Salesforce org and the Reply team are skipped and said to be. Exit 0 when there are no errors (warnings and infos do not fail), 1 when there are, 2 when an input cannot be read.",
		example: "ownermap check samples/many-problems.json -facts samples/facts.json",
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&factsPath, "facts", "", "`FACTS` file: Salesforce users and queues, assignment rules, Reply members, team owner, workspace")
			fs.StringVar(&format, "format", "text", "output `format`: text, or json (an array of {path, severity, code, message, ...})")
		},
		run: func(e env, fs *flag.FlagSet, args []string) int {
			if !needArgs(e, fs, args, 1) || !formatFlag(e, format) {
				return exitUnusable
			}
			data, ok := readFile(e, "configuration", args[0])
			if !ok {
				return exitUnusable
			}
			var facts validate.Facts
			if factsPath != "" {
				if facts, ok = loadFacts(e, factsPath); !ok {
					return exitUnusable
				}
			}
			ds := validate.JSON(data, facts)
			if format == "json" {
				writeJSON(e, checkJSON(ds))
			} else {
				printCheck(e, args[0], ds)
			}
			if ds.HasErrors() {
				return exitProblems
			}
			return exitOK
		},
	})
}

// diagnosticJSON is one element of check -format json.
type diagnosticJSON struct {
	Path     string            `json:"path"`
	Severity validate.Severity `json:"severity"`
	Code     validate.Code     `json:"code"`
	Message  string            `json:"message"`
	Fix      string            `json:"fix,omitempty"`
	Value    string            `json:"value,omitempty"`
	Line     int               `json:"line,omitempty"`
	Column   int               `json:"column,omitempty"`
}

func checkJSON(ds validate.Diagnostics) []diagnosticJSON {
	out := make([]diagnosticJSON, 0, len(ds))
	for _, s := range []validate.Severity{validate.SeverityError, validate.SeverityWarning, validate.SeverityInfo} {
		for _, d := range ds {
			if d.Severity == s {
				out = append(out, diagnosticJSON{d.Path, d.Severity, d.Code, d.Summary, d.Detail, d.Value, d.Line, d.Column})
			}
		}
	}
	return out
}

func printCheck(e env, path string, ds validate.Diagnostics) {
	errs, warns, infos := ds.Errors(), ds.Warnings(), ds.Infos()
	fmt.Fprintf(e.stdout, "%s: %s, %s, %s\n", path, plural(len(errs), "error"), plural(len(warns), "warning"), plural(len(infos), "info"))
	for _, group := range []struct {
		title string
		ds    validate.Diagnostics
	}{{"errors", errs}, {"warnings", warns}, {"infos", infos}} {
		if len(group.ds) == 0 {
			continue
		}
		fmt.Fprintf(e.stdout, "\n%s:\n", group.title)
		for _, d := range group.ds {
			// FILE:LINE:COLUMN first, as compilers print it, so that editors
			// and terminals can jump to the place.
			fmt.Fprintf(e.stdout, "  %s: %s [%s]\n", location(path, d.Line, d.Column), orDocument(d.Path), d.Code)
			fmt.Fprintf(e.stdout, "      %s\n", d.Summary)
			if d.Detail != "" {
				fmt.Fprintf(e.stdout, "      fix: %s\n", strings.TrimSpace(d.Detail))
			}
		}
	}
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
