package kpi

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"jixiao/etl/cjk"
	"jixiao/etl/number"
	"jixiao/report"
)

var (
	// dateRE is a day such as 4月29日 or 2021年4月29日 (the first day of a range).
	dateRE = regexp.MustCompile(`(?:((?:19|20)[0-9]{2})\s*年\s*)?([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日`)
	// cityRE is "在长沙市…", "在福建省厦门市…".
	cityRE = regexp.MustCompile(`在(?:\p{Han}{2,3}省)?(\p{Han}{2,4}?)(?:市|州|县)`)
	// cityParenRE is the city in an event name: "…（长沙）农业…".
	cityParenRE = regexp.MustCompile(`[（(](\p{Han}{2,4})[）)]`)
	// cityHeldRE is "在岳阳举行".
	cityHeldRE = regexp.MustCompile(`在(\p{Han}{2,4}?)(?:隆重)?(?:举行|举办|召开)`)
	// nameStartRE ends at the verb or punctuation right before an event name.
	nameStartRE = regexp.MustCompile(`(?:举办|承办|主办|协办|举行|召开|参加|出席|组织|开展)了?|[，,：:；;、]`)

	// The finders of dateRE and nameStartRE: both run on long sentences, and
	// neither starts with a literal string (see finder).
	dateFinder      = newFinder(dateRE)
	nameStartFinder = newFinder(nameStartRE)
)

// mayHoldDate is the cheap test before dateRE: a day needs 月 and 日.
func mayHoldDate(s string) bool {
	return cjk.Contains(s, "日") && cjk.Contains(s, "月")
}

const maxNameRunes = 60

// events finds investment-promotion events in one paragraph or cell: a sentence
// with an event keyword (招商推介会, 签约仪式, 博览会, …) and a date gives the
// event; the sentences after it, up to the next dated sentence or the next
// event, give the projects and amounts released and signed.
func (s *scanner) events(text string, sents []sentence, loc location) {
	ev := &s.d.events
	if len(ev.keywordList) == 0 {
		return
	}
	for i := range sents {
		se := &sents[i]
		if se.target {
			continue
		}
		k := s.eventKeyword(se)
		if k == nil {
			continue
		}
		e, ok := s.eventHead(se, k)
		if !ok {
			continue
		}
		last := i
		mode := ""
		s.eventFigures(&e, se.norm[k[1]:], &mode)
		for j := i + 1; j < len(sents) && j-i < ev.maxSentences; j++ {
			next := &sents[j]
			if s.eventStop(next) {
				break
			}
			if s.eventFigures(&e, next.norm, &mode) {
				last = j
			}
		}
		key := e.Date + "\x00" + e.Name
		if s.seenEvent[key] {
			continue
		}
		s.seenEvent[key] = true
		e.Evidence = loc.evidence(eventEvidence(text, se, &sents[last]))
		s.res.Events = append(s.res.Events, e)
	}
}

// eventKeyword returns the span of the first event keyword of a sentence that
// does not sit inside a title 《…》 (an article about an event is no event);
// at one position the longest keyword wins (招商推介会 over 推介会).
func (s *scanner) eventKeyword(se *sentence) []int {
	ev := &s.d.events
	if !se.lits.anyOf(ev.keywordIDs) {
		return nil
	}
	var best []int
	titled := cjk.Contains(se.norm, "《") // else no keyword is in a title
	for k, kw := range ev.keywordList {
		if !se.lits.anyOf(ev.keywordIDs[k : k+1]) {
			continue // the literal set tells which keywords the sentence holds
		}
		for from := 0; ; {
			i := cjk.Index(se.norm[from:], kw)
			if i < 0 {
				break
			}
			i += from
			from = i + len(kw)
			if titled && insideTitle(se.norm[:i]) {
				continue
			}
			if best == nil || i < best[0] || (i == best[0] && i+len(kw) > best[1]) {
				best = []int{i, i + len(kw)}
			}
			break
		}
	}
	return best
}

// insideTitle reports whether text ends inside an open 《.
func insideTitle(before string) bool {
	return strings.LastIndex(before, "《") > strings.LastIndex(before, "》")
}

