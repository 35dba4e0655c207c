/// One invoice line with its invoice's identity, flat for export (R22).
public struct InvoiceRow: Sendable, Hashable, ReportRow {
    /// The invoice the line is on.
    public let invoice: Invoice
    /// The line.
    public let line: InvoiceLine

    /// Creates a row.
    /// - Parameters:
    ///   - invoice: the invoice.
    ///   - line: one of its lines.
    public init(invoice: Invoice, line: InvoiceLine) {
        self.invoice = invoice
        self.line = line
    }

    /// The invoice's kind, period, status (`final` once the period has closed, else
    /// `draft`: see ``Invoice/isFinal``) and currency, then the line's numbers;
    /// `amount_minor_units` is
    /// `round_half_up(quantity × rate_minor_units × days_charged / (rate_per × period_days))`.
    public static let columns = [
        "invoice", "period_start", "period_end", "status", "currency", "minor_unit_exponent",
        "line", "day", "quantity", "rate_minor_units", "rate_per", "days_charged", "period_days", "amount_minor_units",
    ]

    /// The values, dates as `YYYY-MM-DD`.
    public var values: [ReportValue] {
        [.text(invoice.kind.rawValue), .text(invoice.period.start.description), .text(invoice.period.end.description),
         .text(invoice.isFinal ? "final" : "draft"), .text(invoice.currency.code), .integer(Int64(invoice.currency.minorUnitExponent)),
         .text(line.kind.rawValue), .text(line.day.description), .integer(line.quantity), .integer(line.rateMinorUnits),
         .integer(line.ratePer), .integer(Int64(line.daysCharged)), .integer(Int64(line.periodDays)),
         .integer(line.amountMinorUnits)]
    }
}
