package api

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// Role is what a token may do; each role includes the ones below it.
type Role int

// Roles, lowest first. Public routes need no token.
const (
	Public  Role = iota // healthz, readyz, metrics, openapi.json
	Viewer              // resources and dashboards
	Analyst             // + SQL console and exports
	Admin               // + uploads, ETL runs, unmasked contact phone numbers
)

// String is the role's config name.
func (r Role) String() string {
	switch r {
	case Viewer:
		return "viewer"
	case Analyst:
		return "analyst"
	case Admin:
		return "admin"
	}
	return "public"
}

// label is the role as users read it.
func (r Role) label() string {
	switch r {
	case Viewer:
		return "查看者（viewer）"
	case Analyst:
		return "分析员（analyst）"
	case Admin:
		return "管理员（admin）"
	}
	return "公开"
}

// ParseRole reads viewer, analyst or admin.
func ParseRole(s string) (Role, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "viewer":
		return Viewer, nil
	case "analyst":
		return Analyst, nil
	case "admin":
		return Admin, nil
	}
	return Public, fmt.Errorf("未知的角色 %q（可用：viewer、analyst、admin）", s)
}

// Scope limits a token to a region (e.g. 湘西州) or to one unit; the zero
// Scope sees everything. A unit scope names the unit's canonical name.
type Scope struct {
	Region string `json:"region,omitempty" yaml:"region"`
	Unit   string `json:"unit,omitempty" yaml:"unit"`
}

// All reports whether the scope is unrestricted.
func (s Scope) All() bool { return s.Region == "" && s.Unit == "" }

// String is the scope as the audit log and messages show it.
func (s Scope) String() string {
	switch {
	case s.Unit != "":
		return "unit=" + s.Unit
	case s.Region != "":
		return "region=" + s.Region
	}
	return ""
}

// Contains reports whether a unit of the given region and names (the name as
// written and the canonical name) lies inside the scope.
func (s Scope) Contains(region string, unitNames ...string) bool {
	if s.Unit != "" {
		for _, n := range unitNames {
			if n != "" && n == s.Unit {
				return true
			}
		}
		return false
	}
	if s.Region != "" {
		return region == s.Region
	}
	return true
}

// Principal is the caller of a request: which token (by id, never the token
// itself), its role and its scope. Handlers read it with PrincipalOf.
type Principal struct {
	TokenID string
	Role    Role
	Scope   Scope
}

// Can reports whether the principal has at least role r.
func (p Principal) Can(r Role) bool { return p.Role >= r }

// SeesPhones reports whether contact phone numbers are shown unmasked (admin).
func (p Principal) SeesPhones() bool { return p.Role >= Admin }

const principalKey = "jixiao.principal"

// PrincipalOf is the caller of the request (the zero Principal on public routes).
func PrincipalOf(c *fiber.Ctx) Principal {
	p, _ := c.Locals(principalKey).(Principal)
	return p
}

// MaskPhone hides the middle of a phone number for callers below admin:
// 18012348118 reads 180****8118. Short values keep only their last digit.
func MaskPhone(phone string) string {
	r := []rune(strings.TrimSpace(phone))
	switch {
	case len(r) == 0:
		return ""
	case len(r) >= 11:
		return string(r[:3]) + "****" + string(r[len(r)-4:])
	case len(r) > 4:
		return strings.Repeat("*", len(r)-4) + string(r[len(r)-4:])
	}
	return strings.Repeat("*", len(r))
}

// TokenConfig is one configured token (config file `tokens:` or JIXIAO_TOKENS).
type TokenConfig struct {
	ID    string `yaml:"id"`
	Role  string `yaml:"role"`
	Token string `yaml:"token"`
	Scope `yaml:",inline"`
}

// MinTokenLength keeps guessable tokens out of the configuration.
const MinTokenLength = 16

// ParseTokens reads JIXIAO_TOKENS: comma-separated ROLE[@SCOPE]:TOKEN where
// SCOPE is region=NAME, unit=NAME or a bare NAME (a region). Examples:
// "viewer:…", "viewer@湘西州:…", "admin@unit=湘西州投资促进事务中心:…".
func ParseTokens(s string) ([]TokenConfig, error) {
	var out []TokenConfig
	for i, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		head, tok, ok := strings.Cut(item, ":")
		if !ok {
			return nil, fmt.Errorf("JIXIAO_TOKENS 第 %d 项缺少冒号：格式为 角色[@范围]:令牌", i+1)
		}
		tc := TokenConfig{Token: strings.TrimSpace(tok)}
		role, scope, scoped := strings.Cut(head, "@")
		tc.Role = role
		if scoped {
			sc, err := parseScope(scope)
			if err != nil {
				return nil, fmt.Errorf("JIXIAO_TOKENS 第 %d 项：%w", i+1, err)
			}
			tc.Scope = sc
		}
		out = append(out, tc)
	}
	return out, nil
}

