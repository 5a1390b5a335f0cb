package extract

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// normCell is the comparison used between the txt and docx forms of the
// seed: surrounding whitespace trimmed and every internal run of whitespace
// (spaces, tabs, newlines, U+3000) collapsed to one space. The flattened text
// loses exactly that: empty paragraphs at the end of a cell and the
// difference between a line break and a paragraph break.
func normCell(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func readSeed(t *testing.T, rel string) (string, []byte) {
	t.Helper()
	shared := sharedDir(t)
	if shared == "" {
		t.Skip("seed corpus not found (../shared next to the repository root); skipping seed test")
	}
	path := filepath.Join(shared, rel)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("seed file %s not readable (%v); skipping seed test", path, err)
	}
	return path, data
}

func TestSeedTxtAndDocxAgree(t *testing.T) {
	ctx := context.Background()
	txtPath, txtData := readSeed(t, "seeds/000_6b3f55403a0e915c.txt")
	docxPath, docxData := readSeed(t, "fixtures/000_6b3f55403a0e915c.docx")

	txt, err := Extract(ctx, txtPath, txtData, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	docx, err := Extract(ctx, docxPath, docxData, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if txt.Format != "txt" || txt.Encoding != "utf-8" || docx.Format != "docx" {
		t.Fatalf("format/encoding = %s/%s and %s", txt.Format, txt.Encoding, docx.Format)
	}

	// Both: the form as one table first (the seed's first line is " \t…",
	// a cell), then the narrative report as paragraphs.
	shape := func(name string, d *Document) (*Table, []string) {
		t.Helper()
		if len(d.Blocks) == 0 || d.Blocks[0].Kind != TableBlock {
			t.Fatalf("%s: first block is not the form table", name)
		}
		var paras []string
		for i, b := range d.Blocks[1:] {
			if b.Kind != Paragraph {
				t.Fatalf("%s: block %d is a %s, want only paragraphs after the form", name, i+1, b.Kind)
			}
			paras = append(paras, b.Text)
		}
		if len(paras) < 70 || len(paras) > 90 {
			t.Errorf("%s: %d paragraphs after the form, want about 80", name, len(paras))
		}
		if !strings.HasPrefix(paras[0], "部门整体支出绩效评价报告") {
			t.Errorf("%s: first paragraph after the form = %q", name, paras[0])
		}
		return d.Blocks[0].Table, paras
	}
	tt, tp := shape("txt", txt)
	dt, dp := shape("docx", docx)

	if len(dt.Rows) != 57 {
		t.Errorf("docx form has %d rows, want 57", len(dt.Rows))
	}
	if len(tt.Rows) != len(dt.Rows) {
		t.Fatalf("txt form has %d rows, docx %d", len(tt.Rows), len(dt.Rows))
	}
	for i := range tt.Rows {
		tr, dr := tt.Rows[i].Cells, dt.Rows[i].Cells
		if len(tr) != len(dr) {
			t.Errorf("row %d: txt %d cells, docx %d", i, len(tr), len(dr))
			continue
		}
		for j := range tr {
			if a, b := normCell(tr[j].Text), normCell(dr[j].Text); a != b {
				t.Errorf("row %d cell %d differs:\n txt: %.80q\ndocx: %.80q", i, j, a, b)
			}
		}
	}
	if len(tp) != len(dp) {
		t.Errorf("txt has %d paragraphs after the form, docx %d", len(tp), len(dp))
	} else {
		for i := range tp {
			if tp[i] != dp[i] {
				t.Errorf("paragraph %d differs:\n txt: %.60q\ndocx: %.60q", i, tp[i], dp[i])
			}
		}
	}

	for name, tab := range map[string]*Table{"txt": tt, "docx": dt} {
		row := findRow(tab, "2、二级机构1")
		if row == nil {
			t.Fatalf("%s: no row 2、二级机构1", name)
		}
		got := []string{row.Cells[1].Text, row.Cells[2].Text, row.Cells[3].Text}
		if strings.Join(got, " ") != "146.95 47.84 99.11" {
			t.Errorf("%s: income row 2、二级机构1 = %q, want 146.95 / 47.84 / 99.11", name, got)
		}
	}
	// The docx keeps grid spans: the section title spans all 8 columns.
	if c := dt.Rows[0].Cells[0]; c.Span != 8 || c.Text != "一、部门（单位）基本概况" {
		t.Errorf("docx row 0 = %+v", c)
	}
}

// findRow returns the first row whose first cell is label.
func findRow(t *Table, label string) *Row {
	for i := range t.Rows {
		if len(t.Rows[i].Cells) > 3 && strings.TrimSpace(t.Rows[i].Cells[0].Text) == label {
			return &t.Rows[i]
		}
	}
	return nil
}
