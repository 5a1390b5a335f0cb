package sql

import (
	"encoding/binary"
	"hash/fnv"
	"math"

	"jixiao/report"
)

// contentKey fingerprints what a report says — its unit, year, header figures
// and every item row's values and labels — leaving out what belongs to the
// file (name, format, hash, times), the evidence (blocks and sentences differ
// between a Word file and its PDF) and the findings the parser raised about
// the file. Two files of one unit-year with the same key are one report sent
// twice. items are the report's itemRows (computed once for loading).
func contentKey(r *report.Report, items [][]any) uint64 {
	h := fnv.New64a()
	var buf [8]byte
	str := func(s string) {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	val := func(v any) {
		switch x := v.(type) {
		case nil:
			h.Write([]byte{1})
		case string:
			str(x)
		case bool:
			if x {
				h.Write([]byte{2})
			} else {
				h.Write([]byte{3})
			}
		case float64:
			binary.LittleEndian.PutUint64(buf[:], math.Float64bits(x))
			h.Write(buf[:])
		case int32:
			binary.LittleEndian.PutUint32(buf[:4], uint32(x))
			h.Write(buf[:4])
		default:
			// Every value itemRows produces is one of the above; an unknown
			// type still separates fields.
			h.Write([]byte{4})
		}
	}
	ptr := func(p *float64) {
		if p == nil {
			val(nil)
			return
		}
		val(*p)
	}
	// A later date or a correction marker makes another version even when no
	// figure changed: that one is ranked, not called the same report.
	str(r.ReportDate)
	if r.Revision != nil {
		str(r.Revision.Marker)
	}
	str(r.Unit.Name)
	str(r.Contact.Name)
	str(r.Contact.Phone)
	str(r.Unit.Region)
	val(int32(r.FiscalYear))
	str(r.Scheme)
	str(r.DocumentType)
	ptr(r.Staffing.Authorized)
	ptr(r.Staffing.Actual)
	b, x, s := r.Budget, r.ExpenditureDetail, r.Score
	for _, p := range []*float64{b.Carryover, b.Initial, b.Supplementary, b.YearEndBalance, b.Adjustment,
		b.PublicUseBudget, b.PublicUseActual, b.ThreePublicBudget, b.ThreePublicActual, b.ThreePublicBudgetPrev,
		b.ProcurementBudget, b.ProcurementActual, x.WagesWelfare, x.GoodsServices, x.FamilySubsidies, x.CapitalOther, s.Total} {
		ptr(p)
	}
	str(s.Grade)
	for _, row := range items {
		switch row[itemKind] {
		case "finding", "evidence":
			continue
		}
		// Columns from kind to the flag: what the row says, not where.
		for _, v := range row[itemKind:itemEvidence] {
			val(v)
		}
	}
	return h.Sum64()
}

// Positions in itemRows' values: the kind, and the first evidence column
// (text, block, row follow the values and the flag).
const (
	itemKind     = 1
	itemEvidence = 20
)
