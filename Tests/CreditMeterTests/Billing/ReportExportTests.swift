import CreditMeter
import Testing

extension BillingTests {
    /// R21, R22: CSV with RFC 4180 quoting and JSON with sorted, stable keys.
    @Suite("R21 report export")
    struct ReportExportTests {
        @Test("R21 CSV quoting", arguments: [
            ("plain", "plain"),
            ("", ""),
            ("a,b", "\"a,b\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("line\nbreak", "\"line\nbreak\""),
            ("cr\r\nlf", "\"cr\r\nlf\""),
            (" padded", "\" padded\""),
            ("trailing ", "\"trailing \""),
            ("in side", "in side"),
        ])
        func quoting(field: String, written: String) {
            #expect(CSVWriter.quoted(field) == written)
        }

        /// Found by a review: feature keys are catalog data, and a key a spreadsheet reads as
        /// a formula ran as one. Such text gets a leading apostrophe; numbers stay as they are.
        @Test("R21 CSV text that would be a formula is written as text", arguments: [
            ("=1+2", "'=1+2"), ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"), ("a=b", "a=b"), ("", ""), ("\r\n=cmd", "'\r\n=cmd"), ("=\u{301}1", "'=\u{301}1"),
        ])
        func formulaText(text: String, field: String) {
            #expect(ReportValue.text(text).csvField == field)
            #expect(ReportValue.integer(-2).csvField == "-2")
        }

        static let entries = [
            UsageLogEntry(day: BillingFixtures.day(2026, 3, 15), feature: "ai, \"agent\"", creditsPerAction: 10, timesRun: 4, creditsUsed: 40),
            UsageLogEntry(day: BillingFixtures.day(2026, 3, 16), feature: "enrich", creditsPerAction: 5, timesRun: 3, creditsUsed: 15),
        ]

        @Test("R21 usage log as CSV")
        func usageLogCSV() throws {
            let expected = [
                "day,feature,credits_per_action,times_run,credits_used",
                #"2026-03-15,"ai, ""agent""",10,4,40"#,
                "2026-03-16,enrich,5,3,15",
            ]
            #expect(try ReportFormat.csv.render(Self.entries) == expected.map { $0 + "\r\n" }.joined())
        }

        @Test("R21 usage log as JSON, keys sorted")
        func usageLogJSON() throws {
            let expected = #"[{"credits_per_action":10,"credits_used":40,"day":"2026-03-15","feature":"ai, \"agent\"","times_run":4},"#
                + #"{"credits_per_action":5,"credits_used":15,"day":"2026-03-16","feature":"enrich","times_run":3}]"#
            #expect(try ReportFormat.json.render(Self.entries) == expected)
        }

        @Test("R21 an absent cap is empty in CSV and null in JSON")
        func summaryCap() throws {
            let period = UsagePeriod(start: BillingFixtures.day(2026, 3, 1), end: BillingFixtures.day(2026, 4, 1))
            let summary = UsageSummary(period: period, monthlyLimit: 6_000, cap: nil, usage: 12)
            #expect(try ReportFormat.csv.render([summary])
                == "period_start,period_end,monthly_limit,cap,usage\r\n2026-03-01,2026-04-01,6000,,12\r\n")
            #expect(try ReportFormat.json.render([summary])
                == #"[{"cap":null,"monthly_limit":6000,"period_end":"2026-04-01","period_start":"2026-03-01","usage":12}]"#)
        }

        @Test("R21 every row type has one value per column", arguments: [
            (UsageLogEntry.columns.count, ReportExportTests.entries[0].values.count),
            (DailyUsage.columns.count, DailyUsage(day: BillingFixtures.day(2026, 1, 1), creditsUsed: 1).values.count),
            (FeatureUsage.columns.count, FeatureUsage(feature: "f", timesRun: 1, creditsUsed: 1).values.count),
        ])
        func columnCounts(columns: Int, values: Int) {
            #expect(columns == values)
        }
    }
}
