// Package sandboxtest holds the SQL sandbox's attack list (testdata/attacks.yaml),
// shared by the tests that run it through `jixiao sql` and through the API's
// SQL console, so both face the same statements and the same expectations.
package sandboxtest

import (
	_ "embed"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

//go:embed testdata/attacks.yaml
var attacksYAML []byte

// Attack is one statement of the list and what must happen to it.
type Attack struct {
	SQL  string `yaml:"sql"`
	Want string `yaml:"want"` // a refusal (see attacks.yaml), or Bounded / Harmless
}

// Outcomes that answer rows instead of an error.
const (
	Bounded  = "bounded"  // cut at the row cap, truncated
	Harmless = "harmless" // one harmless query remains
)

// messages are the parts of the sandbox's Chinese message a refusal must
// contain (any one of them); nil for a want that is not a refusal.
func messages(want string) []string {
	switch want {
	case "file":
		return []string{"不允许访问文件"}
	case "type":
		return []string{"只执行查询"}
	case "multi":
		return []string{"只允许一条语句"}
	case "withheld":
		return []string{"不提供函数"}
	case "badsql":
		return []string{"SQL 错误"}
	case "limit":
		return []string{"无法为这条语句加行数上限"}
	case "timeout":
		return []string{"时间限制"}
	case "memory":
		return []string{"内存上限"}
	case "runaway":
		return []string{"时间限制", "内存上限"}
	case "file_or_badsql":
		return []string{"不允许访问文件", "SQL 错误"}
	}
	return nil
}

// Places are where statements of the list aim to write files.
type Places struct {
	Data string // the data dir
	Leak string // a folder of the test's own
	Tmp  string // a unique name prefix in the system temp dir
	Cwd  string // a unique file name prefix in the working directory
}

// NewPlaces makes unique Tmp and Cwd prefixes for one test run.
func NewPlaces(data, leak string) Places {
	tag := fmt.Sprintf("jixiao-attack-%d-", os.Getpid())
	return Places{Data: data, Leak: leak, Tmp: filepath.Join(os.TempDir(), tag), Cwd: tag}
}

// Attacks is the list with the placeholders filled in.
func Attacks(p Places) ([]Attack, error) {
	var list []Attack
	if err := yaml.Unmarshal(attacksYAML, &list); err != nil {
		return nil, fmt.Errorf("attacks.yaml: %w", err)
	}
	r := strings.NewReplacer("{data}", p.Data, "{leak}", p.Leak, "{tmp}", p.Tmp, "{cwd}", p.Cwd)
	for i, a := range list {
		if messages(a.Want) == nil && a.Want != Bounded && a.Want != Harmless {
			return nil, fmt.Errorf("attacks.yaml: %q has an unknown want %q", a.SQL, a.Want)
		}
		list[i].SQL = r.Replace(a.SQL)
	}
	return list, nil
}

// Answers reports whether a must answer rows (Bounded, Harmless).
func (a Attack) Answers() bool { return a.Want == Bounded || a.Want == Harmless }

// Slow reports whether a is stopped by the time or memory limit (a test may
// give it a longer time limit so that the memory limit decides).
func (a Attack) Slow() bool { return a.Want == "memory" }

// Refused reports whether msg is the refusal a wants (false for an attack
// that should answer).
func (a Attack) Refused(msg string) bool {
	for _, m := range messages(a.Want) {
		if strings.Contains(msg, m) {
			return true
		}
	}
	return false
}

// Written lists files the statements may have written outside the data dir:
// anything in Leak and names starting with the Tmp and Cwd prefixes.
func (p Places) Written() []string {
	var out []string
	if entries, err := os.ReadDir(p.Leak); err == nil {
		for _, e := range entries {
			out = append(out, filepath.Join(p.Leak, e.Name()))
		}
	}
	for _, prefix := range []string{p.Tmp, p.Cwd} {
		m, _ := filepath.Glob(prefix + "*")
		out = append(out, m...)
	}
	sort.Strings(out)
	return out
}

// Listing is every path under dir with its size, to compare before and after.
func Listing(dir string) (string, error) {
	var out []string
	err := filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		out = append(out, fmt.Sprintf("%s %d", strings.TrimPrefix(p, dir), fi.Size()))
		return nil
	})
	sort.Strings(out)
	return strings.Join(out, "\n"), err
}
