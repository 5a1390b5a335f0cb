package api

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"jixiao/etl"
)

// Config is what `jixiao serve` runs with. Each field comes from its flag,
// else its JIXIAO_* environment variable, else the YAML file given with
// --config, else its default (DefaultConfig).
type Config struct {
	Data  string `yaml:"data"`  // data dir (jixiao.duckdb, archive/, quarantine/)
	Inbox string `yaml:"inbox"` // inbox dir (default DATA/inbox)
	Addr  string `yaml:"addr"`  // listen address
	Demo  bool   `yaml:"demo"`  // write and load the demo corpus before serving
	// Schedule is a five-field cron spec for inbox runs read in TimeZone;
	// "off" disables scheduled runs.
	Schedule string `yaml:"schedule"`
	TimeZone string `yaml:"time_zone"`
	// UploadMaxMB bounds an uploaded file (and the inbox's per-file limit
	// applies to it as well).
	UploadMaxMB int `yaml:"upload_max_mb"`
	// SQLTimeout bounds one SQL console query, from its start until its last
	// row is sent (0: sql.DefaultSandboxTimeout).
	SQLTimeout time.Duration `yaml:"sql_timeout"`
	Tokens     []TokenConfig `yaml:"tokens"`
}

// DefaultConfig is the configuration before flags, environment and file.
func DefaultConfig() Config {
	return Config{Addr: "127.0.0.1:8080", Schedule: etl.DefaultSchedule, TimeZone: etl.DefaultTimeZone, UploadMaxMB: 50}
}

// UploadMaxBytes is the upload size limit in bytes.
func (c Config) UploadMaxBytes() int64 { return int64(c.UploadMaxMB) << 20 }

// ScheduleOff reports whether scheduled runs are disabled.
func (c Config) ScheduleOff() bool {
	s := strings.ToLower(strings.TrimSpace(c.Schedule))
	return s == "off" || s == "" || s == "none"
}

// Validate checks what can be checked before opening anything.
func (c Config) Validate() error {
	if c.Data == "" {
		return errors.New("需要数据目录：--data DIR（或 JIXIAO_DATA，或配置文件的 data）")
	}
	if c.SQLTimeout < 0 {
		return fmt.Errorf("sql_timeout 不能是负数，而不是 %s", c.SQLTimeout)
	}
	if c.UploadMaxMB <= 0 {
		return fmt.Errorf("upload_max_mb 必须是正数，而不是 %d", c.UploadMaxMB)
	}
	return nil
}

var yamlUnknownField = regexp.MustCompile(`line (\d+): field (\S+) not found`)

// ReadConfigFile decodes a YAML config file strictly: an unknown key (a typo
// such as `shedule:`) stops the server with the file, line and key named,
// instead of being silently ignored. yaml.v3's KnownFields does this without
// another dependency (the module already reads YAML for schemes and the
// metrics dictionary).
// Keys the file leaves out keep their value in base.
func ReadConfigFile(path string, base Config) (Config, error) {
	c := base
	b, err := os.ReadFile(path)
	if err != nil {
		return c, fmt.Errorf("读取配置文件 %s 失败：%w", path, err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil {
		if errors.Is(err, io.EOF) { // an empty file configures nothing
			return c, nil
		}
		if m := yamlUnknownField.FindAllStringSubmatch(err.Error(), -1); len(m) > 0 {
			var keys []string
			for _, x := range m {
				keys = append(keys, fmt.Sprintf("第 %s 行的 %s", x[1], x[2]))
			}
			return c, fmt.Errorf("配置文件 %s 中有未知的键：%s（可用：data、inbox、addr、demo、schedule、time_zone、upload_max_mb、sql_timeout、tokens；tokens 的每项可用 id、role、token、region、unit）",
				path, strings.Join(keys, "、"))
		}
		return c, fmt.Errorf("配置文件 %s 格式有误：%w", path, err)
	}
	return c, nil
}
