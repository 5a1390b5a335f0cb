package report

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestFiscalYearUnknownIsNull(t *testing.T) {
	for _, tc := range []struct {
		year int
		want string
	}{{0, `"fiscal_year":null`}, {2021, `"fiscal_year":2021`}} {
		b, err := json.Marshal(Report{FiscalYear: tc.year, Unit: Unit{Name: "单位"}})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), tc.want) || strings.Count(string(b), `"fiscal_year"`) != 1 {
			t.Errorf("year %d: %s", tc.year, b)
		}
		var back Report
		if err := json.Unmarshal(b, &back); err != nil || back.FiscalYear != tc.year || back.Unit.Name != "单位" {
			t.Errorf("round trip %d: %+v %v", tc.year, back, err)
		}
	}
}