// eventHead reads date, city and name from the keyword sentence.
func (s *scanner) eventHead(se *sentence, k []int) (report.Event, bool) {
	var e report.Event
	if !mayHoldDate(se.norm[:k[0]]) {
		return e, false
	}
	d := dateFinder.Find(se.norm[:k[0]])
	if d == nil {
		return e, false
	}
	year := s.year
	if d[2] >= 0 {
		year, _ = strconv.Atoi(se.norm[d[2]:d[3]])
	}
	month, _ := strconv.Atoi(se.norm[d[4]:d[5]])
	day, _ := strconv.Atoi(se.norm[d[6]:d[7]])
	t := time.Date(2000, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if month < 1 || month > 12 || t.Day() != day {
		return e, false // 2月30日 is no date
	}
	if year > 0 {
		if tt := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC); tt.Day() == day {
			e.Date = fmt.Sprintf("%04d-%02d-%02d", year, month, day)
		}
	}
	e.Name = s.eventName(se, d[1], k)
	e.City = s.eventCity(se, e.Name)
	return e, true
}

// eventName is the phrase ending with the keyword, from the last verb
// (举办, 承办, …) or punctuation before it, and after the date.
func (s *scanner) eventName(se *sentence, dateEnd int, k []int) string {
	from := dateEnd
	for _, m := range nameStartFinder.FindAll(se.norm[dateEnd:k[0]]) {
		from = dateEnd + m[1]
	}
	name := strings.TrimSpace(se.origText(from, k[1]))
	name = strings.TrimLeft(name, "了的是")
	if utf8.RuneCountInString(name) > maxNameRunes {
		r := []rune(name)
		name = string(r[len(r)-maxNameRunes:])
	}
	return name
}

func (s *scanner) eventCity(se *sentence, name string) string {
	if m := cityRE.FindStringSubmatch(se.norm); m != nil {
		return m[1]
	}
	for _, m := range cityParenRE.FindAllStringSubmatch(number.Normalize(name), -1) {
		if !slices.Contains(s.d.events.notCities, m[1]) {
			return m[1]
		}
	}
	if m := cityHeldRE.FindStringSubmatch(se.norm); m != nil {
		return m[1]
	}
	return ""
}

// eventStop ends an event's sentences: a new dated sentence, an enumeration
// (二是…) or the next event.
func (s *scanner) eventStop(se *sentence) bool {
	if matchesAny(s.d.events.stops, se.norm) {
		return true
	}
	return mayHoldDate(se.norm) && s.eventKeyword(se) != nil && dateRE.MatchString(se.norm)
}

// eventFigures reads projects (个/项) and money from the clauses of text. A
// clause with a "released" word (发布) or a "signed" word (签约) switches the
// mode; "其中" starts a breakdown whose parts are not the event's totals. It
// reports whether text gave a figure, so that the evidence ends there.
func (s *scanner) eventFigures(e *report.Event, text string, mode *string) bool {
	found := false
	ev := &s.d.events
	for rest := text; rest != ""; {
		clause := rest
		if i, size := indexComma(rest); i >= 0 {
			clause, rest = rest[:i], rest[i+size:]
		} else {
			rest = ""
		}
		c := strings.TrimSpace(clause)
		switch {
		case hasAnyPrefix(c, ev.breakdown):
			*mode = ""
			continue
		case cjk.ContainsAny(c, ev.signed):
			*mode = "signed"
		case cjk.ContainsAny(c, ev.released):
			*mode = "released"
		}
		if *mode == "" || !hasDigit(c) {
			continue
		}
		projects, amount := &e.ProjectsReleased, &e.AmountReleased
		if *mode == "signed" {
			projects, amount = &e.ProjectsSigned, &e.AmountSigned
		}
		for _, q := range number.Find(c) {
			if q.Malformed {
				continue
			}
			switch {
			case (q.Unit == "个" || q.Unit == "项") && *projects == nil:
				v := q.Value
				*projects, found = &v, true
			case q.Unit == moneyUnit && *amount == nil:
				v := roundMoney(q.Value)
				*amount, found = &v, true
			}
		}
	}
	return found
}

// indexComma returns the offset and length of the first "，" or "," in s, or
// -1.
func indexComma(s string) (int, int) {
	i := cjk.Index(s, "，")
	if j := strings.IndexByte(s, ','); j >= 0 && (i < 0 || j < i) {
		return j, 1
	}
	return i, len("，")
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// eventEvidence is the text from the keyword sentence to the last sentence that
// gave a figure.
func eventEvidence(text string, first, last *sentence) string {
	if first.start < 0 || last.end > len(text) || first.start > last.end {
		return first.orig
	}
	return strings.TrimSpace(text[first.start:last.end])
}
