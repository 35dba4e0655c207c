/// Number formatting for the tables, without Foundation's locale machinery.
enum Format {
    /// `value` with exactly `digits` decimals.
    /// - Parameters:
    ///   - value: the number.
    ///   - digits: decimals, 0...9.
    /// - Returns: the text, e.g. `12.35`.
    static func fixed(_ value: Double, _ digits: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        let whole = (scaled / scale).rounded(.towardZero)
        let fraction = Int(scaled - whole * scale)
        let sign = value < 0 && scaled > 0 ? "-" : ""
        guard digits > 0 else { return sign + String(Int(whole)) }
        let fractionText = String(fraction)
        return sign + String(Int(whole)) + "."
            + String(repeating: "0", count: digits - fractionText.count) + fractionText
    }

    /// Operations per second in millions, three significant-ish digits.
    /// - Parameter opsPerSecond: the throughput.
    /// - Returns: e.g. `48.2`.
    static func mops(_ opsPerSecond: Double) -> String {
        let mops = opsPerSecond / 1e6
        return fixed(mops, mops >= 100 ? 0 : (mops >= 10 ? 1 : (mops >= 0.1 ? 2 : 4)))
    }

    /// `text` padded with spaces to `width`, on the left when `right` is true.
    /// - Parameters:
    ///   - text: the cell.
    ///   - width: the column width.
    ///   - right: right-align (numbers).
    /// - Returns: the padded cell.
    static func pad(_ text: String, _ width: Int, right: Bool) -> String {
        let fill = String(repeating: " ", count: max(0, width - text.count))
        return right ? fill + text : text + fill
    }
}
