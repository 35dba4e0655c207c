import CreditMeter
import Foundation
import Testing

extension BillingTests {
    /// I6: bad input gets a typed error and builds nothing.
    @Suite("I6 billing bad input")
    struct BillingBadInputTests {
        struct Case: Sendable, CustomTestStringConvertible {
            let name: String
            let error: BillingError
            let run: @Sendable () throws -> Void
            var testDescription: String { name }
        }

        static let march = UsagePeriod(start: BillingFixtures.day(2026, 3, 1), end: BillingFixtures.day(2026, 4, 1))

        static func builder() throws -> InvoiceBuilder {
            InvoiceBuilder(priceBook: try BillingFixtures.usd(), term: try BillingFixtures.term2026())
        }

        static func report() -> UsageReport {
            UsageReport(period: march, monthlyLimit: 1_000, cap: nil, log: [])
        }

        static let cases: [Case] = [
            Case(name: "unknown currency", error: .unknownCurrency("XYZ")) { _ = try Currency(code: "XYZ") },
            Case(name: "empty currency code", error: .unknownCurrency("")) { _ = try Currency(code: "") },
            Case(name: "gold has no minor unit", error: .unknownCurrency("XAU")) { _ = try Currency(code: "XAU") },
            Case(name: "negative pack price", error: .negativePrice(-1)) {
                _ = try PriceBook(currencyCode: "EUR", packPriceMinorUnits: -1, payAsYouGo: PayAsYouGoRate(minorUnits: 1, perCredits: 1))
            },
            Case(name: "rate over zero credits", error: .invalidRate(minorUnits: 1, perCredits: 0)) {
                _ = try PayAsYouGoRate(minorUnits: 1, perCredits: 0)
            },
            Case(name: "negative rate", error: .invalidRate(minorUnits: -1, perCredits: 10)) {
                _ = try PayAsYouGoRate(minorUnits: -1, perCredits: 10)
            },
            Case(name: "zero-month commitment", error: .invalidCommitment(months: 0)) {
                _ = try ContractTerm(start: BillingFixtures.day(2026, 1, 1), months: 0)
            },
            Case(name: "anchor day 32", error: .invalidAnchor(start: BillingFixtures.day(2026, 1, 1), anchorDay: 32)) {
                _ = try ContractTerm(start: BillingFixtures.day(2026, 1, 1), months: 1, anchorDay: 32)
            },
            // Each of the next three trapped: the period arithmetic of a far-past start, and
            // preconditions in a public function.
            Case(name: "contract starting in year 1 off its anchor", error: .invalidAnchor(start: BillingFixtures.day(1, 1, 1), anchorDay: 15)) {
                _ = try ContractTerm(start: BillingFixtures.day(1, 1, 1), months: 1, anchorDay: 15)
            },
            Case(name: "decoded contract starting before year 1",
                 error: .invalidAnchor(start: CalendarDay(daysSinceEpoch: .min), anchorDay: 1)) {
                let json = #"{"start":{"daysSinceEpoch":-2147483648},"months":12,"renewal":"autoRenew","anchorDay":1}"#
                _ = try JSONDecoder().decode(ContractTerm.self, from: Data(json.utf8))
            },
            Case(name: "negative quantity prorated", error: .invalidPacks(-1)) {
                _ = try Proration.amount(quantity: -1, rateMinorUnits: 100, daysCharged: 1, periodDays: 30)
            },
            Case(name: "negative price prorated", error: .negativePrice(-100)) {
                _ = try Proration.amount(quantity: 1, rateMinorUnits: -100, daysCharged: 1, periodDays: 30)
            },
            Case(name: "proration over zero units", error: .invalidRate(minorUnits: 100, perCredits: 0)) {
                _ = try Proration.amount(quantity: 1, rateMinorUnits: 100, ratePer: 0, daysCharged: 1, periodDays: 30)
            },
            Case(name: "more days charged than the period has", error: .invalidProration(daysCharged: 31, periodDays: 30)) {
                _ = try Proration.amount(quantity: 1, rateMinorUnits: 100, daysCharged: 31, periodDays: 30)
            },
            Case(name: "empty period", error: .notAContractPeriod(UsagePeriod(start: BillingFixtures.day(2026, 3, 1), end: BillingFixtures.day(2026, 3, 1)))) {
                _ = try builder().invoices(for: UsagePeriod(start: BillingFixtures.day(2026, 3, 1), end: BillingFixtures.day(2026, 3, 1)), facts: [])
            },
            Case(name: "negative packs bought", error: .invalidPacks(-2)) {
                _ = try builder().invoices(for: march, facts: [.capacityPurchased(day: BillingFixtures.day(2026, 3, 2), packs: -2)])
            },
            Case(name: "zero packs upgraded", error: .invalidPacks(0)) {
                _ = try builder().invoices(for: march, facts: [.autoUpgraded(day: BillingFixtures.day(2026, 3, 2), packs: 0)])
            },
            Case(name: "negative removal", error: .invalidPacks(-1)) {
                _ = try builder().invoices(for: march, facts: [.capacityRemoved(day: BillingFixtures.day(2026, 3, 2), packs: -1)])
            },
            Case(name: "purchase before the contract", error: .outsideContract(BillingFixtures.day(2025, 12, 31))) {
                _ = try builder().invoices(for: march, facts: [.capacityPurchased(day: BillingFixtures.day(2025, 12, 31), packs: 1)])
            },
            Case(name: "period not on the anchor", error: .notAContractPeriod(UsagePeriod(start: BillingFixtures.day(2026, 3, 2), end: BillingFixtures.day(2026, 4, 2)))) {
                _ = try builder().invoices(for: UsagePeriod(start: BillingFixtures.day(2026, 3, 2), end: BillingFixtures.day(2026, 4, 2)), facts: [])
            },
            Case(name: "invoice range ending before it starts", error: .invalidDateRange(from: BillingFixtures.day(2026, 3, 2), to: BillingFixtures.day(2026, 3, 1))) {
                _ = try builder().invoices(from: BillingFixtures.day(2026, 3, 2), to: BillingFixtures.day(2026, 3, 1), facts: [])
            },
            Case(name: "daily range ending before it starts", error: .invalidDateRange(from: BillingFixtures.day(2026, 3, 2), to: BillingFixtures.day(2026, 3, 1))) {
                _ = try report().dailyUsage(from: BillingFixtures.day(2026, 3, 2), to: BillingFixtures.day(2026, 3, 1))
            },
            Case(name: "log range ending before it starts", error: .invalidDateRange(from: BillingFixtures.day(2026, 3, 2), to: BillingFixtures.day(2026, 3, 1))) {
                _ = try report().usageLog(from: BillingFixtures.day(2026, 3, 2), to: BillingFixtures.day(2026, 3, 1))
            },
            Case(name: "daily range of 101 years", error: .dateRangeTooLong(days: 36_890)) {
                _ = try report().dailyUsage(from: BillingFixtures.day(2000, 1, 1), to: BillingFixtures.day(2101, 1, 1))
            },
            Case(name: "unknown legacy pack", error: .unknownLegacyPackSize(500)) {
                _ = try LegacyPack(size: 500)
            },
        ]

