package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// Exit statuses.
const (
	exitOK       = 0
	exitProblems = 1
	exitUnusable = 2
)

// env is what a command reads and writes; tests supply buffers.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

type command struct {
	name, args, summary, example string
	run                          func(e env, fs *flag.FlagSet, args []string) int
	flags                        func(fs *flag.FlagSet)
}

var commands = map[string]command{}

func register(c command) { commands[c.name] = c }

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := env{stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return exitUnusable
		}
		return exitOK
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "ownermap: unknown command %q\n\n", args[0])
		usage(stderr)
		return exitUnusable
	}
	fs := flag.NewFlagSet("ownermap "+c.name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: ownermap %s %s\n\n%s\n\nexample:\n  %s\n", c.name, c.args, c.summary, c.example)
		var any bool
		fs.VisitAll(func(*flag.Flag) { any = true })
		if any {
			fmt.Fprintln(stderr, "\nflags:")
			fs.PrintDefaults()
		}
	}
	c.flags(fs)
	pos, err := parseInterspersed(fs, args[1:])
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUnusable
	}
	return c.run(e, fs, pos)
}

// parseInterspersed parses flags that may come before or after positional
// arguments ("check CONFIG -facts F" and "check -facts F CONFIG").
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "ownermap checks, resolves, plans and edits the ownership mappings of a Salesforce ↔ Reply integration.")
	fmt.Fprintln(w, "\nusage:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		c := commands[n]
		fmt.Fprintf(w, "  ownermap %-9s %s\n      %s\n", n, c.args, firstSentence(c.summary))
	}
	fmt.Fprintln(w, "\nRun \"ownermap COMMAND -h\" for details and an example.")
	fmt.Fprintln(w, "Exit status: 0 ok; 1 problems found; 2 an input cannot be read or used.")
}

func firstSentence(s string) string {
	if i := strings.Index(s, ". "); i >= 0 {
		return s[:i+1]
	}
	return s
}

// needArgs reports a usage error unless exactly n positional arguments were
// given.
func needArgs(e env, fs *flag.FlagSet, args []string, n int) bool {
	if len(args) == n {
		return true
	}
	fmt.Fprintf(e.stderr, "%s: want %d argument(s), got %d\n", fs.Name(), n, len(args))
	fs.Usage()
	return false
}
