extension Invoice {
    /// The invoice's lines as export rows, for ``ReportFormat/render(_:)``.
    /// - Complexity: O(lines).
    public var rows: [InvoiceRow] { lines.map { InvoiceRow(invoice: self, line: $0) } }
}