        @Test("I6 bad input is a typed error", arguments: cases)
        func refused(_ c: Case) {
            #expect(throws: c.error) { try c.run() }
        }

        @Test("I6 a price book decodes from JSON through the same checks", arguments: [
            (#"{"currency":"usd","packPriceMinorUnits":1000,"payAsYouGo":{"minorUnits":3,"perCredits":2}}"#, nil),
            (#"{"currency":"ABC","packPriceMinorUnits":1000,"payAsYouGo":{"minorUnits":3,"perCredits":2}}"#,
             BillingError.unknownCurrency("ABC")),
            (#"{"currency":"EUR","packPriceMinorUnits":-5,"payAsYouGo":{"minorUnits":3,"perCredits":2}}"#, .negativePrice(-5)),
            (#"{"currency":"EUR","packPriceMinorUnits":5,"payAsYouGo":{"minorUnits":3,"perCredits":0}}"#,
             .invalidRate(minorUnits: 3, perCredits: 0)),
        ] as [(String, BillingError?)])
        func priceBookJSON(json: String, error: BillingError?) throws {
            let decode = { try JSONDecoder().decode(PriceBook.self, from: Data(json.utf8)) }
            if let error {
                #expect(throws: error) { try decode() }
            } else {
                #expect(try decode() == BillingFixtures.usd())
            }
        }

        @Test("I6 a contract decodes through the same checks")
        func contractJSON() throws {
            let term = try BillingFixtures.term2026()
            let json = try JSONEncoder().encode(term)
            #expect(try JSONDecoder().decode(ContractTerm.self, from: json) == term)
            let bad = #"{"start":{"daysSinceEpoch":20454},"anchorDay":1,"months":0,"renewal":"autoRenew"}"#
            #expect(throws: BillingError.invalidCommitment(months: 0)) {
                try JSONDecoder().decode(ContractTerm.self, from: Data(bad.utf8))
            }
        }

        @Test("I6 currency codes are case-insensitive and carry their exponent", arguments: [
            ("usd", "USD", 2), ("JPY", "JPY", 0), ("KWD", "KWD", 3), ("CLF", "CLF", 4), ("eur", "EUR", 2),
        ])
        func currency(code: String, normalized: String, exponent: Int) throws {
            let currency = try Currency(code: code)
            #expect(currency.code == normalized)
            #expect(currency.minorUnitExponent == exponent)
        }

        @Test("R22 amounts print with the currency's decimals", arguments: [
            ("USD", Int64(123_45), "123.45"), ("USD", 5, "0.05"), ("USD", -5, "-0.05"), ("JPY", 500, "500"),
            ("KWD", 12_345, "12.345"), ("USD", 0, "0.00"),
        ])
        func decimal(code: String, minor: Int64, text: String) throws {
            #expect(try Currency(code: code).decimalString(minorUnits: minor) == text)
        }
    }
}
