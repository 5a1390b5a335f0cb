package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestDockerCompose checks the deployment files: docker-compose.yml runs
// `serve` with flags the real command accepts, data and inbox on volumes, a
// healthcheck on /healthz and tokens from an env file; the Dockerfile builds
// with cgo in one stage and runs with poppler-utils in another. When Debian's
// docker-compose is installed, `docker-compose config` validates the file too
// (no engine needed).
func TestDockerCompose(t *testing.T) {
	root := filepath.Join("..", "..")
	raw, err := os.ReadFile(filepath.Join(root, "docker-compose.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var compose struct {
		Services map[string]struct {
			Build       any               `yaml:"build"`
			Command     []string          `yaml:"command"`
			EnvFile     []string          `yaml:"env_file"`
			Environment map[string]string `yaml:"environment"`
			Volumes     []string          `yaml:"volumes"`
			Healthcheck struct {
				Test []string `yaml:"test"`
			} `yaml:"healthcheck"`
		} `yaml:"services"`
		Volumes map[string]any `yaml:"volumes"`
	}
	if err := yaml.Unmarshal(raw, &compose); err != nil {
		t.Fatalf("docker-compose.yml: %v", err)
	}
	svc, ok := compose.Services["jixiao"]
	if !ok {
		t.Fatal("no jixiao service")
	}
	if svc.Build == nil || len(svc.Command) == 0 || svc.Command[0] != "serve" {
		t.Fatalf("service must build the image and run serve: %+v", svc)
	}
	// The command's flags are the real command's: parse them as serve would.
	t.Setenv("JIXIAO_TOKENS", "admin:compose-test-token-0000")
	for k, v := range svc.Environment {
		t.Setenv(k, v)
	}
	cfg, err := serveConfig(svc.Command[1:])
	if err != nil {
		t.Fatalf("serve rejects the compose command %v: %v", svc.Command, err)
	}
	mounts := map[string]bool{}
	for _, v := range svc.Volumes {
		parts := strings.Split(v, ":")
		if _, named := compose.Volumes[parts[0]]; named && len(parts) >= 2 {
			mounts[parts[1]] = true
		}
	}
	if !mounts[cfg.Data] || !mounts[cfg.Inbox] {
		t.Fatalf("data %s and inbox %s must be named volumes: %v", cfg.Data, cfg.Inbox, svc.Volumes)
	}
	if !strings.Contains(strings.Join(svc.Healthcheck.Test, " "), "/healthz") {
		t.Fatalf("healthcheck %v does not probe /healthz", svc.Healthcheck.Test)
	}
	if len(svc.EnvFile) == 0 || svc.Environment["JIXIAO_TOKENS"] != "" {
		t.Fatal("tokens must come from an env file, not the compose file")
	}

	docker, err := os.ReadFile(filepath.Join(root, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	d := string(docker)
	if n := len(regexp.MustCompile(`(?m)^FROM `).FindAllString(d, -1)); n < 2 {
		t.Fatalf("Dockerfile has %d stages, want a build and a runtime stage", n)
	}
	for _, want := range []string{"CGO_ENABLED=1", "poppler-utils", "HEALTHCHECK", "/healthz", "COPY --from=build"} {
		if !strings.Contains(d, want) {
			t.Errorf("Dockerfile lacks %q", want)
		}
	}

	bin, err := exec.LookPath("docker-compose")
	if err != nil {
		t.Log("docker-compose is not installed: checked the structure only")
		return
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "docker-compose.yml"), raw, 0o644); err != nil {
		t.Fatal(err)
	}
	env, err := os.ReadFile(filepath.Join(root, "jixiao.env.example"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "jixiao.env"), env, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-f", filepath.Join(dir, "docker-compose.yml"), "config", "-q")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("docker-compose config: %v\n%s", err, out)
	}
}
