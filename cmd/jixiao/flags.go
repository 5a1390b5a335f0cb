package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// newFlags returns a FlagSet that reports errors instead of exiting.
func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// helpRequested is returned by parseFlags for -h/--help: run prints the
// command's usage on stdout and exits 0.
type helpRequested struct{ fs *flag.FlagSet }

func (h helpRequested) Error() string { return "help requested" }

// printHelp writes a command's lines of the usage text and its flags.
func (h helpRequested) printHelp(w io.Writer) {
	fmt.Fprintln(w, "usage:")
	lines := strings.Split(usage, "\n")
	for i, l := range lines {
		if !strings.HasPrefix(l, "  jixiao "+h.fs.Name()+" ") {
			continue
		}
		fmt.Fprintln(w, l)
		for _, cont := range lines[i+1:] {
			if !strings.HasPrefix(cont, "    ") {
				break
			}
			fmt.Fprintln(w, cont)
		}
	}
	fmt.Fprintln(w, "\nflags:")
	h.fs.SetOutput(w)
	h.fs.PrintDefaults()
	h.fs.SetOutput(io.Discard)
}

// parseFlags parses args; a flag left unset takes its JIXIAO_* environment
// variable. Flags may also follow the arguments (jixiao sql "SELECT …" --format csv);
// after "--" everything is an argument.
func parseFlags(fs *flag.FlagSet, args []string) error {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return helpRequested{fs: fs}
			}
			return fmt.Errorf("%w (see `jixiao %s --help`)", err, fs.Name())
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			positional = append(positional, rest...)
			break
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
	// Parse leaves the arguments in fs.Args(); put the collected ones there.
	if err := fs.Parse(append([]string{"--"}, positional...)); err != nil {
		return err
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		if set[f.Name] || err != nil {
			return
		}
		env := "JIXIAO_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		if v, ok := os.LookupEnv(env); ok {
			if e := f.Value.Set(v); e != nil {
				err = fmt.Errorf("%s=%q: %w", env, v, e)
			}
		}
	})
	return err
}
