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

// errNoData: a command that reads the warehouse was given no data dir.
var errNoData = errors.New("需要数据目录：--data DIR（或环境变量 JIXIAO_DATA）")

// flagMessage says in Chinese what the flag package found wrong, naming the
// flag as it was typed (--name or -name; the package always says -name).
func flagMessage(err error, args []string) string {
	msg := err.Error()
	typed := func(name string) string {
		name = strings.TrimLeft(name, "-")
		for _, a := range args {
			if a == "--" {
				break
			}
			if n, _, _ := strings.Cut(a, "="); n == "-"+name {
				return n
			}
		}
		return "--" + name
	}
	switch {
	case strings.HasPrefix(msg, "flag provided but not defined: "):
		return "未知的参数 " + typed(strings.TrimPrefix(msg, "flag provided but not defined: "))
	case strings.HasPrefix(msg, "flag needs an argument: "):
		return "参数 " + typed(strings.TrimPrefix(msg, "flag needs an argument: ")) + " 需要一个值"
	case strings.HasPrefix(msg, "bad flag syntax: "):
		return "参数写法有误：" + strings.TrimPrefix(msg, "bad flag syntax: ")
	}
	// invalid value "x" for flag -n: parse error / invalid boolean value "x" for -b: …
	if rest, ok := strings.CutPrefix(msg, "invalid "); ok {
		if i, q := strings.Index(rest, " for "), strings.Index(rest, `"`); i >= 0 && q >= 0 && q < i {
			value := rest[q:i]
			name, problem, _ := strings.Cut(strings.TrimPrefix(rest[i+len(" for "):], "flag "), ": ")
			return fmt.Sprintf("参数 %s 的值 %s 无效：%s", typed(name), value, valueProblem(errors.New(problem)))
		}
	}
	return msg
}

// valueProblem says why a flag value was refused: the flag package's own
// "parse error" and "value out of range", or a Value's own message.
func valueProblem(err error) string {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "parse error") || strings.Contains(msg, "invalid syntax"):
		return "格式不对（应为数字、时长如 30s，或 true/false）"
	case strings.Contains(msg, "out of range"):
		return "超出范围"
	case strings.Contains(msg, "time: "):
		return "不是时长（如 30s、2m）"
	}
	return msg
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
			return fmt.Errorf("%s（用法见 `jixiao %s --help`）", flagMessage(err, args), fs.Name())
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
				err = fmt.Errorf("环境变量 %s 的值 %q 无效：%s", env, v, valueProblem(e))
			}
		}
	})
	return err
}