func parseScope(s string) (Scope, error) {
	s = strings.TrimSpace(s)
	k, v, ok := strings.Cut(s, "=")
	if !ok {
		k, v = "region", s
	}
	v = strings.TrimSpace(v)
	if v == "" {
		return Scope{}, fmt.Errorf("范围 %q 为空", s)
	}
	switch strings.TrimSpace(k) {
	case "region":
		return Scope{Region: v}, nil
	case "unit":
		return Scope{Unit: v}, nil
	}
	return Scope{}, fmt.Errorf("未知的范围 %q（可用：region=地区、unit=单位全称，或直接写地区）", s)
}

// tokenSet verifies bearer tokens. It keeps only SHA-256 digests, compares
// every configured digest in constant time and never logs a token.
type tokenSet struct {
	entries []tokenEntry
}

type tokenEntry struct {
	digest [sha256.Size]byte
	p      Principal
}

func newTokenSet(cfgs []TokenConfig) (*tokenSet, error) {
	ts := &tokenSet{}
	seen := map[[sha256.Size]byte]bool{}
	ids := map[string]bool{}
	for i, tc := range cfgs {
		role, err := ParseRole(tc.Role)
		if err != nil {
			return nil, fmt.Errorf("第 %d 个令牌：%w", i+1, err)
		}
		if len(tc.Token) < MinTokenLength {
			return nil, fmt.Errorf("第 %d 个令牌（%s）太短：至少 %d 个字符", i+1, role, MinTokenLength)
		}
		if tc.Region != "" && tc.Unit != "" {
			return nil, fmt.Errorf("第 %d 个令牌：范围只能是一个地区或一个单位", i+1)
		}
		d := sha256.Sum256([]byte(tc.Token))
		if seen[d] {
			return nil, fmt.Errorf("第 %d 个令牌与前面的令牌重复", i+1)
		}
		seen[d] = true
		id := tc.ID
		if id == "" {
			// A short digest names the token in logs and the audit log without
			// revealing it.
			id = role.String() + "-" + hex.EncodeToString(d[:4])
		}
		if ids[id] {
			return nil, fmt.Errorf("令牌编号 %q 重复", id)
		}
		ids[id] = true
		ts.entries = append(ts.entries, tokenEntry{digest: d, p: Principal{TokenID: id, Role: role, Scope: tc.Scope}})
	}
	return ts, nil
}

// empty reports whether no token is configured (loopback-only, everyone admin).
func (ts *tokenSet) empty() bool { return len(ts.entries) == 0 }

// lookup finds the principal of a presented token. Every entry is compared
// so the time taken does not depend on which (if any) matched.
func (ts *tokenSet) lookup(token string) (Principal, bool) {
	d := sha256.Sum256([]byte(token))
	var found Principal
	ok := 0
	for _, e := range ts.entries {
		if subtle.ConstantTimeCompare(d[:], e.digest[:]) == 1 {
			found = e.p
			ok = 1
		}
	}
	return found, ok == 1
}

// localPrincipal is every caller when no token is configured: the server then
// listens on loopback only, like a desktop tool.
var localPrincipal = Principal{TokenID: "local", Role: Admin}

// authenticate resolves the caller and checks the route's role.
func (s *Server) authenticate(rt *Route) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if rt.Role == Public {
			return c.Next()
		}
		var p Principal
		if s.tokens.empty() {
			p = localPrincipal
		} else {
			h := c.Get(fiber.HeaderAuthorization)
			if h == "" {
				return &Error{Status: fiber.StatusUnauthorized, Code: CodeUnauthorized, Message: "需要访问令牌：请在请求头中加入 Authorization: Bearer <令牌>"}
			}
			scheme, tok, ok := strings.Cut(h, " ")
			if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(tok) == "" {
				return &Error{Status: fiber.StatusUnauthorized, Code: CodeUnauthorized, Message: "Authorization 请求头格式应为 Bearer <令牌>"}
			}
			var found bool
			p, found = s.tokens.lookup(strings.TrimSpace(tok))
			if !found {
				return &Error{Status: fiber.StatusUnauthorized, Code: CodeUnauthorized, Message: "访问令牌无效"}
			}
		}
		if !p.Can(rt.Role) {
			return Forbidden("该操作需要%s或更高权限，当前令牌是%s", rt.Role.label(), p.Role.label())
		}
		if !rt.Scoped && !p.Scope.All() {
			return Forbidden("限定范围（%s）的令牌不能使用该接口", p.Scope.String())
		}
		c.Locals(principalKey, p)
		return c.Next()
	}
}
