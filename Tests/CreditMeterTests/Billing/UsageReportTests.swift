import CreditMeter
import Testing

extension BillingTests {
    /// R21, I3: usage this period, by feature, per day and in the log all add up to the same.
    @Suite("R21 usage reports")
    struct UsageReportTests {
        static let period = UsagePeriod(start: BillingFixtures.day(2026, 3, 15), end: BillingFixtures.day(2026, 4, 15))

        /// Fabricated until the engine's log exists: two entries before the period, the rest
        /// inside it, one feature with a mid-period rate change (R16).
        static let log: [UsageLogEntry] = [
            UsageLogEntry(day: BillingFixtures.day(2026, 3, 14), feature: "ai.agent", creditsPerAction: 10, timesRun: 9, creditsUsed: 90),
            UsageLogEntry(day: BillingFixtures.day(2026, 3, 16), feature: "enrich", creditsPerAction: 5, timesRun: 3, creditsUsed: 15),
            UsageLogEntry(day: BillingFixtures.day(2026, 3, 15), feature: "ai.agent", creditsPerAction: 10, timesRun: 4, creditsUsed: 40),
            UsageLogEntry(day: BillingFixtures.day(2026, 3, 15), feature: "workflow", creditsPerAction: 1, timesRun: 7, creditsUsed: 7),
            UsageLogEntry(day: BillingFixtures.day(2026, 4, 1), feature: "ai.agent", creditsPerAction: 12, timesRun: 2, creditsUsed: 24),
            UsageLogEntry(day: BillingFixtures.day(2026, 4, 14), feature: "enrich", creditsPerAction: 5, timesRun: 1, creditsUsed: 0),
            UsageLogEntry(day: BillingFixtures.day(2026, 2, 1), feature: "workflow", creditsPerAction: 1, timesRun: 100, creditsUsed: 100),
        ]

        static let report = UsageReport(period: period, monthlyLimit: 6_000, cap: nil, log: log)

        @Test("I3 daily history, usage by feature and the log each sum to usage this period")
        func conservation() throws {
            let report = Self.report
            #expect(report.usageThisPeriod == 40 + 15 + 7 + 24)
            #expect(report.usageByFeature.creditsUsed == report.usageThisPeriod)
            #expect(try report.dailyUsage(from: Self.period.start, to: Self.period.end).creditsUsed == report.usageThisPeriod)
            #expect(try report.usageLog(from: Self.period.start, to: Self.period.end).creditsUsed == report.usageThisPeriod)
            #expect(report.summary.usage == report.usageThisPeriod)
        }

