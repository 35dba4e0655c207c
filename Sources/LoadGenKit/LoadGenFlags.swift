public import MeterTools
import CreditMeter

/// loadgen's command line: every flag declared once, with its range; `--help` is generated.
public struct LoadGenFlags: Sendable {
    let flags: CommandLineFlags
    let accounts: CommandLineFlags.Flag<Int>
    let threads: CommandLineFlags.Flag<Int>
    let duration: CommandLineFlags.Flag<Double>
    let workload: CommandLineFlags.Flag<Workload>
    let skew: CommandLineFlags.Flag<Double>
    let api: CommandLineFlags.Flag<DebitAPI>
    let batch: CommandLineFlags.Flag<Int>
    let rate: CommandLineFlags.Flag<Double>
    let controlRate: CommandLineFlags.Flag<Double>
    let seed: CommandLineFlags.Flag<Int>
    let json: CommandLineFlags.Flag<String>
    let html: CommandLineFlags.Flag<String>
    let quiet: CommandLineFlags.Flag<Bool>
    let usageRowBlocks: CommandLineFlags.Flag<Int>

    /// Declares the flags, with `LoadGenConfig`'s defaults.
    public init() {
        let d = LoadGenConfig()
        var f = CommandLineFlags(
            command: "loadgen",
            summary: "Drives the CreditMeter engine with concurrent debits, prints progress each second and a "
                + "summary, then audits the engine's books against every decision received (exit 1 on a violation).")
        accounts = f.int("accounts", default: d.accounts, in: 1...1_000_000, help: "Accounts opened before the run.")
        threads = f.int("threads", default: d.threads, in: 1...1_024, help: "Worker threads (tasks for --api actor); default: cores.")
        duration = f.double("duration", default: d.duration, in: 0.1...86_400, help: "Seconds of load.")
        workload = f.choice("workload", default: d.workload, help: "Traffic shape.")
        skew = f.double("skew", default: d.skew, in: 0.01...10, help: "Zipf exponent of account popularity.")
        api = f.choice("api", default: d.api, help: "Engine entry point.")
        batch = f.int("batch", default: d.batch, in: 1...65_536, help: "Debits per call with --api batch or handle-batch.")
        rate = f.double("rate", default: 0, in: 0...1e10, help: "Open loop: total debits per second (0: closed loop).")
        controlRate = f.double("control-rate", default: d.controlRate, in: 0...1e6, help: "Control operations per second (mixed).")
        seed = f.int("seed", default: Int(d.seed), in: 0...Int.max, help: "Seed of every random choice.")
        json = f.string("json", default: "", help: "Write the JSON report to this path.")
        html = f.string("html", default: "", help: "Write the HTML report (inline SVG) to this path.")
        quiet = f.switch("quiet", help: "No progress lines; only the summary.")
        usageRowBlocks = f.int("usage-row-blocks", default: d.usageRowBlocks, in: 1...Ledger.maximumUsageRowBlocks,
                               help: "The engine's usage row blocks (7 rows each); a small number runs it short of rows.")
        flags = f
    }

    /// The generated help text.
    public var helpText: String { flags.helpText }

    /// Parses loadgen's arguments.
    /// - Parameter arguments: the words after the program name.
    /// - Returns: the configuration, or `nil` when `--help` was asked for.
    /// - Throws: `ArgumentError` for an unknown flag or a bad value (exit status 64).
    public func parse(_ arguments: [String]) throws(ArgumentError) -> LoadGenConfig? {
        let values = try flags.parse(arguments)
        guard !values.isHelpRequested else { return nil }
        var config = LoadGenConfig()
        config.accounts = values[accounts]
        config.threads = values[threads]
        config.duration = values[duration]
        config.workload = values[workload]
        config.skew = values[skew]
        config.api = values[api]
        config.batch = values[batch]
        config.rate = values[rate] > 0 ? values[rate] : nil
        config.controlRate = values[controlRate]
        config.seed = UInt64(values[seed])
        config.jsonPath = values[json].isEmpty ? nil : values[json]
        config.htmlPath = values[html].isEmpty ? nil : values[html]
        config.quiet = values[quiet]
        config.usageRowBlocks = values[usageRowBlocks]
        guard config.accounts <= config.maximumAccounts else {
            throw .outOfRange(flag: "--accounts", value: String(config.accounts),
                              allowed: "1...\(config.maximumAccounts) with \(config.threads) threads (shadow books fit in 4 GiB)")
        }
        return config
    }
}
