// Command jixiao is the 绩效仓 warehouse: it parses departmental performance
// self-evaluation reports, loads them into DuckDB and answers analysts' queries
// over its views. This package only wires the other packages into subcommands.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

const usage = `jixiao — 绩效仓: departmental performance self-evaluation warehouse

usage:
  jixiao check [--json] [--scheme ID] FILE...   parse and validate files without loading them
  jixiao etl   --data DIR [--inbox DIR] --once [--json]
                                                one ETL pass over the inbox
  jixiao sql   --data DIR [--format table|csv|json] [--max-rows N] [--timeout D] [--out FILE] "SELECT ..."
                                                one read-only query in the SQL sandbox (no file access);
                                                table/json stop at 10000 rows, csv streams every row
  jixiao serve --data DIR [--inbox DIR] [--addr 127.0.0.1:8080] [--demo] [--config FILE]
               [--schedule "*/10 * * * *"] [--time-zone Asia/Shanghai] [--upload-max-mb 50] [--sql-timeout 30s]
                                                HTTP API and scheduled inbox ETL (tokens: JIXIAO_TOKENS)
  jixiao export --data DIR [--unit NAME,...] [--region R] --years 2020,2021 [--format csv|xlsx|parquet] --out FILE
                                                yearly comparison (对比表): every indicator score and measure
                                                per unit, one column per year, 增减 and 增减率 to the year before
  jixiao demo  --out DIR                        write the demo corpus
  jixiao version

Every flag also reads an environment variable: JIXIAO_DATA, JIXIAO_INBOX, JIXIAO_ADDR, JIXIAO_FORMAT, …
"jixiao COMMAND --help" prints a command's flags.
`

// exitError carries an exit code with a message already printed (or none).
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	if len(os.Args) > 1 {
		tuneGC(os.Args[1])
	}
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run dispatches a subcommand and turns every failure (panics included) into one
// line on stderr and a non-zero exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) (code int) {
	defer func() {
		if p := recover(); p != nil {
			fmt.Fprintf(stderr, "jixiao：内部错误：%v\n", p)
			code = 2
		}
	}()
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "check":
		err = cmdCheck(ctx, args[1:], stdout, stderr)
	case "etl":
		err = cmdETL(ctx, args[1:], stdout, stderr)
	case "sql":
		err = cmdSQL(ctx, args[1:], stdout, stderr)
	case "serve":
		err = cmdServe(ctx, args[1:], stdout, stderr)
	case "export":
		err = cmdExport(ctx, args[1:], stdout, stderr)
	case "demo":
		err = cmdDemo(ctx, args[1:], stdout)
	case "version", "--version", "-v":
		fmt.Fprintf(stdout, "jixiao %s\n", version)
	case "help", "--help", "-h":
		fmt.Fprint(stdout, usage)
	default:
		fmt.Fprintf(stderr, "jixiao：未知的命令 %q\n\n%s", args[0], usage)
		return 2
	}
	var ee exitError
	var help helpRequested
	switch {
	case err == nil:
		return 0
	case errors.As(err, &help):
		help.printHelp(stdout)
		return 0
	case errors.As(err, &ee):
		return ee.code
	default:
		fmt.Fprintf(stderr, "jixiao %s: %v\n", args[0], err)
		return 1
	}
}
