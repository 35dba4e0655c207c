import MeterTools

#if canImport(Glibc)
import Glibc
#endif

/// The command line of `benchmarks`, checked: every value is in range and every path that
/// will be written or read is usable before any case runs.
struct BenchmarkOptions: Sendable {
    /// Only cases whose `name@threads` contains one of these comma-separated substrings
    /// (their ceilings come along).
    var filter: String
    /// Measured samples per case.
    var samples: Int
    /// Duration of one fixed-duration sample, in milliseconds.
    var sampleMilliseconds: Int
    /// Unmeasured samples before the measured ones.
    var warmups: Int
    /// The largest thread count; cases run at 1 and at this count.
    var maxThreads: Int
    /// Tiny sizes and durations, for CI: proves the harness runs, measures nothing.
    var smoke: Bool
    /// Also run the 10M-account footprint case.
    var big: Bool
    /// Print the table as Markdown instead of aligned text.
    var markdown: Bool
    /// Where to write the JSON report, if anywhere.
    var jsonPath: String?
    /// Where to write a new baseline of ratios, if anywhere.
    var updateBaselinePath: String?
    /// The committed baseline to compare with, read and decoded before any case runs.
    var baseline: Baseline?
    /// Whether to fail (exit 2) when a ratio regresses beyond the tolerance.
    var check: Bool
    /// Allowed relative drop of a ratio, e.g. 0.15.
    var tolerance: Double
    /// Seed of every random stream.
    var seed: UInt64
    /// List the cases and exit.
    var list: Bool
    /// The command line as given, for reports.
    var command: String

    /// The scale divisor cases build with.
    var scaleDivisor: Int { smoke ? 100 : 1 }

    /// Parses the process arguments; prints help and exits 0 on `--help`, prints the
    /// problem and exits 64 on any bad flag, value or combination.
    /// - Returns: the options.
    static func parseOrExit() -> BenchmarkOptions {
        let cores = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        var flags = CommandLineFlags(
            command: "swift run -c release benchmarks",
            summary: "Measures the CreditMeter engine against same-run ceilings and peers.")
        let filter = flags.string("filter", default: "", help: "Run only cases whose name@threads contains this text (or one of several, comma-separated).")
        let samples = flags.int("samples", default: 7, in: 1...1_000, help: "Measured samples per case.")
        let sampleMs = flags.int("sample-ms", default: 200, in: 1...600_000, help: "Duration of one sample in ms.")
        let warmups = flags.int("warmup", default: 1, in: 0...100, help: "Unmeasured warm-up samples per case.")
        let threads = flags.int("threads", default: cores, in: 1...1_024, help: "Largest thread count (cases run at 1 and at this).")
        let smoke = flags.switch("smoke", help: "Tiny sizes and 5 ms samples, for CI (figures mean nothing).")
        let big = flags.switch("big", help: "Also measure bytes per account at 10M accounts (needs ~2 GB, ~1 min).")
        let markdown = flags.switch("markdown", help: "Print the table as Markdown.")
        let json = flags.string("json", default: "", help: "Write the JSON report to this path.")
        let update = flags.string("update-baseline", default: "", help: "Write the ratios of this run as a baseline to this path.")
        let baseline = flags.string("baseline", default: "", help: "Compare ratios with this baseline file.")
        let check = flags.switch("check", help: "With --baseline: exit 2 when a ratio regresses beyond --tolerance.")
        let tolerance = flags.double("tolerance", default: 0.15, in: 0...1, help: "Allowed relative drop of a ratio.")
        let seed = flags.int("seed", default: 42, in: 0...Int.max, help: "Seed of every random stream.")
        let list = flags.switch("list", help: "List the cases (after --filter) and exit.")
        let values = flags.parseOrExit()

        var options = BenchmarkOptions(
            filter: values[filter], samples: values[samples], sampleMilliseconds: values[sampleMs],
            warmups: values[warmups], maxThreads: values[threads], smoke: values[smoke], big: values[big],
            markdown: values[markdown], jsonPath: nonEmpty(values[json]),
            updateBaselinePath: nonEmpty(values[update]), baseline: nil,
            check: values[check], tolerance: values[tolerance], seed: UInt64(values[seed]),
            list: values[list], command: (["swift run -c release benchmarks"]
                + CommandLine.arguments.dropFirst()).joined(separator: " "))
        if options.smoke {
            options.samples = min(options.samples, 2)
            options.sampleMilliseconds = min(options.sampleMilliseconds, 5)
            options.warmups = 0
        }
        if options.check && values[baseline].isEmpty {
            UsageFailure.exit("--check needs --baseline PATH", help: flags.helpText)
        }
        if options.smoke && (options.check || options.updateBaselinePath != nil) {
            UsageFailure.exit("--smoke figures mean nothing: it cannot be used with --check or --update-baseline", help: flags.helpText)
        }
        if let problem = options.unwritablePath { UsageFailure.exit(problem) }
        if let path = nonEmpty(values[baseline]) {
            do {
                options.baseline = try Baseline.load(path: path)
            } catch {
                UsageFailure.exit("baseline '\(path)' is not usable: \(error)")
            }
        }
        return options
    }

    /// Which output flag names a file that cannot be written, if any.
    private var unwritablePath: String? {
        for path in [jsonPath, updateBaselinePath].compactMap({ $0 }) where !ReportPath.isWritable(path) {
            return "cannot write '\(path)'"
        }
        return nil
    }

    /// `nil` for an empty flag value.
    private static func nonEmpty(_ text: String) -> String? { text.isEmpty ? nil : text }
}
