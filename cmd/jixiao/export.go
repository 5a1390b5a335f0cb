package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	warehouse "jixiao/sql"
)

// splitList reads "a,b" (ASCII or full-width commas) into its non-empty items.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' || r == '、' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func cmdExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("export")
	dataDir := fs.String("data", "", "data dir holding jixiao.duckdb")
	units := fs.String("unit", "", "unit name(s), comma-separated (default: every unit)")
	region := fs.String("region", "", "only units of this region")
	years := fs.String("years", "", "fiscal years to compare, e.g. 2020,2021,2022")
	format := fs.String("format", "", "csv, xlsx or parquet (default: from the --out extension)")
	out := fs.String("out", "", "file to write (- for standard output)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *dataDir == "" {
		return errNoData
	}
	if *out == "" {
		return errors.New("需要 --out FILE：写入的文件（如 --out 对比表.xlsx；- 表示标准输出）")
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("多余的参数 %q（用法见 `jixiao export --help`）", fs.Arg(0))
	}
	f := warehouse.CompareFilter{Units: splitList(*units), Region: *region}
	for _, y := range splitList(*years) {
		n, err := strconv.Atoi(y)
		if err != nil {
			return fmt.Errorf("--years：%q 不是年度（如 --years 2020,2021）", y)
		}
		f.Years = append(f.Years, n)
	}
	if *format == "" {
		*format = strings.TrimPrefix(strings.ToLower(filepath.Ext(*out)), ".")
	}
	switch *format {
	case "csv", "xlsx", "parquet":
	default:
		return fmt.Errorf("未知的导出格式 %q：可选 csv、xlsx、parquet（--format，或 --out 的扩展名）", *format)
	}
	path := filepath.Join(*dataDir, warehouse.FileName)
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("%s 中没有数据仓库（先运行 `jixiao etl --data %s --once`）", *dataDir, *dataDir)
	}
	wh, err := warehouse.Open(ctx, path, warehouse.Options{ReadOnly: true})
	if errors.Is(err, warehouse.ErrLocked) {
		// A running `jixiao serve` holds the file: export from the snapshot it
		// published after its last committed change.
		if snap, serr := warehouse.SnapshotPath(filepath.Join(*dataDir, warehouse.SnapshotDir)); serr == nil {
			wh, err = warehouse.Open(ctx, snap, warehouse.Options{ReadOnly: true})
		}
	}
	if err != nil {
		return err
	}
	defer wh.Close()
	target := *out
	if target == "-" {
		target = ""
	}
	var rows int
	err = writeOut(target, stdout, func(w io.Writer) error {
		n, err := wh.WriteCompare(ctx, w, f, *format)
		rows = n
		return err
	})
	if err != nil {
		return err
	}
	if target != "" {
		if *format == "parquet" {
			fmt.Fprintf(stdout, "已导出 %s\n", target)
		} else {
			fmt.Fprintf(stdout, "已导出 %d 行到 %s\n", rows, target)
		}
	}
	return nil
}
