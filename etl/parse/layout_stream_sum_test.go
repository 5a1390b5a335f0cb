package parse

import (
	"strings"
	"testing"
)

// streamRows builds matrix rows from "label v1 v2 …" lines.
func streamRows(spec string) []streamRow {
	var rows []streamRow
	for _, ln := range strings.Split(spec, "\n") {
		var toks []streamToken
		for _, w := range strings.Fields(ln) {
			toks = append(toks, streamToken{text: w})
		}
		rows = append(rows, streamRow{label: toks[0].text, key: readHeaderLabel(toks[0].text).key, toks: toks})
	}
	return rows
}

// A breakdown's part that lost a blank cell is placed by the parent's
// figures minus the other part's; anything the arithmetic does not fix
// exactly stays unplaced.
func TestStreamRowBySum(t *testing.T) {
	for _, tt := range []struct {
		name, rows string
		r          int
		want       string // placed cells joined by "|", "" when not placed
	}{
		{"first part, first cell blank", "公务用车 11.86 41.46 39.30\n其中:公车购置 29.46 29.46\n公车运行维护 11.86 12 9.84", 1, "|29.46|29.46"},
		{"first part, last cell blank", "公务用车 10 20 0\n其中:公车购置 4 8\n公车运行维护 6 12 0", 1, "4|8|"},
		{"second part", "公务用车 0 20 18\n其中:公车购置 0 8 8\n公车运行维护 12 10", 2, "|12|10"},
		{"more differences than figures", "公务用车 10 20 18\n其中:公车购置 0 8 8\n公车运行维护 12 10", 2, ""},
		{"second part with a third after it", "公务用车 0 20 18\n其中:公车购置 0 8 8\n公车运行维护 12 10\n车辆保险 1 1 1", 2, ""},
		{"difference not a figure of the row", "公务用车 11.86 41.46 39.30\n其中:公车购置 29.46 28\n公车运行维护 11.86 12 9.84", 1, ""},
		{"a figure left over", "公务用车 10 20 10\n其中:公车购置 8 8\n公车运行维护 10 12 10", 1, ""},
		{"negative difference", "公务用车 10 20 18\n其中:公车购置 12 8\n公车运行维护 10 32 10", 1, ""},
		{"no breakdown", "公务用车 10 20 18\n公车购置 8 8\n公车运行维护 10 12 10", 1, ""},
		{"parent not full", "公务用车 10 20\n其中:公车购置 8 8\n公车运行维护 10 12 10", 1, ""},
		{"sibling a rate", "公务用车 10 20 18\n其中:公车购置 8 8\n公车运行维护 2% 12 10", 1, ""},
		{"first row of the matrix", "其中:公车购置 8 8\n公车运行维护 10 12 10", 0, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := streamRowBySum(streamRows(tt.rows), tt.r, 3)
			if !ok {
				if tt.want != "" {
					t.Fatalf("not placed, want %q", tt.want)
				}
				return
			}
			if s := strings.Join(got, "|"); s != tt.want {
				t.Fatalf("placed %q, want %q", s, tt.want)
			}
		})
	}
}

func FuzzStreamRowBySum(f *testing.F) {
	f.Add("公务用车 11.86 41.46 39.30\n其中:公车购置 29.46 29.46\n公车运行维护 11.86 12 9.84", 1, 3)
	f.Add("a 1 2 3\n其中b 1\nc 0 2 2", 1, 3)
	f.Add("a (1) 2 3\n其中b 1,0\nc 1e3 2 2", 2, 2)
	f.Fuzz(func(t *testing.T, spec string, r, n int) {
		var rows []streamRow
		for _, ln := range strings.Split(spec, "\n") {
			if len(strings.Fields(ln)) == 0 {
				return
			}
		}
		rows = streamRows(spec)
		if r < 0 || r >= len(rows) || n < 1 || n > 8 || len(rows[r].values()) >= n {
			return
		}
		got, ok := streamRowBySum(rows, r, n)
		if !ok {
			return
		}
		// Placed cells are the row's figures, each once, in order.
		var placed []string
		for _, c := range got {
			if c != "" {
				placed = append(placed, c)
			}
		}
		if len(got) != n || strings.Join(placed, "\x00") != strings.Join(rows[r].values(), "\x00") {
			t.Fatalf("placed %q from %q", got, rows[r].values())
		}
	})
}
