import CreditMeter
import Foundation
import LoadGenKit
import Testing

/// Tiny in-process runs against the real engine: the audit passes on what the engine did,
/// and fails when the shadow books are corrupted.
@Suite("loadgen runs", .serialized)
struct LoadRunTests {
    static func config(_ workload: Workload, api: DebitAPI = .handle) -> LoadGenConfig {
        var config = LoadGenConfig()
        config.accounts = 200
        config.threads = 2
        config.duration = 0.3
        config.workload = workload
        config.api = api
        config.batch = 8
        config.quiet = true
        return config
    }

    /// Runs `config` until it decided at least one debit, at most `attempts` times.
    ///
    /// LoadGen bounds a run by time only (no debit-count option). Its clock starts when the
    /// first worker runs, so a run with no debit means the workers were starved for the
    /// whole 0.3 s (a loaded CI machine; the `actor` API also waits for the cooperative
    /// pool), not that LoadGen failed. Another run then costs nothing on a healthy machine
    /// and keeps the checks below exact instead of vacuous.
    static func runWithDebits(_ config: LoadGenConfig, attempts: Int = 3) async throws -> RunResult {
        var result = try await LoadRun.run(config) { _ in }
        for _ in 1..<attempts where result.debits == 0 {
            result = try await LoadRun.run(config) { _ in }
        }
        return result
    }

    @Test("the audit passes on a real run", arguments: [
        (Workload.mixed, DebitAPI.handle), (.rollover, .handle), (.hot, .batch), (.zipf, .id), (.uniform, .actor),
        (.mixed, .handleBatch), (.rollover, .batch),
    ])
    func passes(_ workload: Workload, _ api: DebitAPI) async throws {
        let result = try await Self.runWithDebits(Self.config(workload, api: api))
        // Every check holds for any run that decided at least one debit.
        #expect(result.audit.violations == [])
        #expect(result.audit.passed)
        #expect(result.debits == result.latency.count)
        #expect(result.debits > 0)
        #expect(result.days.count == workload.periods)
        #expect(result.days == LoadRun.epochDays(of: workload).map(\.description))
        #expect(result.droppedEvents == 0)
        // R17, I4: the mixed workload's pauses and resumes were each checked by a probe
        // debit (0.3 s at 200 operations/s sends about 60, a third of them pauses).
        if workload.runsControlOperations, result.controlSent.values.reduce(0, +) > 10 {
            #expect(result.controlProbes > 0)
        }
        // The last progress sample is taken after every worker published its final figures.
        #expect(result.timeline.last?.accepted == result.accepted)
        #expect(result.timeline.last?.refused == result.refused)
    }

    @Test("I3, I6: on an engine that runs short of usage rows, debits needing a new row are refused and the audit still passes",
          arguments: [Workload.mixed, .rollover])
    func shortOfUsageRows(_ workload: Workload) async throws {
        var config = Self.config(workload)
        config.usageRowBlocks = 1
        let result = try await Self.runWithDebits(config)
        #expect(result.audit.violations == [])
        #expect(result.refused[Refusal.usageStorageFull.description, default: 0] > 0)
        #expect(result.droppedEvents == 0)
    }

    /// Found by a review: `--control-rate 1e-11` trapped converting 1e9 / rate to UInt64.
    /// The gap is now clamped; the run sends at most its first operation (none when the
    /// control task is scheduled only after the run ends) and ends with the audit.
    @Test("I6: a tiny control rate neither traps nor sends more than the first operation", arguments: [1e-11, 0.05])
    func tinyControlRate(_ rate: Double) async throws {
        var config = Self.config(.mixed)
        config.controlRate = rate
        let result = try await Self.runWithDebits(config)
        #expect(result.controlSent.values.reduce(0, +) <= 1)
        #expect(result.audit.violations.isEmpty)
    }

    @Test("a corrupted shadow book fails the audit")
    func corruptedBook() async throws {
        let result = try await LoadRun.run(Self.config(.mixed), corrupt: { book, _ in
            book.charged[0] += 1
        }, progress: { _ in })
        #expect(!result.audit.passed)
        #expect(result.audit.violations.first?.hasPrefix("I3 account 1 period ") == true)
    }

    @Test("a duplicated event fails the audit")
    func duplicatedEvent() async throws {
        // The run may have announced nothing in its 0.3 s, so the duplicate is made up:
        // account 1's 75 % notice, keyed on the run's first day (the audit only counts keys),
        // counted exactly twice whether or not the run announced it once.
        let result = try await LoadRun.run(Self.config(.hot), corrupt: { _, events in
            let key = EventTally.Key(account: 0, periodStart: LoadRun.startDay.daysSinceEpoch, kind: "usageReached(75)")
            events.inject(key, copies: 2 - events.once[key, default: 0])
        }, progress: { _ in })
        #expect(result.audit.violationCount == 1)
        #expect(result.audit.violations == ["I5 account 1 period \(LoadRun.startDay): usageReached(75) arrived 2 times"])
    }
}

/// The reports carry the figures CI and the README read.
@Suite("loadgen reports", .serialized)
struct LoadReportTests {
    @Test("JSON has the required keys and the HTML is self-contained")
    func reports() async throws {
        let result = try await LoadRun.run(LoadRunTests.config(.mixed)) { _ in }
        let json = try JSONSerialization.jsonObject(with: result.json(date: "2026-01-01T00:00:00Z")) as? [String: Any]
        let object = try #require(json)
        for key in ["throughput_per_sec", "accepted", "refused", "latency_ns", "audit", "timeline", "events"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        let latency = try #require(object["latency_ns"] as? [String: Any])
        #expect(Set(latency.keys).isSuperset(of: ["p50", "p99", "p999", "max"]))
        let audit = try #require(object["audit"] as? [String: Any])
        #expect(audit["passed"] as? Bool == true)
        #expect((audit["violations"] as? [Any])?.isEmpty == true)
        #expect(object["accepted"] as? UInt64 == result.accepted)

        let html = result.html(date: "2026-01-01")
        #expect(html.components(separatedBy: "<svg").count - 1 == 3)
        #expect(!html.contains("src=") && !html.contains("href=") && !html.contains("http://www.w3.org/1999"))
    }
}
