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

    @Test("the audit passes on a real run", arguments: [
        (Workload.mixed, DebitAPI.handle), (.rollover, .handle), (.hot, .batch), (.zipf, .id), (.uniform, .actor),
        (.mixed, .handleBatch), (.rollover, .batch),
    ])
    func passes(_ workload: Workload, _ api: DebitAPI) async throws {
        let result = try await LoadRun.run(Self.config(workload, api: api)) { _ in }
        #expect(result.audit.violations == [])
        #expect(result.audit.passed)
        #expect(result.debits == result.latency.count)
        #expect(result.debits > 0)
        #expect(result.days.count == workload.periods)
        #expect(result.droppedEvents == 0)
        // The last progress sample is taken after every worker published its final figures.
        #expect(result.timeline.last?.accepted == result.accepted)
        #expect(result.timeline.last?.refused == result.refused)
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
        let result = try await LoadRun.run(Self.config(.hot), corrupt: { _, events in
            let key = events.once.keys.min { ($0.account, $0.kind) < ($1.account, $1.kind) }
            if let key { events.inject(key) }
        }, progress: { _ in })
        #expect(result.audit.violationCount == 1)
        #expect(result.audit.violations.first?.contains("arrived 2 times") == true)
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