        @Test("R21 usage by feature merges rate changes and orders by key")
        func byFeature() {
            #expect(Self.report.usageByFeature == [
                FeatureUsage(feature: "ai.agent", timesRun: 6, creditsUsed: 64),
                FeatureUsage(feature: "enrich", timesRun: 4, creditsUsed: 15),
                FeatureUsage(feature: "workflow", timesRun: 7, creditsUsed: 7),
            ])
        }

        @Test("R21 daily usage fills every day of any range, zeros included", arguments: [
            ((2026, 3, 13), (2026, 3, 17), [UInt64(0), 90, 47, 15]),
            ((2026, 3, 15), (2026, 3, 15), []),
            ((2026, 1, 31), (2026, 2, 2), [0, 100]),
        ])
        func daily(from: (Int, Int, Int), to: (Int, Int, Int), credits: [UInt64]) throws {
            let start = BillingFixtures.day(from.0, from.1, from.2)
            let rows = try Self.report.dailyUsage(from: start, to: BillingFixtures.day(to.0, to.1, to.2))
            #expect(rows.map(\.creditsUsed) == credits)
            #expect(rows.map(\.day) == credits.indices.map { start.adding(days: Int32($0)) })
        }

        @Test("R21 the usage log is ordered by day, feature, then rate")
        func logOrder() throws {
            let rows = try Self.report.usageLog(from: BillingFixtures.day(2026, 3, 15), to: BillingFixtures.day(2026, 3, 17))
            #expect(rows.map(\.feature) == ["ai.agent", "workflow", "enrich"])
        }

        @Test("I3 through the engine: every report sums to the ledger's usage this period", arguments: [1, 15, 31])
        func throughTheEngine(anchor: Int) async throws {
            let (meter, clock, id) = try await BillingFixtures.openAccount(21, Subscription(.dataHub, .enterprise), anchorDay: anchor)
            let keys = ["workflow.crm.create-record", "ai.agent.data", "enrichment.contact", "workflow.communication.send-sms"]
            let features = try keys.map { try #require(meter.ledger.feature($0)) }
            var charged: UInt64 = 0  // every credit of the 45 days, which the history covers
            for day in 0..<45 {
                clock.set(to: BillingFixtures.day(2026, 1, 1).adding(days: Int32(day)))
                for (index, feature) in features.enumerated() where (day + index) % 3 != 0 {
                    charged += meter.ledger.debit(account: id, feature: feature, quantity: UInt32(1 + (day * 7 + index) % 5)).charged
                }
            }
            let report = try meter.usageReport(for: id, from: BillingFixtures.day(2025, 12, 1), to: BillingFixtures.day(2026, 3, 1))
            let usage = try #require(meter.ledger.snapshot(of: id)?.usage)
            let period = report.period
            #expect(usage > 0)
            #expect(report.usageThisPeriod == usage)
            #expect(report.usageByFeature.creditsUsed == usage)
            #expect(try report.dailyUsage(from: period.start, to: period.end).creditsUsed == usage)
            #expect(try report.usageLog(from: period.start, to: period.end).creditsUsed == usage)
            let history = try report.dailyUsage(from: BillingFixtures.day(2025, 12, 1), to: BillingFixtures.day(2026, 3, 1))
            #expect(history.creditsUsed == charged)
        }

        /// Found by a review: `usageReport` refused a closed account, though its log stays
        /// readable until the id is opened again.
        @Test("R21 a closed account is reported as it closed, until its id is opened again")
        func closedAccount() async throws {
            let (meter, clock, id) = try await BillingFixtures.openAccount(23, Subscription(.dataHub, .enterprise))
            let unit = try #require(meter.ledger.feature("workflow.crm.create-record"))
            clock.set(to: BillingFixtures.day(2026, 1, 10))
            let charged = meter.ledger.debit(account: id, feature: unit, quantity: 30).charged
            let before = try #require(meter.ledger.snapshot(of: id))
            try await meter.close(id)
            clock.set(to: BillingFixtures.day(2026, 3, 5))
            let report = try meter.usageReport(for: id)
            #expect(report.period == before.period && report.monthlyLimit == before.monthlyLimit)
            #expect(charged > 0 && report.summary.usage == charged && report.usageThisPeriod == charged)
            #expect(try report.usageLog(from: before.period.start, to: before.period.end).map(\.timesRun) == [30])
            try await meter.open(AccountSpec(id: id, subscriptions: [Subscription(.marketing, .starter)], anchorDay: 1))
            #expect(try meter.usageReport(for: id).summary.usage == 0)
            #expect(throws: BillingError.unknownAccount(AccountID(24))) { try meter.usageReport(for: AccountID(24)) }
        }

        /// Found by a review: the summary's usage was summed from a log read after the
        /// limit, so under traffic it could pass the limit shown beside it.
        @Test("R21 the summary row holds the usage read with its limit and cap, not the log's sum")
        func summaryAtOneInstant() async throws {
            let report = UsageReport(period: Self.period, monthlyLimit: 6_000, cap: nil, usage: 5_999, log: Self.log)
            #expect(report.summary.usage == 5_999 && report.usageThisPeriod == 40 + 15 + 7 + 24)
            #expect(Self.report.summary.usage == Self.report.usageThisPeriod)
            let (meter, _, id) = try await BillingFixtures.openAccount(25, Subscription(.dataHub, .enterprise))
            let unit = try #require(meter.ledger.feature("workflow.crm.create-record"))
            _ = meter.ledger.debit(account: id, feature: unit, quantity: 12)
            let engine = try meter.usageReport(for: id)
            #expect(engine.usageAtSummary == meter.ledger.snapshot(of: id)?.usage && engine.usageAtSummary ?? 0 > 0)
        }

        /// Found by a review: an end before the current period with no start threw an
        /// error naming a start the caller never gave.
        @Test("R21 an end alone before the current period asks for an empty history")
        func endAloneBeforeThePeriod() async throws {
            let (meter, clock, id) = try await BillingFixtures.openAccount(26, Subscription(.dataHub, .enterprise))
            clock.set(to: BillingFixtures.day(2026, 2, 5))
            let report = try meter.usageReport(for: id, to: BillingFixtures.day(2026, 1, 20))
            #expect(report.coverage == BillingFixtures.day(2026, 1, 20)..<BillingFixtures.day(2026, 3, 1))
            #expect(try report.dailyUsage(from: BillingFixtures.day(2026, 1, 20), to: BillingFixtures.day(2026, 1, 20)).isEmpty)
        }

        /// Found by a review: a report read over the current period answered a query for
        /// an earlier day with 0, though that day had usage (R21: any date range).
        @Test("R21 a report refuses a range its log was not read for, rather than answer zeros")
        func outsideCoverage() async throws {
            let (meter, clock, id) = try await BillingFixtures.openAccount(22, Subscription(.dataHub, .enterprise))
            let unit = try #require(meter.ledger.feature("workflow.crm.create-record"))
            clock.set(to: BillingFixtures.day(2026, 1, 10))
            #expect(meter.ledger.debit(account: id, feature: unit, quantity: 100).isAccepted)
            clock.set(to: BillingFixtures.day(2026, 2, 5))
            let current = try meter.usageReport(for: id)  // February's period
            #expect(current.coverage == BillingFixtures.day(2026, 2, 1)..<BillingFixtures.day(2026, 3, 1))
            #expect(throws: BillingError.outsideReport(from: BillingFixtures.day(2026, 2, 1), to: BillingFixtures.day(2026, 3, 1))) {
                try current.dailyUsage(from: BillingFixtures.day(2026, 1, 1), to: BillingFixtures.day(2026, 2, 5))
            }
            #expect(throws: BillingError.self) { try current.usageLog(from: BillingFixtures.day(2026, 1, 10), to: BillingFixtures.day(2026, 1, 11)) }
            // Asked for, the history is there.
            let history = try meter.usageReport(for: id, from: BillingFixtures.day(2026, 1, 1))
            let rate = UInt64(try #require(meter.ledger.catalog.feature("workflow.crm.create-record")).rates[0].credits)
            #expect(try history.dailyUsage(from: BillingFixtures.day(2026, 1, 10), to: BillingFixtures.day(2026, 1, 11)).creditsUsed == 100 * rate)
        }
    }
}
