/// The whole program after flag parsing: select, run, report, compare, and the exit code.
struct BenchmarkCommand {
    /// Exit code when the run completed and nothing regressed.
    static let success: Int32 = 0
    /// Exit code when a case failed: its totals disagree with the system under test, its
    /// set-up was refused, or the OS refused one of its threads.
    static let caseFailed: Int32 = 1
    /// Exit code when `--check` finds a ratio below the baseline beyond the tolerance.
    static let regression: Int32 = 2

    /// The checked command line.
    let options: BenchmarkOptions
    /// Every registered case.
    let registry: [BenchmarkCase]
    /// The goals whose verdicts follow the table.
    let goals: [Goal]

    /// Runs the command.
    /// - Returns: the process exit code.
    func run() async -> Int32 {
        let selected = CaseSelection.select(registry, filter: options.filter)
        guard !selected.isEmpty else { UsageFailure.exit("no case matches --filter '\(options.filter)'") }
        if options.list {
            for benchmark in selected { print(benchmark.key) }
            return BenchmarkCommand.success
        }
        let machine = MachineInfo.current(command: options.command)
        print("machine: \(machine.cpus) CPUs, \(machine.cpuModel), load \(machine.loadAverage), "
              + "\(machine.build) build, \(machine.date)")
        if options.smoke { print("smoke run: tiny sizes and durations, figures mean nothing") }
        let runner = Runner(options: options)
        var results: [CaseResult] = []
        for benchmark in selected {
            StandardError.write("running \(benchmark.key)...\n")
            do {
                let ceiling = benchmark.ceiling.flatMap { name in
                    registry.first { $0.name == name && $0.threads == benchmark.threads }
                }
                results.append(try await runner.run(benchmark, pairedWith: ceiling))
            } catch {
                StandardError.write("FAILED: \(error)\n")
                return BenchmarkCommand.caseFailed
            }
        }
        let report = RunReport(machine: machine, cases: results)
        return publish(report)
    }

    /// Prints and writes the report, updates or checks the baseline.
    /// - Parameter report: the finished run.
    /// - Returns: the exit code.
    private func publish(_ report: RunReport) -> Int32 {
        let table = ReportTable(report)
        print(options.markdown ? table.markdown : table.text, terminator: "")
        // Found by a review: a smoke run printed "met" beside figures that mean nothing, and
        // a 1-thread run judged goals the issue states at 2 threads.
        let verdicts = goals.compactMap { $0.verdict(in: report) }
        if options.smoke {
            print("\ngoals: not judged in a smoke run (tiny sizes and samples)")
        } else if !verdicts.isEmpty {
            let note = options.maxThreads < 2 ? " (the issue states them at 2 threads; this run judged them at \(options.maxThreads))" : ""
            print("\ngoals\(note):\n" + verdicts.map { "  " + $0 }.joined(separator: "\n"))
        }
        do {
            if let path = options.jsonPath { try write(report.json(), to: path) }
            if let path = options.updateBaselinePath { try write(Baseline(report: report).json(), to: path) }
            guard let baseline = options.baseline else { return BenchmarkCommand.success }
            let compared = baseline.comparable(in: report).count
            print("compared \(compared) of the baseline's \(baseline.ratios.count) ratios")
            let regressions = baseline.regressions(in: report, tolerance: options.tolerance)
            for regression in regressions { print("REGRESSION \(regression)") }
            if compared == 0 { print("NOTHING COMPARED: no case of this run has a ratio in the baseline (names and thread counts)") }
            if compared > 0, regressions.isEmpty { print("no ratio regressed more than \(Format.fixed(options.tolerance * 100, 0)) %") }
            return options.check && (compared == 0 || !regressions.isEmpty) ? BenchmarkCommand.regression : BenchmarkCommand.success
        } catch {
            UsageFailure.exit("\(error)")
        }
    }

    /// Writes a file or fails with its path.
    private func write(_ text: String, to path: String) throws(ReportFileError) {
        guard TextFile.write(text, to: path) else { throw ReportFileError(path: path) }
    }
}
