package api_test

import (
	"strings"
	"testing"

	"jixiao/api"
)

func TestRolesAndTokens(t *testing.T) {
	ts := startServer(t, serverOpts{tokens: roleTokens()})
	cases := []struct {
		name, method, path, header string
		status                     int
		mention                    string
	}{
		{"no token", "GET", "/api/v1/etl/runs", "", 401, "Authorization"},
		{"wrong scheme", "GET", "/api/v1/etl/runs", "Basic " + tokAdmin, 401, "Bearer"},
		{"unknown token", "GET", "/api/v1/etl/runs", "Bearer not-a-configured-token", 401, "令牌无效"},
		{"viewer below admin", "GET", "/api/v1/etl/runs", "Bearer " + tokViewer, 403, "管理员"},
		{"analyst below admin", "POST", "/api/v1/etl/runs", "Bearer " + tokAnalyst, 403, "管理员"},
		{"scoped admin on an unscoped route", "POST", "/api/v1/etl/runs", "Bearer " + tokRegion, 403, "湘西州"},
		{"admin", "GET", "/api/v1/etl/runs", "Bearer " + tokAdmin, 200, ""},
		{"lower-case scheme", "GET", "/api/v1/etl/runs", "bearer " + tokAdmin, 200, ""},
		{"public without token", "GET", "/healthz", "", 200, ""},
		{"public readyz", "GET", "/readyz", "", 200, ""},
		{"public metrics", "GET", "/metrics", "", 200, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := map[string]string{}
			if c.header != "" {
				h["Authorization"] = c.header
			}
			r := ts.do(c.method, c.path, "", nil, h)
			if r.Status != c.status {
				t.Fatalf("status %d, want %d: %s", r.Status, c.status, r.Body)
			}
			if c.status >= 400 {
				code, msg := r.apiError(t)
				want := map[int]string{401: "unauthorized", 403: "forbidden"}[c.status]
				if code != want || !strings.Contains(msg, c.mention) {
					t.Fatalf("%s %q, want %s mentioning %q", code, msg, want, c.mention)
				}
				if strings.Contains(msg, "token-0123456789") {
					t.Fatalf("message echoes a token: %q", msg)
				}
			}
		})
	}
}

func TestNoTokensLoopbackOnly(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:8080", "192.0.2.7:8080", "[::]:8080", ":8080"} {
		cfg := api.DefaultConfig()
		cfg.Addr = addr
		_, err := api.New(t.Context(), cfg, api.Deps{WH: nil})
		if err == nil || !strings.Contains(err.Error(), "只能监听本机地址") {
			t.Fatalf("%s: %v", addr, err)
		}
	}
	ts := startServer(t, serverOpts{})
	// Without tokens every local caller is admin.
	if r := ts.get("/api/v1/etl/runs", ""); r.Status != 200 {
		t.Fatalf("local caller: %d %s", r.Status, r.Body)
	}
}

func TestParseTokens(t *testing.T) {
	cases := []struct {
		in      string
		want    []api.TokenConfig
		wantErr string
	}{
		{in: "viewer:aaaaaaaaaaaaaaaa,admin:bbbbbbbbbbbbbbbb", want: []api.TokenConfig{
			{Role: "viewer", Token: "aaaaaaaaaaaaaaaa"}, {Role: "admin", Token: "bbbbbbbbbbbbbbbb"}}},
		{in: "viewer@湘西州:aaaaaaaaaaaaaaaa", want: []api.TokenConfig{
			{Role: "viewer", Token: "aaaaaaaaaaaaaaaa", Scope: api.Scope{Region: "湘西州"}}}},
		{in: " analyst@region=长沙市:aaaaaaaaaaaaaaaa ,", want: []api.TokenConfig{
			{Role: "analyst", Token: "aaaaaaaaaaaaaaaa", Scope: api.Scope{Region: "长沙市"}}}},
		{in: "admin@unit=湘西州投资促进事务中心:aaaa:bbbbbbbbbbbb", want: []api.TokenConfig{
			{Role: "admin", Token: "aaaa:bbbbbbbbbbbb", Scope: api.Scope{Unit: "湘西州投资促进事务中心"}}}},
		{in: "viewer", wantErr: "缺少冒号"},
		{in: "viewer@:aaaaaaaaaaaaaaaa", wantErr: "为空"},
		{in: "viewer@county=x:aaaaaaaaaaaaaaaa", wantErr: "未知的范围"},
	}
	for _, c := range cases {
		got, err := api.ParseTokens(c.in)
		if c.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Errorf("%q: err %v, want %q", c.in, err, c.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", c.in, err)
			continue
		}
		if len(got) != len(c.want) {
			t.Errorf("%q: %+v", c.in, got)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("%q: %+v, want %+v", c.in, got[i], c.want[i])
			}
		}
	}
}

func TestMaskPhone(t *testing.T) {
	for in, want := range map[string]string{"18012348118": "180****8118", "0743-8228118": "074****8118", "": "", "123": "***", "12345": "*2345"} {
		if got := api.MaskPhone(in); got != want {
			t.Errorf("MaskPhone(%q) = %q, want %q", in, got, want)
		}
	}
}
