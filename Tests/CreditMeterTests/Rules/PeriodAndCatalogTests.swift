import CreditMeter
import Foundation
import Testing

/// R5–R7 periods in the engine, R16 catalog, R17 pauses, R18 grace windows.
@Suite("R5-R7 periods, R16 catalog, R17 pauses, R18 grace")
struct PeriodAndCatalogTests {
    @Test("R5, R6: an account anchored on the 31st rolls through February of a common and a leap year",
          arguments: [(2025, 28), (2024, 29)])
    func anchor31(year: Int, februaryEnd: Int) throws {
        let (ledger, clock) = Fixtures.ledger(on: CalendarDay(year: year, month: 1, day: 31)!)
        let handle = try Fixtures.open(ledger, 1, anchorDay: 31)
        let unit = Fixtures.feature(ledger, "unit")
        #expect(ledger.debit(handle, feature: unit, quantity: 400).isAccepted)
        clock.set(to: CalendarDay(year: year, month: 2, day: februaryEnd - 1)!)
        #expect(ledger.usage(1) == 400)  // still January's period
        clock.set(to: CalendarDay(year: year, month: 2, day: februaryEnd)!)
        let snapshot = try #require(ledger.snapshot(of: AccountID(1)))
        #expect(snapshot.usage == 0)  // R6: usage returns to zero, nothing rolls over
        #expect(snapshot.period == UsagePeriod(start: CalendarDay(year: year, month: 2, day: februaryEnd)!,
                                               end: CalendarDay(year: year, month: 3, day: 31)!))
        #expect(snapshot.monthlyLimit == 500)
        #expect(ledger.debit(handle, feature: unit, quantity: 500).isAccepted)  // the full 500 again
        #expect(ledger.debit(handle, feature: unit).refusal == .limitReached)  // and no more (R6)
    }

    /// The anchor is the account's, not the last period's start: after a clamped February
    /// the period starts on the anchor day again (R5).
    @Test("R5, R6: an account anchored on the 29th or 30th starts on its anchor day again after February",
          arguments: [(29, 2024, 29), (29, 2025, 28), (30, 2024, 29), (30, 2025, 28)])
    func anchorAfterFebruary(anchor: Int, year: Int, februaryStart: Int) throws {
        let (ledger, clock) = Fixtures.ledger(on: CalendarDay(year: year, month: 1, day: anchor)!)
        let handle = try Fixtures.open(ledger, 1, anchorDay: anchor)
        let unit = Fixtures.feature(ledger, "unit")
        var starts: [CalendarDay] = []
        for month in 2...5 {
            clock.set(to: CalendarDay(year: year, month: month, day: 20)!)
            #expect(ledger.debit(handle, feature: unit, quantity: 100).isAccepted)
            starts.append(try #require(ledger.snapshot(of: AccountID(1))).period.start)
        }
        #expect(starts == [CalendarDay(year: year, month: 1, day: anchor)!, CalendarDay(year: year, month: 2, day: februaryStart)!,
                           CalendarDay(year: year, month: 3, day: anchor)!, CalendarDay(year: year, month: 4, day: anchor)!])
        clock.set(to: CalendarDay(year: year, month: 5, day: anchor)!)
        #expect(ledger.closedPeriods(of: AccountID(1)).map(\.usage) == [100, 100, 100, 100])
    }

    @Test("R7: a clock jump over several periods closes each one exactly once, with its usage")
    func clockJump() throws {
        let (ledger, clock) = Fixtures.ledger()
        let handle = try Fixtures.open(ledger, 1, anchorDay: 15)
        _ = ledger.debit(handle, feature: Fixtures.feature(ledger, "unit"), quantity: 123)
        clock.advance(days: 100)
        #expect(ledger.closedPeriods(of: AccountID(1)).map(\.usage) == [123, 0, 0])
    }

    @Test("R16: a debit is priced at the rate in force on its day")
    func effectiveDatedRates() throws {
        let (ledger, clock) = Fixtures.ledger(on: CalendarDay(year: 2026, month: 1, day: 31)!)
        let handle = try Fixtures.open(ledger, 1, anchorDay: 1)
        let repriced = Fixtures.feature(ledger, "repriced")
        #expect(ledger.debit(handle, feature: repriced).charged == 2)
        clock.advance(days: 1)
        #expect(ledger.debit(handle, feature: repriced).charged == 3)
        let log = ledger.usageLog(of: AccountID(1), from: Fixtures.catalogStart, until: CalendarDay(year: 2027, month: 1, day: 1)!)
        #expect(log.map(\.creditsPerAction) == [2, 3])
    }

    /// A catalog replaced during a day, with a new rate from that day, prices the day's
    /// later debits at it: the day then has two log rows for the feature, one per rate. The
    /// first rate's row is the account's recent row (counted in the CAS), the second's a row
    /// block; both are counted (I3), and usage by feature merges them.
    @Test("R16, R21, I3: a rate changed during a day gives the day two log rows, one per rate")
    func sameDayTwoRates() throws {
        func catalog(_ rates: [FeatureRate]) throws -> FeatureCatalog {
            try FeatureCatalog(features: [Feature(key: "f", name: "F", category: .sync, rates: rates)])
        }
        let day = Fixtures.start
        let clock = MeterClock.manual(start: day)
        let ledger = Ledger(catalog: try catalog([FeatureRate(from: Fixtures.catalogStart, credits: 2)]), clock: clock)
        let handle = try Fixtures.open(ledger, 1)
        let feature = Fixtures.feature(ledger, "f")
        for _ in 0..<3 { #expect(ledger.debit(handle, feature: feature).charged == 2) }
        try ledger.replaceCatalog(try catalog([FeatureRate(from: Fixtures.catalogStart, credits: 2),
                                               FeatureRate(from: day, credits: 5)]))
        for _ in 0..<4 { #expect(ledger.debit(handle, feature: feature).charged == 5) }
        let log = ledger.usageLog(of: AccountID(1), from: day, until: day.adding(days: 1))
        #expect(log.map(\.day) == [day, day])
        #expect(log.map(\.creditsPerAction) == [2, 5])
        #expect(log.map(\.timesRun) == [3, 4])
        #expect(log.map(\.creditsUsed) == [6, 20])
        #expect(ledger.snapshot(of: AccountID(1))?.usage == 26)
        #expect(ledger.usageByFeature(of: AccountID(1)) == [feature: 26])
    }

    /// Rates over three days: (day 0, day 1, day 2) → credits per action.
    static let zeroRateSchedules: [(String, [UInt32], [UInt64])] = [
        ("free throughout", [0], [0, 0, 0]),
        ("free, then 2 from day 1", [0, 2], [0, 2, 2]),
        ("2, then free from day 1", [2, 0], [2, 0, 0]),
    ]

    @Test("R16: a zero rate debits for free and is still logged; a rate change takes effect on its day",
          arguments: zeroRateSchedules)
    func zeroRates(_ name: String, rates: [UInt32], charges: [UInt64]) throws {
        let day0 = Fixtures.start
        let catalog = try FeatureCatalog(features: [
            Feature(key: "f", name: name, category: .sync,
                    rates: rates.enumerated().map { FeatureRate(from: $0.offset == 0 ? Fixtures.catalogStart : day0.adding(days: Int32($0.offset)), credits: $0.element) }),
        ])
        let clock = MeterClock.manual(start: day0)
        let ledger = Ledger(catalog: catalog, clock: clock)
        let handle = try Fixtures.open(ledger, 1)
        let feature = Fixtures.feature(ledger, "f")
        var usage: UInt64 = 0
        for charge in charges {
            for _ in 0..<3 {  // the first debit of a day sets up its usage row; the others take the fast path if they may
                usage += charge
                #expect(ledger.debit(handle, feature: feature) == .accepted(charged: charge, usageAfter: usage, limit: 500))
            }
            clock.advance(days: 1)
        }
        let log = ledger.usageLog(of: AccountID(1), from: day0, until: day0.adding(days: 3))
        #expect(log.map(\.timesRun) == [3, 3, 3])
        #expect(log.map(\.creditsUsed) == charges.map { $0 * 3 })
    }

    @Test("R16, I3: a free feature at index 0 on 1970-01-01 (a usage key of 0) is counted once per action")
    func freeFeatureWithKeyZero() throws {
        // The usage key (feature 0, day 0, rate 0) is 0, the value of an unclaimed recent
        // row. Free debits must not count into that row without claiming it.
        let epoch = CalendarDay(daysSinceEpoch: 0)
        let catalog = try FeatureCatalog(features: [
            Feature(key: "free", name: "Free action", category: .sync, rates: [FeatureRate(from: epoch, credits: 0)]),
        ])
        let ledger = Ledger(catalog: catalog, clock: .manual(start: epoch))
        let handle = try Fixtures.open(ledger, 1)
        let free = Fixtures.feature(ledger, "free")
        #expect(free.rawValue == 0)
        for _ in 0..<3 {
            #expect(ledger.debit(handle, feature: free) == .accepted(charged: 0, usageAfter: 0, limit: 500))
        }
        let log = ledger.usageLog(of: AccountID(1), from: epoch, until: epoch.adding(days: 1))
        #expect(log.map(\.timesRun) == [3])
    }

    static let badCatalogs: [String] = [
        "not json",
        #"{"features": [{"key": "a", "category": "nope", "rates": [{"from": "2026-01-01", "credits": 1}]}]}"#,
        #"{"features": [{"key": "a", "category": "sync", "rates": []}]}"#,
        #"{"features": [{"key": "a", "category": "sync", "rates": [{"from": "2026-02-30", "credits": 1}]}]}"#,
        #"{"features": [{"key": "a", "category": "sync", "rates": [{"from": "2026-01-01", "credits": -1}]}]}"#,
        #"{"features": [{"key": "a", "category": "sync", "rates": [{"from": "2026-01-01", "credits": 2000000}]}]}"#,
        #"{"features": [{"key": "a", "category": "sync", "minimumEdition": "gold", "rates": [{"from": "2026-01-01", "credits": 1}]}]}"#,
        #"{"features": [{"key": "a", "category": "sync", "rates": [{"from": "2026-01-01", "credits": 1}]}, {"key": "a", "category": "sync", "rates": [{"from": "2026-01-01", "credits": 1}]}]}"#,
        #"{"features": [{"key": "", "category": "sync", "rates": [{"from": "2026-01-01", "credits": 1}]}]}"#,
        // Found by a review: a misspelt field fell back to its default (R4: every edition).
        #"{"features": [{"key": "a", "category": "sync", "minimum_edition": "enterprise", "rates": [{"from": "2026-01-01", "credits": 1}]}]}"#,
        #"{"features": [{"key": "a", "category": "sync", "minimumEdition": null, "rates": [{"from": "2026-01-01", "credits": 1}]}]}"#,
        #"{"features": [{"key": "a", "category": "sync", "rates": [{"from": "2026-01-01", "credits": 1, "currency": "USD"}]}]}"#,
        #"{"features": [], "version": 2}"#,
        #"{"features": [{"key": "a", "category": "sync", "rates": [{"from": "+026-01-01", "credits": 1}]}]}"#,
        #"{"features": [{"key": "a", "category": "sync", "rates": [{"from": "2026-01-01", "credits": 1.5}]}]}"#,
        #"{"features": [{"key": "a", "category": "sync", "rates": [{"from": "2026-01-01", "credits": 1e30}]}]}"#,
        #"{"features": [{"key": "a", "category": "sync", "rates": [{"from": "2026-01-01", "credits": "5"}]}]}"#,
        #"{"features": [{"category": "sync", "rates": [{"from": "2026-01-01", "credits": 1}]}]}"#,
        #"{"features": [{"key": "a", "category": "sync"}]}"#,
        #"{}"#,
        #"{"features": [{"key": "a", "category": "sync", "rates": [{"from": "2026-01-01", "credits": 1}, {"from": "2026-01-01", "credits": 2}]}]}"#,
    ]

    @Test("R16, I6: malformed catalog JSON is a typed error", arguments: badCatalogs)
    func malformedCatalog(_ json: String) {
        #expect(throws: MeterError.self) { try FeatureCatalog(json: Data(json.utf8)) }
    }

    /// The hot table counts a feature's rates in 16 bits: one more rate than that trapped
    /// when a ledger installed the catalog.
    @Test("R16, I6: a feature lists at most maximumRatesPerFeature rates", arguments: [0, 1])
    func rateCount(_ over: Int) throws {
        let rates = (0..<FeatureCatalog.maximumRatesPerFeature + over).map {
            FeatureRate(from: Fixtures.catalogStart.adding(days: Int32($0)), credits: 1)
        }
        let features = [Feature(key: "k", name: "K", category: .sync, rates: rates)]
        if over > 0 {
            #expect(throws: MeterError.self) { try FeatureCatalog(features: features) }
        } else {
            let ledger = Ledger(catalog: try FeatureCatalog(features: features), clock: .manual(start: Fixtures.start))
            #expect(ledger.feature("k") != nil)
        }
    }

    @Test("R16: a catalog loads from JSON, and replacing it keeps indexes by key")
    func catalogFromJSONAndReplace() throws {
        let json = #"{"features": [{"key": "unit", "name": "Unit", "category": "workflowCRM", "minimumEdition": "starter", "rates": [{"from": "2020-01-01", "credits": 4}]}, {"key": "new", "category": "aiAgent", "rates": [{"from": "2020-01-01", "credits": 7}]}]}"#
        let replacement = try FeatureCatalog(json: Data(json.utf8))
        let (ledger, _) = Fixtures.ledger()
        let handle = try Fixtures.open(ledger, 1)
        let unit = Fixtures.feature(ledger, "unit")
        let ten = Fixtures.feature(ledger, "ten")
        try ledger.replaceCatalog(replacement)
        #expect(ledger.feature("unit") == unit)
        #expect(ledger.debit(handle, feature: unit).charged == 4)
        #expect(ledger.debit(handle, feature: ten) == .refused(.unknownFeature))
        #expect(ledger.debit(handle, feature: try #require(ledger.feature("new"))).charged == 7)
    }

    @Test("R16: rates listed out of date order are put in order")
    func ratesInAnyOrder() throws {
        let json = #"{"features": [{"key": "a", "category": "sync", "rates": [{"from": "2026-02-01", "credits": 3}, {"from": "2020-01-01", "credits": 2}]}]}"#
        let catalog = try FeatureCatalog(json: Data(json.utf8))
        let ledger = Ledger(catalog: catalog, clock: .manual(start: Fixtures.start))
        let handle = try Fixtures.open(ledger, 1)
        let a = Fixtures.feature(ledger, "a")
        #expect(catalog.features[0].rates.map(\.credits) == [2, 3])
        #expect(ledger.debit(handle, feature: a).charged == 2)
    }

    /// Before a feature's first rate there is no price, so the feature is not on sale yet.
    @Test("R16: a debit before a feature's first rate is refused as an unknown feature; from that day it is charged")
    func beforeTheFirstRate() throws {
        let later = Fixtures.start.adding(days: 3)
        let soon = Feature(key: "soon", name: "Soon", category: .aiAgent, rates: [FeatureRate(from: later, credits: 5)])
        let (ledger, clock) = Fixtures.ledger()
        try ledger.replaceCatalog(FeatureCatalog(features: Fixtures.catalog.features + [soon]))
        let handle = try Fixtures.open(ledger, 1)
        let feature = Fixtures.feature(ledger, "soon")
        #expect(ledger.debit(handle, feature: feature) == .refused(.unknownFeature))
        clock.set(to: later.adding(days: -1))
        #expect(ledger.debit(handle, feature: feature) == .refused(.unknownFeature))
        #expect(ledger.usage(1) == 0)
        clock.set(to: later)
        #expect(ledger.debit(handle, feature: feature).charged == 5)
    }

    /// Usage rows keep a feature's index in 12 bits: a 4,097th key would count as feature 0.
    @Test("R16, I6: a catalog holds at most 4,096 features, and a ledger at most 4,096 keys over its catalogs")
    func featureLimit() throws {
        func catalog(_ numbers: Range<Int>) throws -> FeatureCatalog {
            try FeatureCatalog(features: numbers.map {
                Feature(key: "k\($0)", name: "K", category: .sync, rates: [FeatureRate(from: Fixtures.catalogStart, credits: 1)])
            })
        }
        #expect(throws: MeterError.self) { try catalog(0..<(FeatureCatalog.maximumFeatures + 1)) }
        let (ledger, _) = Fixtures.ledger()
        let known = Fixtures.catalog.features.count
        try ledger.replaceCatalog(catalog(0..<(FeatureCatalog.maximumFeatures - known)))
        #expect(ledger.feature("k0") != nil && ledger.feature("unit") == nil)
        #expect(throws: MeterError.self) { try ledger.replaceCatalog(catalog(0..<(FeatureCatalog.maximumFeatures - known + 1))) }
        #expect(ledger.feature("k0") != nil && ledger.feature("k\(FeatureCatalog.maximumFeatures - known)") == nil)
        // The keys of earlier catalogs keep their indexes, so they still fit.
        try ledger.replaceCatalog(Fixtures.catalog)
        #expect(ledger.feature("unit") != nil && ledger.feature("k0") == nil)
    }

    @Test("R16, R21, I3: a feature removed from the catalog keeps its usage and log; added back, it keeps its index")
    func removedFeatureKeepsItsUsage() throws {
        let (ledger, _) = Fixtures.ledger()
        let handle = try Fixtures.open(ledger, 1)
        let ten = Fixtures.feature(ledger, "ten")
        #expect(ledger.debit(handle, feature: ten, quantity: 2).charged == 20)
        try ledger.replaceCatalog(FeatureCatalog(features: Fixtures.catalog.features.filter { $0.key != "ten" }))
        #expect(ledger.debit(handle, feature: ten) == .refused(.unknownFeature))
        let log = ledger.usageLog(of: AccountID(1), from: Fixtures.start, until: Fixtures.start.adding(days: 1))
        #expect(log.map(\.feature) == ["ten"] && log.map(\.timesRun) == [2])
        #expect(ledger.usageByFeature(of: AccountID(1)) == [ten: 20] && ledger.usage(1) == 20)
        #expect(ledger.auditInvariants().isEmpty)
        try ledger.replaceCatalog(Fixtures.catalog)
        #expect(ledger.feature("ten") == ten)
        #expect(ledger.debit(handle, feature: ten).charged == 10)
        #expect(ledger.usageByFeature(of: AccountID(1)) == [ten: 30])
    }

    /// Found by a review: a feature the catalog no longer listed could be paused or given a
    /// grace window, and the account then took the checked path for every debit.
    @Test("R17, R18: a feature the catalog no longer lists cannot be paused or made free, but its rules can be cleared")
    func rulesOfARemovedFeature() throws {
        let (ledger, _) = Fixtures.ledger()
        let handle = try Fixtures.open(ledger, 1)
        let ten = Fixtures.feature(ledger, "ten")
        let unit = Fixtures.feature(ledger, "unit")
        try ledger.setFeaturePaused(ten, for: AccountID(1), true)
        try ledger.replaceCatalog(FeatureCatalog(features: Fixtures.catalog.features.filter { $0.key != "ten" }))
        #expect(throws: MeterError.unknownFeature("ten")) { try ledger.setFeaturePaused(ten, for: AccountID(1), true) }
        #expect(throws: MeterError.unknownFeature("ten")) {
            try ledger.setGraceWindow(ten, for: AccountID(1), Fixtures.startDayGrace)
        }
        #expect(throws: MeterError.unknownFeature("#4095")) {
            try ledger.setFeaturePaused(FeatureIndex(rawValue: 4_095), for: AccountID(1), false)
        }
        try ledger.setFeaturePaused(ten, for: AccountID(1), false)
        try ledger.setGraceWindow(ten, for: AccountID(1), nil)
        try ledger.replaceCatalog(Fixtures.catalog)
        #expect(ledger.debit(handle, feature: ten).charged == 10)
        #expect(ledger.debit(handle, feature: unit).charged == 1)
    }

    /// Found by a review: no catalog could be written in the format it loads from, and no
    /// JSON catalog shipped. `docs/catalog.example.json` is `FeatureCatalog.example.jsonData()`.
    @Test("R16: a catalog written as JSON loads back the same; docs/catalog.example.json is the shipped example")
    func catalogJSONRoundTrip() throws {
        for catalog in [Fixtures.catalog, FeatureCatalog.example] {
            #expect(try FeatureCatalog(json: catalog.jsonData()) == catalog)
        }
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../../docs/catalog.example.json").standardizedFileURL
        #expect(try Data(contentsOf: file) == FeatureCatalog.example.jsonData())
        let far = Feature(key: "far", name: "Far", category: .sync,
                          rates: [FeatureRate(from: CalendarDay(daysSinceEpoch: -800_000), credits: 1)])  // year -221
        #expect(throws: MeterError.self) { try FeatureCatalog(features: [far]).jsonData() }
    }

    @Test("R16: the shipped example catalog covers every category")
    func exampleCatalog() {
        #expect(Set(FeatureCatalog.example.features.map(\.category)) == Set(FeatureCategory.allCases))
    }

    @Test("R17: a paused account and a paused feature refuse with their reason; resuming restores")
    func pauses() throws {
        let (ledger, _) = Fixtures.ledger()
        let handle = try Fixtures.open(ledger, 1)
        let unit = Fixtures.feature(ledger, "unit")
        let ten = Fixtures.feature(ledger, "ten")
        try ledger.setFeaturePaused(unit, for: AccountID(1), true)
        #expect(ledger.debit(handle, feature: unit) == .refused(.featurePaused))
        #expect(ledger.debit(handle, feature: ten).isAccepted)
        try ledger.setPaused(AccountID(1), true)
        #expect(ledger.debit(handle, feature: ten) == .refused(.accountPaused))
        try ledger.setPaused(AccountID(1), false)
        try ledger.setFeaturePaused(unit, for: AccountID(1), false)
        #expect(ledger.debit(handle, feature: unit).isAccepted)
        #expect(ledger.usage(1) == 11)
    }

    /// Found by a review: the first debit after a period ends goes to the slow path before
    /// any pause or edition check, and no test paused an account and then moved the clock.
    @Test("R4, R17: the first debit of a new period, nothing touched since the end, is refused for pauses and editions",
          arguments: ["account paused", "feature paused", "edition"])
    func refusalsAfterPeriodEnd(_ reason: String) throws {
        let (ledger, clock) = Fixtures.ledger()
        let handle = try Fixtures.open(ledger, 1, anchorDay: 15)
        let unit = Fixtures.feature(ledger, "unit"), pro = Fixtures.feature(ledger, "pro")
        #expect(ledger.debit(handle, feature: unit, quantity: 7).isAccepted)
        switch reason {
        case "account paused": try ledger.setPaused(AccountID(1), true)
        case "feature paused": try ledger.setFeaturePaused(unit, for: AccountID(1), true)
        default: break
        }
        clock.advance(days: 31)  // 2026-02-15: a new period; no snapshot, no debit since
        let expected: Refusal = switch reason {
        case "account paused": .accountPaused
        case "feature paused": .featurePaused
        default: .featureNotInEdition
        }
        #expect(ledger.debit(handle, feature: reason == "edition" ? pro : unit) == .refused(expected))
        let snapshot = try #require(ledger.snapshot(of: AccountID(1)))
        #expect(snapshot.period.start == CalendarDay(year: 2026, month: 2, day: 15)!)
        #expect(snapshot.usage == 0)
        #expect(ledger.auditInvariants().isEmpty)
    }

    @Test("R18: inside a grace window a feature is free and still logged")
    func grace() throws {
        let (ledger, clock) = Fixtures.ledger()
        let handle = try Fixtures.open(ledger, 1)
        let ten = Fixtures.feature(ledger, "ten")
        try ledger.setGraceWindow(ten, for: AccountID(1), GraceWindow(from: Fixtures.start, until: Fixtures.start.adding(days: 2)))
        #expect(ledger.debit(handle, feature: ten, quantity: 3) == .accepted(charged: 0, usageAfter: 0, limit: 500))
        clock.advance(days: 2)
        #expect(ledger.debit(handle, feature: ten) == .accepted(charged: 10, usageAfter: 10, limit: 500))
        let log = ledger.usageLog(of: AccountID(1), from: Fixtures.start, until: Fixtures.start.adding(days: 3))
        #expect(log == [
            UsageLogEntry(day: Fixtures.start, feature: "ten", creditsPerAction: 0, timesRun: 3, creditsUsed: 0),
            UsageLogEntry(day: Fixtures.start.adding(days: 2), feature: "ten", creditsPerAction: 10, timesRun: 1, creditsUsed: 10),
        ])
    }
}
