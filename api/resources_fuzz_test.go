package api

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"

	warehouse "jixiao/sql"
)

// FuzzSortKeys: any sort parameter either becomes at most three keys over the
// resource's sortable columns (nothing else reaches SQL) or a 400 whose
// message is Chinese.
func FuzzSortKeys(f *testing.F) {
	for _, s := range []string{"", "unit", "-total_score,unit", "file_name", "-", ",", "unit;drop table x", "a,b,c,d", "-fiscal_year,-grade,region,unit"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		keys, err := sortKeys(warehouse.Evaluations, raw)
		if err != nil {
			var ae *Error
			if !errors.As(err, &ae) || ae.Status != http.StatusBadRequest || !strings.Contains(ae.Message, "排序") {
				t.Fatalf("sort %q: %v", raw, err)
			}
			return
		}
		if len(keys) > 3 {
			t.Fatalf("sort %q: %d keys", raw, len(keys))
		}
		parts := strings.Split(raw, ",")
		for i := range parts {
			parts[i] = strings.TrimSpace(parts[i])
		}
		for _, k := range keys {
			c, ok := warehouse.Evaluations.Col(k.Col)
			if !ok || !c.Sort || !slices.Contains(parts, map[bool]string{true: "-", false: ""}[k.Desc]+k.Col) {
				t.Fatalf("sort %q gave key %+v", raw, k)
			}
		}
	})
}
